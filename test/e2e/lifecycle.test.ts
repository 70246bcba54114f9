// Stopping: SIGTERM and `mq shutdown` stop a broker cleanly, so the next start needs no crash scan.
import { afterEach, expect, test } from "bun:test";
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { admin, killAll, MQ, spawnProc, startCluster, tempDir, type Cluster } from "./harness.ts";
import { onsProducer, sent } from "./ons.ts";

let cluster: Cluster | undefined;

afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

test("SIGTERM stops a broker cleanly: exit 0, abort marker gone, and the next start recovers as a clean exit", async () => {
  cluster = await startCluster({ flushDiskType: "SYNC_FLUSH" });
  expect((await admin(cluster.namesrvAddr, ["updateTopic", "-t", "StopTopic", "-c", "DefaultCluster"])).code).toBe(0);
  const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "StopTopic", count: 200, concurrency: 4 });
  expect(await producer.exited).toBe(0);
  expect(sent(producer).filter((r) => r.status === "SEND_OK")).toHaveLength(200);

  const abortMarker = join(cluster.dir, "store", "abort");
  expect(existsSync(abortMarker)).toBe(true);
  expect(await cluster.broker.kill("SIGTERM")).toBe(0);
  expect(existsSync(abortMarker)).toBe(false);

  const again = await cluster.startBroker();
  await again.waitFor(/store recovered cleanExit=true/);
}, 60_000);

test("`mq shutdown broker` finds the running broker, stops it cleanly and says so", async () => {
  // A uniquely named copy of the binary, so the shutdown cannot touch any other broker on this machine.
  const dir = tempDir("mq-shutdown-");
  const binary = join(dir, `mq-shutdown-${process.pid}`);
  copyFileSync(MQ, binary);
  try {
    cluster = await startCluster({}, [], binary);
    const pid = cluster.broker.child.pid;
    const shutdown = spawnProc("shutdown", [binary, "shutdown", "broker"]);
    expect(await shutdown.exited).toBe(0);
    expect(shutdown.output()).toContain(`Send shutdown request to mq broker(${pid}) OK`);
    expect(await cluster.broker.exited).toBe(0);
    const none = spawnProc("shutdown-again", [binary, "shutdown", "broker"]);
    expect(await none.exited).toBe(1);
    expect(none.output()).toContain("No mq broker running");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
