// A broker killed with SIGKILL, or frozen, must not lose acknowledged messages or leave stale routes.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll, startCluster, type Cluster } from "./harness.ts";
import { onsConsumer, onsProducer, received, sent } from "./ons.ts";

let cluster: Cluster | undefined;

afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

test("a SYNC_FLUSH broker killed with SIGKILL mid-send keeps every message whose send returned SEND_OK", async () => {
  cluster = await startCluster({ flushDiskType: "SYNC_FLUSH" });
  const created = await admin(cluster.namesrvAddr, ["updateTopic", "-t", "CrashTopic", "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);

  const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "CrashTopic", count: 1_000_000, concurrency: 16 });
  await producer.until(() => sent(producer).filter((r) => r.status === "SEND_OK").length >= 2_000, "2,000 acked", 60_000);
  await cluster.broker.kill("SIGKILL");
  await producer.kill("SIGKILL");
  const acked = sent(producer).filter((r) => r.status === "SEND_OK").map((r) => `msg-${r.i}`);
  expect(acked.length).toBeGreaterThanOrEqual(2_000);

  await cluster.startBroker();
  const consumer = onsConsumer("after-crash", { nameSrv: cluster.namesrvAddr, topic: "CrashTopic", group: "GID_CRASH" });
  const want = new Set(acked);
  const got = () => received(consumer).filter((m) => want.has(m.body)).length;
  await consumer.until(() => new Set(received(consumer).map((m) => m.body)).size >= want.size && got() >= want.size,
    `all ${want.size} acked messages`, 90_000);
  const bodies = new Set(received(consumer).map((m) => m.body));
  for (const body of acked) expect(bodies.has(body)).toBe(true);
}, 240_000);

test("a broker's routes leave the NameServer when it stops registering, and come back when it returns", async () => {
  cluster = await startCluster({ registerNameServerPeriod: 1000 }, ["--brokerChannelExpiredTime=3000", "--scanNotActiveBrokerInterval=500"]);
  const created = await admin(cluster.namesrvAddr, ["updateTopic", "-t", "RouteTopic", "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);
  const routed = async () => (await admin(cluster!.namesrvAddr, ["topicRoute", "-t", "RouteTopic"])).code === 0;
  expect(await routed()).toBe(true);

  // Frozen: the connection stays open but registrations stop, so only expiry can remove it.
  cluster.broker.child.kill("SIGSTOP");
  expect(await eventually(async () => !(await routed()), 15_000)).toBe(true);
  cluster.broker.child.kill("SIGCONT");
  expect(await eventually(routed, 15_000)).toBe(true);

  // Killed: the closed connection removes it at once; a restarted broker registers again.
  await cluster.broker.kill("SIGKILL");
  expect(await eventually(async () => !(await routed()), 15_000)).toBe(true);
  await cluster.startBroker();
  expect(await eventually(routed, 15_000)).toBe(true);
}, 120_000);

/** Re-asks until check() holds or timeoutMs passes; each ask is a real admin round trip. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await Bun.sleep(200);
  }
  return false;
}
