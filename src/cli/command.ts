// What a command is. Each command lives in its own file (src/cli/<command>.ts) and is listed once
// in commands.ts. Two kinds:
// - a tool runs and returns an exit code (config check, admin, produce, consume, shutdown);
// - a role command builds long-running services from the configuration of one or more roles
//   (namesrv, broker, all-in-one); main.ts starts them, waits for a signal, stops them in reverse.
import type { Logger } from "../common/index.ts";
import type { Role, RoleConfigs } from "../common/config/index.ts";

/** Something main.ts starts and later stops: a name server, a broker, a console. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Stops accepting work, finishes or fails what is in flight, releases files and sockets. */
  stop(): Promise<void>;
}

export interface CliOption {
  /** As cac spells it: "-t, --topic <topic>", "--count <n>", "--verbose". */
  readonly flags: string;
  readonly description: string;
}

/** Where a command prints: stdout and stderr in main.ts, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export type Options = Readonly<Record<string, unknown>>;

export interface ToolCommand {
  readonly kind: "tool";
  readonly name: string;
  /** Positional arguments as cac spells them, e.g. "<action>" or "[topic]". */
  readonly args?: string;
  readonly description: string;
  readonly options?: readonly CliOption[];
  /** Multi-letter short flags as the tool's model writes them (mqadmin's -bn), each to the long
   *  flag it is read as; replaced before parsing. */
  readonly rawFlags?: Readonly<Record<string, string>>;
  /** Lines shown under "Examples:" in `mq <command> --help`. */
  readonly examples?: readonly string[];
  run(args: readonly string[], options: Options, io: Io): Promise<number>;
  /**
   * `mq <command> <args> --help` where the arguments call for more specific help than the option
   * list (admin: a subcommand's usage): prints it and returns the exit code; undefined otherwise.
   */
  help?(args: readonly string[], io: Io): number | undefined;
}

export type RoleConfigsOf<R extends Role> = { readonly [K in R]: RoleConfigs[K] };

export interface RoleCommand<R extends Role = Role> {
  readonly kind: "role";
  readonly name: string;
  readonly description: string;
  /** Whose configuration the command loads; -c, -p and --key=value apply to all of them. */
  readonly roles: readonly R[];
  readonly options?: readonly CliOption[];
  /** Embedded defaults that sit below -c FILE, the environment and --key=value. */
  presets?(options: Options): { key: string; value: string }[];
  /** Keys that, written without a role prefix, set only these roles. */
  readonly unprefixed?: Readonly<Record<string, readonly Role[]>>;
  build(configs: RoleConfigsOf<R>, log: Logger, options: Options): Service[] | Promise<Service[]>;
}

export type CliCommand = ToolCommand | RoleCommand<"broker"> | RoleCommand<"namesrv"> | RoleCommand<Role>;

/** Exit codes: 2 is a usage or configuration error, as for most Unix tools. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
