// The command line: finds the command, checks its options, loads a role command's configuration,
// runs a tool. Prints through Io and returns what main.ts should do next; never exits itself.
import { cac, type CAC, type Command } from "cac";
import { createLogger, MQ_VERSION, type FileLogger, type LogLevel } from "../common/index.ts";
import { allKeyNames, didYouMean, type Role } from "../common/config/index.ts";
import { AclFileError } from "../auth/index.ts";
import { splitArgs } from "./args.ts";
import { commands } from "./commands.ts";
import { EXIT_OK, EXIT_USAGE, type CliCommand, type Io, type RoleCommand, type Service } from "./command.ts";
import { loadRoleConfigs, roleArgs, type Setting } from "./role-config.ts";
import { versionText } from "./version.ts";

export type CliOutcome =
  | { kind: "exit"; code: number }
  /** A role command: main.ts starts these services in order and stops them in reverse. */
  | { kind: "serve"; services: Service[]; log: FileLogger };

export interface CliEnv {
  io: Io;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the log goes besides the file. */
  stdout: (line: string) => void;
}

const ROLE_OPTIONS = [
  { flags: "-c, --config <file>", description: "read configuration from a .properties file" },
  { flags: "-p, --print-config", description: "print the effective configuration and where each value came from" },
];
const NAMESRV_OPTION = { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port" };

function register(cli: CAC, command: CliCommand): Command {
  const rawName = command.kind === "tool" && command.args ? `${command.name} ${command.args}` : command.name;
  const c = cli.command(rawName, command.description).allowUnknownOptions();
  if (command.kind === "role") {
    for (const o of ROLE_OPTIONS) c.option(o.flags, o.description);
    if ((command.roles as readonly Role[]).includes("broker")) c.option(NAMESRV_OPTION.flags, NAMESRV_OPTION.description);
    c.example("  any configuration key as --key=value, e.g. --listenPort=10911 (see conf/*.properties)");
  }
  for (const o of command.options ?? []) c.option(o.flags, o.description);
  for (const e of command.kind === "tool" ? (command.examples ?? []) : []) c.example(`  ${e}`);
  return c;
}

/** A command that takes -v itself (mq admin's -v value) gets it; others, and mq alone, read -v as --version. */
const takesV = (name: string | undefined): boolean =>
  commands.some((c) => c.name === name && (c.options ?? []).some((o) => /^-v[ ,]/.test(o.flags)));

function build(forCommand?: string): { cli: CAC; byName: Map<string, [CliCommand, Command]> } {
  const cli = cac("mq");
  const byName = new Map<string, [CliCommand, Command]>();
  for (const command of commands) byName.set(command.name, [command, register(cli, command)]);
  // Help and version are printed here rather than by cac: a command may have more specific help
  // (admin's subcommands), and cac's version line names Node's version, not Bun's.
  cli.option("-h, --help", "Display this message");
  if (takesV(forCommand)) cli.option("--version", "Display mq's version, the Bun version and the commit it was built from");
  else cli.option("-v, --version", "Display mq's version, the Bun version and the commit it was built from");
  cli.globalCommand.helpCallback = (sections) => [{ body: `mq ${MQ_VERSION}` }, ...sections.slice(1)];
  return { cli, byName };
}

function usageError(io: Io, errors: readonly string[], helpFor: string): CliOutcome {
  for (const e of errors) io.err(`mq: ${e}\n`);
  io.err(`Run \`mq ${helpFor}--help\` for usage.\n`);
  return { kind: "exit", code: EXIT_USAGE };
}

function unknownCommand(name: string, known: readonly string[]): string {
  const suggestion = didYouMean(name, [...known, "help"]);
  return `unknown command ${name}${suggestion === "" ? `; the commands are ${known.join(", ")}` : suggestion}`;
}

/** `mq <command> [args] --help`: the command's own help for these arguments, else cac's option list. */
function showHelp(command: CliCommand | undefined, cacCommand: Command, args: readonly string[], io: Io): number {
  const code = command?.kind === "tool" ? command.help?.(args, io) : undefined;
  if (code !== undefined) return code;
  cacCommand.outputHelp();
  return EXIT_OK;
}

/** Why positional arguments are wrong for a command that takes none, or undefined when there are none. */
function strayArguments(command: CliCommand, args: readonly string[]): string | undefined {
  if (args.length === 0 || (command.kind === "tool" && command.args !== undefined)) return undefined;
  const setting = args.find((a) => allKeyNames().includes(a.split("=")[0] ?? "") && a.includes("="));
  const hint = command.kind === "role" && setting !== undefined ? `; write a configuration key as --key=value: --${setting}` : "";
  return `${command.name} takes no arguments, got ${args.map((a) => JSON.stringify(a)).join(" ")}${hint}`;
}

export async function runCli(rawArgv: readonly string[], ctx: CliEnv): Promise<CliOutcome> {
  // `mq help [command [subcommand]]` is `mq [command [subcommand]] --help`.
  const helpFor = rawArgv.findIndex((a) => a !== "help");
  const argv = rawArgv[0] === "help" ? [...rawArgv.slice(helpFor < 0 ? rawArgv.length : helpFor), "--help"] : rawArgv;
  const name = argv.find((a) => !a.startsWith("-"));
  const { cli, byName } = build(name);
  const entry = name === undefined ? undefined : byName.get(name);
  if (name !== undefined && entry === undefined) return usageError(ctx.io, [unknownCommand(name, [...byName.keys()])], "");
  const [command, cacCommand] = entry ?? [undefined, cli.globalCommand];
  const declared = (n: string) => cacCommand.hasOption(n) !== undefined || cli.globalCommand.hasOption(n) !== undefined;
  const longNames = [...cacCommand.options, ...cli.globalCommand.options]
    .flatMap((o) => o.rawName.split(",").map((s) => s.trim().split(" ")[0] ?? ""))
    .filter((s) => s.startsWith("--")).map((s) => s.slice(2));
  const rawFlags = command?.kind === "tool" ? command.rawFlags : undefined;
  const split = splitArgs(rawFlags ? argv.map((a) => rawFlags[a] ?? a) : argv, declared, longNames, command?.kind === "role");
  if (split.errors.length > 0) return usageError(ctx.io, split.errors, command ? `${command.name} ` : "");
  const parsed = cli.parse(["mq", "mq", ...split.forCac], { run: false });
  if (parsed.options.help === true) return { kind: "exit", code: showHelp(command, cacCommand, parsed.args, ctx.io) };
  if (parsed.options.version === true && (command === undefined || cacCommand.hasOption("v") === undefined)) {
    ctx.io.out(versionText());
    return { kind: "exit", code: EXIT_OK };
  }
  if (command === undefined) {
    cli.outputHelp();
    return usageError(ctx.io, ["a command is required"], "");
  }
  const stray = strayArguments(command, parsed.args);
  if (stray !== undefined) return usageError(ctx.io, [stray], `${command.name} `);
  if (command.kind === "tool") return { kind: "exit", code: await command.run(parsed.args, parsed.options, ctx.io) };
  return startRole(command, parsed.options, split.settings, ctx);
}

function logFile(logsDir: string, name: string): string | undefined {
  return logsDir === "" ? undefined : `${logsDir.replace(/\/+$/, "")}/${name}.log`;
}

async function startRole(
  command: RoleCommand, options: Readonly<Record<string, unknown>>, settings: readonly Setting[], ctx: CliEnv,
): Promise<CliOutcome> {
  const presets = command.presets === undefined ? undefined : { label: command.name, settings: command.presets(options) };
  const outcome = loadRoleConfigs(command.roles, { ...roleArgs(options, settings), presets, unprefixed: command.unprefixed },
    ctx.env);
  if (outcome.kind !== "ok") for (const n of outcome.notices) ctx.io.err(`mq: notice: ${n}\n`);
  if (outcome.kind === "error") {
    for (const e of outcome.errors) ctx.io.err(`mq: ${e}\n`);
    return { kind: "exit", code: EXIT_USAGE };
  }
  if (outcome.kind === "print") {
    ctx.io.out(outcome.text);
    return { kind: "exit", code: EXIT_OK };
  }
  const first = Object.values(outcome.configs)[0] as { logLevel: LogLevel; logsDir: string };
  const log = createLogger({ level: first.logLevel, write: ctx.stdout, file: logFile(first.logsDir, command.name) });
  for (const n of outcome.notices) log.warn(n);
  try {
    const services = await command.build(outcome.configs, log, options);
    return { kind: "serve", services, log };
  } catch (e) {
    // A file the role reads at start (plain_acl.yml) that is wrong: its line and key, no stack.
    if (!(e instanceof AclFileError)) throw e;
    ctx.io.err(`mq: ${e.message}\n`);
    await log.close?.();
    return { kind: "exit", code: EXIT_USAGE };
  }
}
