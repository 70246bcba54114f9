// `mq shutdown namesrv|broker|all-in-one|controller [--pid N] [--port N] [--store DIR]`: stops the running mq
// processes of that role on this machine, as RocketMQ's mqshutdown does: find them by command
// line, send SIGTERM (a clean stop: in-flight requests answered, store flushed, checkpoint
// written), and wait until they are gone. Without a filter every process of the role is stopped
// (mqshutdown's default); --pid, --port (one it listens on) and --store (its storePathRootDir)
// narrow that to the processes matching all of them. Each process is printed with its ports and
// store as /proc shows them (see local-processes.ts), before it is signalled.
import { realpathSync } from "node:fs";
import { basename, resolve } from "node:path";
import { didYouMean } from "../common/config/index.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { roleProcesses, type LocalProcess } from "./local-processes.ts";
import { intFlag, readFlags, stringFlag } from "./tool-flags.ts";

const TARGETS = ["namesrv", "broker", "all-in-one", "controller"] as const;
const WAIT_MS_MAX = 60_000;

interface Filter {
  pid: number | undefined;
  port: number | undefined;
  /** Canonical path. */
  store: string | undefined;
  /** As the user wrote them, for messages: "--port 10911". */
  text: string;
}

const canonical = (dir: string): string => {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir); // no such directory: matches nothing, said so below
  }
};

function filterOf(o: Options): Filter {
  const pid = o.pid === undefined ? undefined : intFlag(o, "pid", 0, 1);
  const port = o.port === undefined ? undefined : intFlag(o, "port", 0, 1, 65_535);
  const store = o.store === undefined ? undefined : stringFlag(o, "store", "");
  const text = [pid === undefined ? "" : `--pid ${pid}`, port === undefined ? "" : `--port ${port}`,
    store === undefined ? "" : `--store ${store}`].filter((s) => s !== "").join(" ");
  return { pid, port, store: store === undefined ? undefined : canonical(store), text };
}

const matches = (p: LocalProcess, f: Filter): boolean =>
  (f.pid === undefined || p.pid === f.pid) &&
  (f.port === undefined || (p.ports ?? []).includes(f.port)) &&
  (f.store === undefined || p.store === f.store);

/** "ports 10909, 10911; store /root/store", as far as /proc tells. */
export function describeProcess(p: LocalProcess): string {
  const ports = p.ports === undefined ? `ports unknown (cannot read /proc/${p.pid}/fd as this user)`
    : p.ports.length === 0 ? "no listening port"
    : `port${p.ports.length === 1 ? "" : "s"} ${p.ports.join(", ")}`;
  return p.store === undefined ? ports : `${ports}; store ${p.store}`;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stop(role: string, targets: readonly LocalProcess[], io: Io): Promise<number> {
  const pids = targets.map((p) => p.pid);
  for (const p of targets) {
    io.out(`The mq ${role}(${p.pid}) is running... ${describeProcess(p)}\n`);
    process.kill(p.pid, "SIGTERM");
  }
  const deadline = Date.now() + WAIT_MS_MAX;
  while (pids.some(alive) && Date.now() < deadline) await Bun.sleep(100);
  const stuck = pids.filter(alive);
  for (const pid of pids) {
    io.out(stuck.includes(pid) ? `mq ${role}(${pid}) did not stop within ${WAIT_MS_MAX / 1000} s\n`
      : `Send shutdown request to mq ${role}(${pid}) OK\n`);
  }
  return stuck.length === 0 ? EXIT_OK : EXIT_FAILURE;
}

async function shutdown(args: readonly string[], options: Options, io: Io): Promise<number> {
  const role = args[0] ?? "";
  if (!(TARGETS as readonly string[]).includes(role)) {
    io.err(`mq: shutdown takes one of ${TARGETS.join(", ")}${didYouMean(role, TARGETS)}\n`);
    return EXIT_USAGE;
  }
  const filter = readFlags("mq shutdown", io, () => filterOf(options));
  if (filter === undefined) return EXIT_USAGE;
  const running = roleProcesses(role, basename(process.execPath));
  if (running.length === 0) {
    io.out(`No mq ${role} running.\n`);
    return EXIT_FAILURE;
  }
  const targets = running.filter((p) => matches(p, filter));
  if (targets.length === 0) {
    io.err(`No mq ${role} matches ${filter.text}; running:\n`);
    for (const p of running) io.err(`  mq ${role}(${p.pid}): ${describeProcess(p)}\n`);
    return EXIT_FAILURE;
  }
  return stop(role, targets, io);
}

export const shutdownCommand: ToolCommand = {
  kind: "tool",
  name: "shutdown",
  args: "<role>",
  description: "stop the running namesrv, broker, all-in-one or controller on this machine (SIGTERM, clean stop); " +
    "all of that role unless --pid, --port or --store picks one",
  options: [
    { flags: "--pid <pid>", description: "only the process with this pid" },
    { flags: "--port <port>", description: "only the process listening on this port (e.g. its listenPort)" },
    { flags: "--store <dir>", description: "only the broker whose storePathRootDir is this directory" },
  ],
  run: shutdown,
};
