// The configuration of a role command: -c FILE, -n ADDR, -p, and every config key as --key=value,
// merged over the environment by src/common/config. Returns what to do; run.ts prints.
import {
  formatConfig, loadConfig, type Loaded, type Role,
} from "../common/config/index.ts";
import type { Options, RoleConfigsOf } from "./command.ts";

export interface Setting { readonly key: string; readonly value: string }

/** What a role command was given on the command line, besides its own options. */
export interface RoleArgs {
  /** -c, --config FILE */
  readonly config?: string;
  /** -n, --namesrv-addr ADDR: the same as --namesrvAddr=ADDR. */
  readonly namesrvAddr?: string;
  /** -p, --print-config */
  readonly printConfig?: boolean;
  /** --key=value settings in command-line order. */
  readonly settings: readonly Setting[];
  /** The command's embedded defaults, below the file (all-in-one's ports and data directory). */
  readonly presets?: { readonly label: string; readonly settings: readonly Setting[] };
  /** Keys that, unprefixed, set only some roles (see ConfigInput.unprefixed). */
  readonly unprefixed?: Readonly<Record<string, readonly Role[]>>;
}

export type RoleConfigOutcome<R extends Role> =
  | { kind: "ok"; configs: RoleConfigsOf<R>; notices: string[] }
  | { kind: "print"; text: string; notices: string[] }
  | { kind: "error"; errors: string[]; notices: string[] };

/** Reads -c, -n and -p from cac's parsed options; the settings come from splitArgs. */
export function roleArgs(options: Options, settings: readonly Setting[]): RoleArgs {
  const text = (v: unknown) => (v === undefined || v === true ? undefined : String(v));
  return {
    config: text(options.config),
    namesrvAddr: text(options.namesrvAddr),
    printConfig: options.printConfig === true,
    settings,
  };
}

export function loadRoleConfigs<R extends Role>(
  roles: readonly R[], args: RoleArgs, env: Readonly<Record<string, string | undefined>>,
): RoleConfigOutcome<R> {
  const flags = [...args.settings];
  if (args.namesrvAddr !== undefined) flags.unshift({ key: "namesrvAddr", value: args.namesrvAddr });
  const outcome = loadConfig(roles, { file: args.config, env, flags, presets: args.presets, unprefixed: args.unprefixed });
  if (!outcome.ok) return { kind: "error", errors: outcome.errors, notices: outcome.notices };
  if (args.printConfig) {
    const several = roles.length > 1;
    const text = roles.map((role) => {
      const loaded = outcome.roles[role] as Loaded<Role>;
      const body = formatConfig(role, loaded, several ? `${role}.` : "");
      return several ? `# ---- ${role} ----\n${body}` : body;
    }).join("\n");
    return { kind: "print", text, notices: outcome.notices };
  }
  const configs: Partial<Record<Role, unknown>> = {};
  for (const role of roles) configs[role] = outcome.roles[role].config;
  return { kind: "ok", configs: configs as RoleConfigsOf<R>, notices: outcome.notices };
}

/** One role's configuration: `loadRoleConfig("broker", args, process.env)`. */
export function loadRoleConfig<R extends Role>(
  role: R, args: RoleArgs, env: Readonly<Record<string, string | undefined>>,
): RoleConfigOutcome<R> {
  return loadRoleConfigs([role], args, env);
}
