// `mq config check -c FILE [--role broker|namesrv|controller] [-p]`: loads a .properties file, with
// the environment, as the role(s) would, and prints every error and notice (with -p, the effective
// configuration too). Exit 0 when it would load, 2 when not. mq has no controller: a controller's
// file is checked against RocketMQ's controller keys, each of which has no effect in mq.
import { CHECKED_ROLES, didYouMean, ROLES, type Role } from "../common/config/index.ts";
import { EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { loadRoleConfigs } from "./role-config.ts";

function rolesFrom(option: unknown): readonly Role[] | undefined {
  if (option === undefined) return ROLES;
  return CHECKED_ROLES.includes(option as Role) ? [option as Role] : undefined;
}

async function check(args: readonly string[], options: Options, io: Io): Promise<number> {
  if (args[0] !== "check") {
    io.err(`mq: unknown config action ${args[0]}${didYouMean(args[0] ?? "", ["check"])}; the only one is check\n`);
    return EXIT_USAGE;
  }
  const roles = rolesFrom(options.role);
  if (typeof options.config !== "string" || roles === undefined) {
    io.err("mq: config check needs -c FILE, and --role is broker, namesrv or controller\n");
    return EXIT_USAGE;
  }
  const outcome = loadRoleConfigs(roles, { config: options.config, printConfig: options.printConfig === true, settings: [] },
    process.env);
  for (const n of outcome.notices) io.err(`mq: notice: ${n}\n`);
  if (outcome.kind === "error") {
    for (const e of outcome.errors) io.err(`mq: ${e}\n`);
    return EXIT_USAGE;
  }
  io.out(outcome.kind === "print" ? outcome.text : `${options.config}: ok for ${roles.join(" and ")}\n`);
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
  run: check,
};
