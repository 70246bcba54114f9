// `mq config check -c FILE [--role broker|namesrv|controller] [-p]`: loads a .properties file, with
// the environment, as the role(s) would, and prints every error and notice (with -p, the effective
// configuration too). Exit 0 when it would load, 2 when not. mq has no controller: a controller's
// file is checked against RocketMQ's controller keys, each of which has no effect in mq.
import { CHECKED_ROLES, didYouMean, ROLES, type Role } from "../common/config/index.ts";
import { EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { loadRoleConfigs } from "./role-config.ts";

const ACTIONS = [
  { name: "check", usage: "mq config check -c FILE [--role broker|namesrv|controller] [-p]",
    description: "load FILE as the roles would; print every error and notice (-p: the effective configuration)" },
] as const;

function usage(): string {
  return `usage: ${ACTIONS.map((a) => a.usage).join("\n       ")}\nactions:\n` +
    ACTIONS.map((a) => `  ${a.name.padEnd(8)}${a.description}\n`).join("");
}

function usageError(io: Io, message: string): number {
  io.err(`mq config: ${message}\n${usage()}`);
  return EXIT_USAGE;
}

async function run(args: readonly string[], options: Options, io: Io): Promise<number> {
  const action = args[0];
  if (action === undefined) return usageError(io, "an action is required");
  if (!ACTIONS.some((a) => a.name === action)) {
    return usageError(io, `unknown action ${action}${didYouMean(action, ACTIONS.map((a) => a.name))}`);
  }
  if (args.length > 1) return usageError(io, `check takes no further arguments (got ${args.slice(1).join(" ")}); the file goes after -c`);
  if (typeof options.config !== "string") return usageError(io, "check needs the file to check: -c FILE");
  const role = options.role;
  if (role !== undefined && !CHECKED_ROLES.includes(role as Role)) {
    const roles = `${CHECKED_ROLES.slice(0, -1).join(", ")} or ${CHECKED_ROLES.at(-1) ?? ""}`;
    return usageError(io, `--role is ${roles}, not ${String(role)}${didYouMean(String(role), CHECKED_ROLES)}`);
  }
  return check(options.config, role === undefined ? ROLES : [role as Role], options.printConfig === true, io);
}

function check(file: string, roles: readonly Role[], printConfig: boolean, io: Io): number {
  const outcome = loadRoleConfigs(roles, { config: file, printConfig, settings: [] }, process.env);
  for (const n of outcome.notices) io.err(`mq: notice: ${n}\n`);
  if (outcome.kind === "error") {
    for (const e of outcome.errors) io.err(`mq: ${e}\n`);
    return EXIT_USAGE;
  }
  io.out(outcome.kind === "print" ? outcome.text : `${file}: ok for ${roles.join(" and ")}\n`);
  return EXIT_OK;
}

export const configCommand: ToolCommand = {
  kind: "tool",
  name: "config",
  args: "<action>",
  description: "check a configuration file: mq config check -c FILE",
  options: [
    { flags: "-c, --config <file>", description: "the .properties file to check (the environment applies too)" },
    { flags: "--role <role>", description: "broker, namesrv or controller (default: keys of a broker or a name server are accepted)" },
    { flags: "-p, --print-config", description: "print the effective configuration and where each value came from" },
  ],
  examples: [
    "mq config check -c conf/broker-a.properties --role broker   # check (the only action): as the broker would load it",
    "mq config check -c conf/all-in-one.properties -p            # and print the effective configuration",
  ],
  run,
};
