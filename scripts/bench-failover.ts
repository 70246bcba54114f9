// Failover time in controller mode (issue 18): a NameServer, a standalone controller and three
// brokers of broker-a (./mq, build it first; test/e2e/controller-group.ts starts them, with its
// shortened heartbeat periods), allAckInSyncStateSet, steady load from mq's producer. Each trial
// SIGKILLs the master and measures the time until a send is acknowledged by another broker, then
// restarts the killed broker (it returns as a slave) and waits for the SyncStateSet to be whole
// again. Prints each trial, then p50 and max.
// Usage: node_modules/.bin/bun scripts/bench-failover.ts [trials=10]
import { admin, killAll } from "../test/e2e/harness.ts";
import { startControllerGroup, steadyLoad } from "../test/e2e/controller-group.ts";

const TRIALS = Number(process.argv[2] ?? 10);
const group = await startControllerGroup(3);
const times: number[] = [];
try {
  for (let i = 0; i < 3; i++) await group.start(i);
  await group.awaitSyncStateSet(3);
  const created = await admin(group.namesrvAddr, ["updateTopic", "-t", "BenchFailover", "-c", "DefaultCluster"]);
  if (created.code !== 0) throw new Error(created.out);
  for (const b of group.brokers.slice(1)) await b.proc?.waitFor(/topics synced from the master/);
  const load = await steadyLoad(group, "BenchFailover", 4, "bench");
  for (let trial = 1; trial <= TRIALS; trial++) {
    const master = await group.awaitMaster();
    const before = load.acked.size;
    while (load.acked.size < before + 100) await Bun.sleep(10);
    const killedAtMs = Date.now();
    await master.proc?.kill("SIGKILL");
    let firstMs: number | undefined;
    while (firstMs === undefined) {
      for (const a of load.acked.values()) if (a.addr !== master.addr && a.atMs > killedAtMs) firstMs = Math.min(firstMs ?? Infinity, a.atMs - killedAtMs);
      if (Date.now() - killedAtMs > 30_000) throw new Error(`trial ${trial}: no send acknowledged by another broker within 30 s`);
      await Bun.sleep(5);
    }
    times.push(firstMs);
    process.stdout.write(`trial ${trial}: master ${master.addr} killed; a send acknowledged by the new master after ${firstMs} ms\n`);
    await group.start(master.index);
    await group.awaitSyncStateSet(3, 30_000);
  }
  await load.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  process.stdout.write(`failover over ${TRIALS} trials: p50 ${p50} ms, max ${sorted.at(-1) ?? 0} ms ` +
    `(${load.acked.size} sends acknowledged in all)\n`);
} finally {
  await killAll();
  await group.stop();
}
