// The partition scenario, run inside network and pid namespaces of its own (controller-partition
// .test.ts starts it there): the NameServer, the controller, two slaves and the load stay in this
// namespace (10.9.0.2); the master runs in one more, joined to this one by a veth pair (10.9.0.1).
// Setting the veth down cuts the master off from everything. Prints one JSON line, {"result":…}.
import { join } from "node:path";
import { readlinkSync, writeFileSync } from "node:fs";
import { admin, killAll, ROOT, spawnProc, type Proc } from "./harness.ts";
import { consumeAll, startControllerGroup, steadyLoad } from "./controller-group.ts";

const [HERE, ISOLATED] = ["10.9.0.2", "10.9.0.1"];
const BUN = process.execPath;

function sh(cmd: string[]): void {
  const r = Bun.spawnSync(cmd, { stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${cmd.join(" ")}: ${r.stderr.toString()}`);
}

let isolatedPid = 0;
/** Broker 0 in a network namespace of its own, its veth end moved in before it starts. */
function isolatedBroker(argv: string[], dir: string): Proc {
  const ready = join(dir, "veth-ready");
  const setup = `while [ ! -e ${ready} ]; do sleep 0.05; done; ip link set lo up && ip addr add ${ISOLATED}/24 dev mqa && ip link set mqa up && exec "$0" "$@"`;
  const proc = spawnProc("broker-0", ["unshare", "--net", "sh", "-c", setup, ...argv], { cwd: dir });
  isolatedPid = proc.child.pid;
  // The veth end can move in only once the child has its own network namespace (unshare(2) done).
  const own = readlinkSync("/proc/self/ns/net");
  for (let i = 0; readlinkSync(`/proc/${isolatedPid}/ns/net`) === own; i++) {
    if (i > 200) throw new Error("the isolated broker never got a network namespace of its own");
    Bun.sleepSync(10);
  }
  sh(["ip", "link", "add", "mqb", "type", "veth", "peer", "name", "mqa", "netns", String(isolatedPid)]);
  sh(["ip", "addr", "add", `${HERE}/24`, "dev", "mqb"]);
  sh(["ip", "link", "set", "mqb", "up"]);
  writeFileSync(ready, "");
  return proc;
}

const group = await startControllerGroup(3, { adminAllowedAddresses: "*" }, {
  host: HERE, brokerHost: (i) => (i === 0 ? ISOLATED : HERE), spawnBroker: (i, argv, dir) => (i === 0 ? isolatedBroker(argv, dir) : undefined),
});
try {
  for (let i = 0; i < 3; i++) await group.start(i);
  const old = await group.awaitMaster();
  if (old.index !== 0) throw new Error(`broker 0 should be the first master, not ${old.addr}`);
  await group.awaitSyncStateSet(3);
  const created = await admin(group.namesrvAddr, ["updateTopic", "-t", "PartitionTopic", "-c", "DefaultCluster", "-r", "4", "-w", "4"]);
  if (created.code !== 0) throw new Error(created.out);
  for (const b of group.brokers.slice(1)) await b.proc?.waitFor(/topics synced from the master/);
  const load = await steadyLoad(group, "PartitionTopic", 4, "m", 10);
  while (load.acked.size < 200) await Bun.sleep(20);
  const cutAtMs = Date.now();
  sh(["ip", "link", "set", "mqb", "down"]);
  const next = await group.awaitMaster(old.addr, 20_000);
  while (![...load.acked.values()].some((a) => a.addr === next.addr && a.atMs > cutAtMs)) {
    if (Date.now() - cutAtMs > 30_000) throw new Error("no send acknowledged by the new master within 30 s");
    await Bun.sleep(20);
  }
  const failoverMs = Math.min(...[...load.acked.values()].filter((a) => a.addr === next.addr).map((a) => a.atMs)) - cutAtMs;
  // Inside the cut-off master's namespace, straight to it: it must not acknowledge.
  const probe = spawnProc("probe", ["nsenter", "-t", String(isolatedPid), "-n", BUN, join(ROOT, "test/e2e/partition-probe.ts"), old.addr, "PartitionTopic", "3", "probe"]);
  await probe.exited;
  const codes = (probe.objects.find((o) => "codes" in o)?.codes ?? []) as number[];
  sh(["ip", "link", "set", "mqb", "up"]);
  await old.proc?.waitFor(/changing role from=master to=slave/, 20_000);
  await old.proc?.waitFor(/serving as slave/, 20_000);
  const before = load.acked.size;
  while (load.acked.size < before + 100) await Bun.sleep(20);
  await load.stop();
  await group.awaitSyncStateSet(3, 20_000);
  const got = await consumeAll(group, "PartitionTopic", "GID_PARTITION", load.acked.keys());
  process.stdout.write(`${JSON.stringify({ result: {
    failoverMs, codes, acked: load.acked.size,
    missing: [...load.acked.keys()].filter((b) => !got.has(b)).length,
    probesConsumed: [...got].filter((b) => b.startsWith("probe-")).length,
    truncated: old.proc?.lines.some((l) => l.includes("log truncated")) ?? false,
  } })}\n`);
} finally {
  await killAll();
  await group.stop();
}
