// Changing a running role's configuration (UPDATE_BROKER_CONFIG 25, UPDATE_NAMESRV_CONFIG 318).
// RocketMQ applies any key a request names and rewrites its config file; that is how
// CVE-2023-33246 and CVE-2023-37582 set rocketmqHome / configStorePath and ran commands. mq takes
// only the keys a role declares as safe to change at run time, refuses every path-like key by
// name (even those), and persists what it took to one file the operator chose at start.
//
// A request is all or nothing: one refused key refuses the whole update.
import { dirname } from "node:path";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { closest } from "./did-you-mean.ts";
import { formatProperty, parseProperties } from "./properties.ts";
import { rocketmqKey } from "./rocketmq-catalog.ts";
import { schemaOf, SECRET_KEYS } from "./schema.ts";
import { parseValue, type ConfigValue, type Role } from "./spec.ts";

/** RocketMQ's configBlackList entries (broker: brokerConfigPath, rocketmqHome, configBlackList;
 *  NameServer: configStorePath, kvConfigPath), refused whatever the role. */
const BLOCKED_KEYS: ReadonlySet<string> = new Set([
  "rocketmqHome", "brokerConfigPath", "configStorePath", "kvConfigPath", "configBlackList",
  "storePathRootDir", "storePathCommitLog", "storePathConsumeQueue", "storePathIndex", "storeCheckpoint", "abortFile",
]);

/** A key that names a file or directory (or the list of such keys): never changed at run time. */
export function isPathLikeKey(key: string): boolean {
  return BLOCKED_KEYS.has(key) || /path|dir$|dirs$|home$|file$|files$/i.test(key);
}

/** A key whose value is a secret (declared so, or named like one: ACL credentials …):
 *  GET_BROKER_CONFIG / GET_NAMESRV_CONFIG leave it out, and it is never changed at run time
 *  (CVE-2024-23321 leaked admin credentials). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key) || /secret|password|credential|token/i.test(key);
}

/** path and secret: RocketMQ's black list (NO_PERMISSION); the others: INVALID_PARAMETER. */
export type UpdateRefusal = "path" | "secret" | "unknown" | "start-only" | "value" | "syntax";

export type ConfigUpdate =
  | { ok: true; values: Readonly<Record<string, ConfigValue>> }
  | { ok: false; refusal: UpdateRefusal; remark: string };

const refuse = (refusal: UpdateRefusal, remark: string): ConfigUpdate => ({ ok: false, refusal, remark });

function knownTo(role: Role, key: string): boolean {
  return key in schemaOf(role) || rocketmqKey(role, key) !== undefined;
}

/** Checks a request body ("key=value" lines, as MixAll.properties2String writes them). */
export function checkConfigUpdate(role: Role, body: string, runtimeKeys: readonly string[]): ConfigUpdate {
  const parsed = parseProperties(body);
  if (!parsed.ok) return refuse("syntax", `the config body is not .properties text: line ${parsed.line}: ${parsed.message}`);
  const config = role === "broker" ? "broker.conf" : "namesrv.properties";
  const values: Record<string, ConfigValue> = {};
  for (const { key, value } of parsed.entries) {
    if (isSecretKey(key)) return refuse("secret", `Can not update config in black list. ${key} holds a secret, which mq never changes at run time; set it in ${config} and restart`);
    if (isPathLikeKey(key)) {
      return refuse("path", `Can not update config in black list. ${key} names a file or directory, which mq never changes at run time ` +
        `(CVE-2023-33246, CVE-2023-37582); set it in ${config} and restart`);
    }
    const spec = schemaOf(role)[key];
    if (!knownTo(role, key)) {
      const near = closest(key, runtimeKeys) ?? closest(key, Object.keys(schemaOf(role)));
      return refuse("unknown", `${key} is not a ${role} configuration key${near === undefined ? "" : `; did you mean ${near}?`} ` +
        `(keys that change at run time: ${runtimeKeys.join(", ")})`);
    }
    if (spec === undefined || !runtimeKeys.includes(key)) {
      return refuse("start-only", `${key} is read at start only; set it in ${config} and restart ` +
        `(keys that change at run time: ${runtimeKeys.join(", ")})`);
    }
    const v = parseValue(spec, value);
    if (!v.ok) return refuse("value", `${key}=${value}: expected ${v.expected}`);
    values[key] = v.value;
  }
  return { ok: true, values };
}

/**
 * The run-time changes kept across restarts, in one .properties file at a path fixed at start
 * (the broker: <storePathRootDir>/config/broker.properties, as RocketMQ's store/config; the
 * NameServer: configStorePath). save() merges and replaces the file atomically (tmp + rename);
 * load() returns the valid run-time keys in it and notices for the rest.
 */
export class RuntimeOverrides {
  constructor(
    readonly file: string,
    private readonly role: Role,
    private readonly runtimeKeys: readonly string[],
  ) {}

  load(): { values: Record<string, ConfigValue>; notices: string[] } {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return { values: {}, notices: [] };
    }
    const parsed = parseProperties(text);
    if (!parsed.ok) return { values: {}, notices: [`${this.file}:${parsed.line}: ${parsed.message}; its run-time changes are not applied`] };
    const values: Record<string, ConfigValue> = {};
    const notices: string[] = [];
    for (const { key, value, line } of parsed.entries) {
      const spec = schemaOf(this.role)[key];
      const v = spec !== undefined && this.runtimeKeys.includes(key) && !isPathLikeKey(key) ? parseValue(spec, value) : undefined;
      if (v?.ok === true) values[key] = v.value;
      else notices.push(`${this.file}:${line}: ${key}=${value} is not a run-time key with a valid value; skipped`);
    }
    return { values, notices };
  }

  save(values: Readonly<Record<string, ConfigValue>>): void {
    const merged = { ...this.load().values, ...values };
    const lines = Object.keys(merged).sort().map((k) => formatProperty(k, String(merged[k])));
    const text = `# Run-time changes (UPDATE_${this.role === "broker" ? "BROKER" : "NAMESRV"}_CONFIG), applied over the configuration at start.\n` +
      `# Delete a line (or the file) to go back to the configured value.\n${lines.join("\n")}\n`;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.file);
  }
}
