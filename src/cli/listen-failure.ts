// A role's port that cannot be bound, in words a user can act on: which port, the key that sets
// it, why (in use — and by whom, when /proc tells —, privileged, not an address of this machine)
// and what to do.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ListenError } from "../remoting/index.ts";
import { commandLine, listenersOf } from "./local-processes.ts";

/** How the user sets the port that failed. */
export interface PortSetting {
  /** Whose port: "namesrv" or "broker". */
  role: string;
  /** The key as the user writes it: "listenPort", "--namesrv-port". */
  key: string;
  /** How to choose another: "--listenPort=N". */
  flag: string;
}

/** A process holding the port: its pid and command line (undefined when unreadable). */
export interface Holder {
  pid: number;
  argv: string[] | undefined;
}

const MQ_ROLES = ["namesrv", "broker", "all-in-one"];

function unprivilegedPortStart(): number {
  try {
    const n = Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8").trim());
    return Number.isInteger(n) ? n : 1024;
  } catch {
    return 1024;
  }
}

/** Who holds the port and how to free it, ending where "choose another port with …" follows. */
function inUseBy(holder: Holder | undefined, role: string, exeName: string): string {
  if (holder === undefined) {
    return ` — another mq or RocketMQ ${role} running? Stop it (\`mq shutdown ${role}\`) or`;
  }
  const argv = holder.argv ?? [];
  const command = argv.slice(1).find((a) => !a.startsWith("-")) ?? "";
  if (holder.pid === process.pid) return " by this process's other role: the name server and the broker need two ports;";
  if (basename(argv[0] ?? "") === exeName && MQ_ROLES.includes(command)) {
    return ` by mq ${command} (pid ${holder.pid}): stop it with \`mq shutdown ${command} --pid ${holder.pid}\`, or`;
  }
  if (argv.some((a) => a.includes("org.apache.rocketmq"))) {
    return ` by RocketMQ (pid ${holder.pid}): stop it with RocketMQ's mqshutdown, or`;
  }
  const name = argv.length === 0 ? "" : ` (${basename(argv[0] ?? "")})`;
  return ` by pid ${holder.pid}${name}: stop it, or`;
}

/** The message for a ListenError of the port `setting` describes; holders are the processes
 *  listening on that port, as far as they can be told. */
export function listenFailureText(
  err: ListenError, setting: PortSetting, holders: readonly Holder[], exeName = basename(process.execPath),
): string {
  const what = `port ${err.port} (${setting.key})`;
  const other = `choose another port with ${setting.flag}`;
  switch (err.code) {
    case "EADDRINUSE": {
      const holder = holders.find((h) => h.pid !== process.pid) ?? holders[0];
      return `${what} is already in use${inUseBy(holder, setting.role, exeName)} ${other}`;
    }
    case "EACCES": {
      const start = unprivilegedPortStart();
      if (err.port >= start) return `${what}: not permitted to listen (EACCES); ${other}`;
      return `${what} is privileged: ports below ${start} need root or CAP_NET_BIND_SERVICE; ` +
        `choose a port of ${start} or above with ${setting.flag}`;
    }
    case "EADDRNOTAVAIL":
      return `cannot listen at ${err.host}:${err.port}: ${err.host} is not an address of this machine; ` +
        "listen on one of its addresses, or on all of them (0.0.0.0)";
    default:
      return `cannot listen on ${what}${err.code === undefined ? "" : ` (${err.code})`}; ${other}`;
  }
}

/** err as an Error with listenFailureText's message when it is a ListenError; as it is otherwise. */
export function explainListenFailure(err: unknown, setting: PortSetting): unknown {
  if (!(err instanceof ListenError)) return err;
  const holders = err.code === "EADDRINUSE" ? listenersOf(err.port).map((pid) => ({ pid, argv: commandLine(pid) })) : [];
  return new Error(listenFailureText(err, setting, holders));
}
