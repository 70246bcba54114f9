// Loading: defaults < file (-c) < environment < command line, validated once here, then frozen.
// Nothing is printed; errors and notices come back as text for the CLI to show.
//
// A key may carry a role prefix (`namesrv.listenPort`, `broker.listenPort`): it then sets that
// role only. This is how all-in-one.properties gives the two roles different ports.
import { readFileSync } from "node:fs";
import { parseProperties } from "./properties.ts";
import { legacyKeys, schemaOf, type RoleConfigs } from "./schema.ts";
import { CHECKED_ROLES, parseValue, type ConfigValue, type Role } from "./spec.ts";
import { unreadKey } from "./unread-key.ts";
import { inSpans, xmlCommentSpans } from "./xml-comments.ts";

export type Source =
  | { kind: "default"; text?: string }
  | { kind: "file"; path: string; line: number }
  | { kind: "env"; name: string }
  | { kind: "flag" };

export interface ConfigInput {
  /** Path of a .properties file (`-c FILE`). */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line `--key=value` settings, in the order given. */
  flags?: readonly { key: string; value: string }[];
  /** A command's embedded defaults (all-in-one's ports and data directory): above the schema's
   *  defaults, below everything the user gives. Reported as "default (<label>)". */
  presets?: { label: string; settings: readonly { key: string; value: string }[] };
  /** Keys that, written without a role prefix, set only these roles (all-in-one: a broker.properties
   *  `listenPort` is the broker's; the name server's port is `namesrv.listenPort`). */
  unprefixed?: Readonly<Record<string, readonly Role[]>>;
}

type Scopes = Readonly<Record<string, readonly Role[]>>;

export interface Loaded<R extends Role> {
  config: RoleConfigs[R];
  sources: Readonly<Record<string, Source>>;
}

export type LoadOutcome<R extends Role> =
  | { ok: true; roles: { [K in R]: Loaded<K> }; notices: string[] }
  | { ok: false; errors: string[]; notices: string[] };

interface Assignment { key: string; value: string; source: Source }
interface Setting { value: ConfigValue; source: Source }

export function describeSource(source: Source): string {
  switch (source.kind) {
    case "default": return source.text === undefined ? "default" : `default (${source.text})`;
    case "file": return `${source.path}:${source.line}`;
    case "env": return `env ${source.name}`;
    case "flag": return "command line";
  }
}

function where(a: Assignment): string {
  return a.source.kind === "flag" ? `command line --${a.key}` : `${describeSource(a.source)}: ${a.key}`;
}

function fileAssignments(path: string, errors: string[], notices: string[]): Assignment[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    errors.push(`cannot read config file ${path}: ${(e as Error).message}`);
    return [];
  }
  const parsed = parseProperties(text);
  if (!parsed.ok) {
    errors.push(`${path}:${parsed.line}: ${parsed.message}`);
    return [];
  }
  const comments = xmlCommentSpans(text);
  for (const { first, last } of comments) {
    notices.push(`${path}:${first}-${last}: an XML comment (<!-- … -->), which .properties does not have; skipped`);
  }
  const entries = parsed.entries.filter((e) => !inSpans(e.line, comments));
  const firstLine = new Map<string, number>();
  for (const { key, line } of entries) {
    const earlier = firstLine.get(key);
    if (earlier !== undefined) notices.push(`${path}:${line}: ${key} is also set on line ${earlier}; line ${line} wins`);
    firstLine.set(key, line);
  }
  return entries.map((e) => ({ key: e.key, value: e.value, source: { kind: "file", path, line: e.line } }));
}

function envAssignments(roles: readonly Role[], env: Readonly<Record<string, string | undefined>>): Assignment[] {
  const out = new Map<string, Assignment>();
  for (const role of roles) {
    for (const [key, spec] of Object.entries(schemaOf(role))) {
      const value = spec.env === undefined ? undefined : env[spec.env];
      if (spec.env !== undefined && value !== undefined && value !== "") {
        out.set(key, { key, value, source: { kind: "env", name: spec.env } });
      }
    }
  }
  return [...out.values()];
}

