// What an operator sees of replication against the compiled binary: clusterList's role and lag
// columns, brokerStatus's replication keys, and the master's log lines as a slave connects, catches
// up, falls behind (here: stopped with SIGSTOP while the master takes sends), comes back and leaves.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll, startCluster, type Cluster } from "./harness.ts";
import { produce, runtimeNumber, SEGMENT_BYTES, slaveCaughtUp, startPair } from "./replication-harness.ts";

let cluster: Cluster | undefined;
afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

test("clusterList and brokerStatus show each broker's role and the slave's lag in bytes and seconds; the master logs the slave connecting, catching up, falling behind, returning and leaving", async () => {
  cluster = await startCluster({ brokerRole: "ASYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES, haMaxGapNotInSync: 64 * 1024 });
  const slave = await startPair(cluster, "SeenTopic");
  await cluster.broker.waitFor(/slave caught up/);
  const list = await admin(cluster.namesrvAddr, ["clusterList"]);
  expect(list.code, list.out).toBe(0);
  expect(list.out).toMatch(/#Role\s+#Behind/);
  expect(list.out).toMatch(new RegExp(`broker-a\\s+0\\s+${cluster.brokerAddr}\\s.*\\sASYNC_MASTER\\s+-`));
  expect(list.out).toMatch(new RegExp(`broker-a\\s+1\\s+${slave.addr}\\s.*\\sSLAVE\\s+0 B, 0\\.000 s`));
  const status = await admin(cluster.namesrvAddr, ["brokerStatus", "-b", slave.addr]);
  expect(status.out).toMatch(/^haClientState\s*: following$/m);

  slave.proc.child.kill("SIGSTOP");
  try {
    const sent = await produce(cluster, "SeenTopic", 300); // ~300 KiB the slave cannot take
    expect([...sent.values()].every((s) => s === "SEND_OK")).toBe(true);
    await cluster.broker.waitFor(/slave fell behind/);
    await Bun.sleep(200);
    expect(await runtimeNumber(cluster, cluster.brokerAddr, "slaveFallBehindMuch")).toBeGreaterThan(64 * 1024);
    expect(await runtimeNumber(cluster, cluster.brokerAddr, "slaveFallBehindSeconds")).toBeGreaterThanOrEqual(0.2);
  } finally {
    slave.proc.child.kill("SIGCONT");
  }
  await slaveCaughtUp(cluster, slave);
  await cluster.broker.waitFor(/slave back in sync/);
  expect(await runtimeNumber(cluster, cluster.brokerAddr, "slaveFallBehindMuch")).toBe(0);
  expect(await runtimeNumber(cluster, cluster.brokerAddr, "haConnectionCount")).toBe(1);
  await slave.proc.kill("SIGTERM");
  await cluster.broker.waitFor(/slave disconnected/);
  expect(await runtimeNumber(cluster, cluster.brokerAddr, "haConnectionCount")).toBe(0);
}, 60_000);
