// Runs a program in network and pid namespaces of its own: loopback plus one veth with the
// TEST-NET-1 address 192.0.2.2 (so a broker that guesses "the machine's first non-internal
// address" finds one, as on a server with a LAN card), RocketMQ's default ports free whatever runs
// on this machine, and every process started inside killed when the program ends.
import type { Subprocess } from "bun";

export const LAN_ADDRESS = "192.0.2.2";

const SETUP = [
  "ip link set lo up",
  "ip link add mq0 type veth peer name mq1",
  `ip addr add ${LAN_ADDRESS}/24 dev mq0`,
  "ip link set mq1 up",
  "ip link set mq0 up",
].join(" && ");

const UNSHARE = ["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"];

/** Why namespaces cannot be made here, or undefined when they can. */
export function namespacesUnavailable(): string | undefined {
  const probe = Bun.spawnSync([...UNSHARE, "sh", "-c", SETUP], { stdout: "ignore", stderr: "pipe" });
  return probe.exitCode === 0 ? undefined : `unshare/ip failed (${probe.exitCode}): ${probe.stderr.toString().trim()}`;
}

/** Starts argv inside fresh namespaces; sh stays pid 1 there, so ending argv ends everything. */
export function spawnInNamespace(argv: string[], cwd: string): Subprocess<"ignore", "pipe", "pipe"> {
  const quoted = argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  return Bun.spawn([...UNSHARE, "sh", "-c", `${SETUP} && ${quoted}`], {
    cwd, env: { ...process.env }, stdin: "ignore", stdout: "pipe", stderr: "pipe",
  });
}
