// `mq admin <subcommand> [-n namesrv] [flags]`: mqadmin's most used subcommands, with its names
// (case-insensitive), flags and tables. -n or NAMESRV_ADDR names the name servers. Unlike
// mqadmin, a failure exits non-zero: 1 when the cluster said no, 2 for a usage error.
import { adminContext, AdminError } from "../admin/index.ts";
import { silentLogger } from "../common/index.ts";
import { didYouMean } from "../common/config/index.ts";
import { RemotingClient } from "../remoting/index.ts";
import { subcommands, UsageError } from "./admin-subcommands.ts";
import { CREDENTIAL_FLAGS, credentialsOf } from "./credentials.ts";
import { readFlags } from "./tool-flags.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";

const LETTERS = "tcbrwpousgqdmiakefv";

function listing(): string {
  return `The most commonly used mq admin commands are:\n${subcommands.map((s) => `   ${s.name.padEnd(35)}${s.description}\n`).join("")}` +
    "\nSee 'mq admin help <subcommand>' for more information on a specific command.\n";
}

const find = (name: string | undefined) => subcommands.find((s) => s.name.toLowerCase() === name?.toLowerCase());

function unknown(name: string, io: Io): number {
  io.err(`mq admin: unknown subcommand ${name}${didYouMean(name, subcommands.map((s) => s.name))}\n${listing()}`);
  return EXIT_USAGE;
}

/** `mq admin help [sub]`, `mq admin [sub] --help`: the subcommand's usage, or the list of them. */
function help(args: readonly string[], io: Io): number {
  const name = args[0];
  if (name === undefined) {
    io.out(`usage: mq admin <subcommand> [-n <namesrvAddr>] [flags]   (-n defaults to NAMESRV_ADDR)\n\n${listing()}`);
    return EXIT_OK;
  }
  const sub = find(name);
  if (sub === undefined) return unknown(name, io);
  io.out(`usage: mq admin ${sub.name} [-n <namesrvAddr>] ${sub.usage}\n`);
  return EXIT_OK;
}

async function run(args: readonly string[], options: Options, io: Io): Promise<number> {
  const name = args[0];
  if (name === undefined) {
    io.out(listing());
    return EXIT_USAGE;
  }
  if (name.toLowerCase() === "help") return help(args.slice(1), io);
  const sub = find(name);
  if (!sub) return unknown(name, io);
  const namesrv = typeof options.namesrvAddr === "string" ? options.namesrvAddr : process.env.NAMESRV_ADDR;
  if (!namesrv && sub.needsNamesrv !== false) {
    io.err("mq admin: no name server: pass -n host:port or set NAMESRV_ADDR\n");
    return EXIT_USAGE;
  }
  const signing = readFlags("mq admin", io, () => ({ credentials: credentialsOf(options) }));
  if (signing === undefined) return EXIT_USAGE;
  const client = new RemotingClient({ log: silentLogger, credentials: signing.credentials });
  try {
    await sub.run(adminContext(client, namesrv ?? ""), options, io);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mq admin ${sub.name}: ${e.message}\nusage: mq admin ${sub.name} [-n <namesrvAddr>] ${sub.usage}\n`);
      return EXIT_USAGE;
    }
    io.err(`mq admin ${sub.name}: ${e instanceof AdminError || e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  } finally {
    client.close();
  }
}

export const adminCommand: ToolCommand = {
  kind: "tool",
  name: "admin",
  args: "[subcommand] [name]",
  description: "mqadmin's subcommands: mq admin updateTopic -n host:9876 -t T -c DefaultCluster",
  options: [
    { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port (default: NAMESRV_ADDR)" },
    ...CREDENTIAL_FLAGS,
    ...[...LETTERS].map((l) => ({ flags: `-${l} [value]`, description: "subcommand flag, as mqadmin's (see mq admin help <subcommand>)" })),
    { flags: "--brokerName [name]", description: "electMaster's -bn (mqadmin's two-letter flag)" },
  ],
  rawFlags: { "-bn": "--brokerName" },
  run,
  help,
};
