// Stopping: SIGTERM and `mq shutdown` stop a broker cleanly, so the next start needs no crash scan.
import { afterEach, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { admin, killAll, MQ, spawnProc, startCluster, type Cluster } from "./harness.ts";
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

test("`mq shutdown broker --pid` finds the running broker, stops it cleanly and says so", async () => {
  // --pid (and --port) stop this test's broker only, never another broker running on this machine.
  cluster = await startCluster();
  const pid = cluster.broker.child.pid;
  const shutdown = spawnProc("shutdown", [MQ, "shutdown", "broker", "--pid", String(pid)]);
  expect(await shutdown.exited).toBe(0);
  expect(shutdown.output()).toContain(`The mq broker(${pid}) is running... ports ${cluster.brokerPort - 2}, ${cluster.brokerPort}`);
  expect(shutdown.output()).toContain(`Send shutdown request to mq broker(${pid}) OK`);
  expect(await cluster.broker.exited).toBe(0);
  const none = spawnProc("shutdown-again", [MQ, "shutdown", "broker", "--port", String(cluster.brokerPort)]);
  expect(await none.exited).toBe(1);
  expect(none.output()).toMatch(/No mq broker (running|matches --port)/);
}, 60_000);