/** Which roles an assignment sets, under which current key name; reports typos and legacy names. */
function resolveKey(a: Assignment, roles: readonly Role[], scopes: Scopes, errors: string[], notices: string[]) {
  const prefixed = /^(broker|namesrv)\.(.+)$/.exec(a.key);
  let name = prefixed?.[2] ?? a.key;
  const scope = prefixed ? [prefixed[1] as Role] : (scopes[name] ?? CHECKED_ROLES);
  const current = legacyKeys[name];
  if (current !== undefined) {
    notices.push(`${where(a)} is the old spelling of ${current}; read as ${current}`);
    name = current;
  }
  const meantFor = roles.filter((r) => scope.includes(r));
  const targets = meantFor.filter((r) => name in schemaOf(r));
  if (targets.length === 0 && meantFor.length > 0) {
    const unread = unreadKey(name, a.value, where(a), meantFor, roles);
    (unread.kind === "error" ? errors : notices).push(unread.text);
  }
  return { name, targets };
}

function applyAll(roles: readonly Role[], assignments: Assignment[], scopes: Scopes, errors: string[], notices: string[]) {
  const settings = new Map<Role, Map<string, Setting>>(roles.map((r) => [r, new Map()]));
  for (const a of assignments) {
    const { name, targets } = resolveKey(a, roles, scopes, errors, notices);
    let noticed = false;
    for (const role of targets) {
      const spec = schemaOf(role)[name];
      if (spec === undefined) continue;
      const parsed = parseValue(spec, a.value);
      if (!parsed.ok) {
        errors.push(`${where(a)} = "${a.value}": expected ${parsed.expected}`);
        break;
      }
      if (spec.ignored && !noticed) notices.push(`${where(a)} is accepted but has no effect in mq (${spec.description})`);
      noticed = true;
      settings.get(role)?.set(name, { value: parsed.value, source: a.source });
    }
  }
  return settings;
}

function withDefaults<R extends Role>(role: R, given: Map<string, Setting>): Loaded<R> {
  const values: Record<string, ConfigValue> = {};
  const sources: Record<string, Source> = {};
  for (const [key, spec] of Object.entries(schemaOf(role))) {
    const setting = given.get(key);
    if (setting !== undefined) {
      [values[key], sources[key]] = [setting.value, setting.source];
      continue;
    }
    values[key] = typeof spec.default === "function" ? spec.default(values) : spec.default;
    sources[key] = spec.defaultText === undefined ? { kind: "default" } : { kind: "default", text: spec.defaultText };
  }
  // The schema types each key; the values were parsed against those very specs above.
  return { config: Object.freeze(values) as unknown as RoleConfigs[R], sources: Object.freeze(sources) };
}

/** Loads the configuration of one or more roles (all-in-one loads both from the same inputs). */
export function loadConfig<R extends Role>(roles: readonly R[], input: ConfigInput): LoadOutcome<R> {
  const errors: string[] = [];
  const notices: string[] = [];
  const presets = input.presets;
  const assignments = [
    ...(presets?.settings ?? []).map((p): Assignment => ({ ...p, source: { kind: "default", text: presets?.label } })),
    ...(input.file === undefined ? [] : fileAssignments(input.file, errors, notices)),
    ...envAssignments(roles, input.env ?? {}),
    ...(input.flags ?? []).map((f): Assignment => ({ ...f, source: { kind: "flag" } })),
  ];
  const settings = applyAll(roles, assignments, input.unprefixed ?? {}, errors, notices);
  if (errors.length > 0) return { ok: false, errors, notices };
  const loaded: Partial<Record<Role, Loaded<Role>>> = {};
  for (const role of roles) loaded[role] = withDefaults(role, settings.get(role) ?? new Map());
  return { ok: true, roles: loaded as { [K in R]: Loaded<K> }, notices };
}
