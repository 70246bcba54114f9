// `mq shutdown namesrv|broker|all-in-one`: stops the running mq processes of that role on this
// machine, as RocketMQ's mqshutdown does: find them by command line, send SIGTERM (a clean stop:
// in-flight requests answered, store flushed, checkpoint written), and wait until they are gone.
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { didYouMean } from "../common/config/index.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";

const TARGETS = ["namesrv", "broker", "all-in-one"] as const;
const WAIT_MS_MAX = 60_000;

/** Pids of processes started as `<this binary's name> <role> ...`, other than this one. */
export function findRoleProcesses(role: string, exeName = basename(process.execPath)): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone, or not ours to read
    }
    const command = argv.slice(1).find((a) => !a.startsWith("-"));
    if (basename(argv[0] ?? "") === exeName && command === role) pids.push(pid);
  }
  return pids;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function shutdown(args: readonly string[], _options: Options, io: Io): Promise<number> {
  const role = args[0] ?? "";
  if (!(TARGETS as readonly string[]).includes(role)) {
    io.err(`mq: shutdown takes one of ${TARGETS.join(", ")}${didYouMean(role, TARGETS)}\n`);
    return EXIT_USAGE;
  }
  const pids = findRoleProcesses(role);
  if (pids.length === 0) {
    io.out(`No mq ${role} running.\n`);
    return EXIT_FAILURE;
  }
  for (const pid of pids) {
    io.out(`The mq ${role}(${pid}) is running...\n`);
    process.kill(pid, "SIGTERM");
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

export const shutdownCommand: ToolCommand = {
  kind: "tool",
  name: "shutdown",
  args: "<role>",
  description: "stop the running namesrv, broker or all-in-one on this machine (SIGTERM, clean stop)",
  run: shutdown,
};
