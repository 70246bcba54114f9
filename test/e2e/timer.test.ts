// Issue 15: timer messages (RocketMQ 5's TIMER_* properties, ali-ons's setStartDeliverTime) arrive
// at their time, never before, and a broker restarted while they wait neither loses nor repeats
// one. Runs the compiled ./mq; sends and long-polls with a raw remoting client, and ali-ons.
import { expect, test } from "bun:test";
import { parseProperties, type MessageRecord } from "../../src/common/index.ts";
import { admin, sharedCluster, type Cluster } from "./harness.ts";
import { Wire } from "./delivery-wire.ts";
import { onsProducer, sent } from "./ons.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c));

const body = (r: MessageRecord): string => new TextDecoder().decode(r.body);
/** How long after its due time (TIMER_OUT_MS, kept on the delivered copy) a message was stored. */
const latenessMs = (r: MessageRecord): number => r.storeTimestamp - Number(parseProperties(r.properties).get("TIMER_OUT_MS"));

test("timer messages are delivered within 100 ms after their due time, never before", async () => {
  const wire = new Wire(cluster.brokerAddr);
  try {
    await wire.send("TimerOnTime", "ms-300", { TIMER_DELAY_MS: "300" });
    await wire.send("TimerOnTime", "sec-1", { TIMER_DELAY_SEC: "1" });
    await wire.send("TimerOnTime", "at-600", { TIMER_DELIVER_MS: String(Date.now() + 600) });
    const delivered = await wire.pullUntil("TimerOnTime", 3, 10_000);
    expect(delivered.map(body)).toEqual(["ms-300", "at-600", "sec-1"]);
    for (const r of delivered) {
      expect(latenessMs(r)).toBeGreaterThanOrEqual(0);
      expect(latenessMs(r)).toBeLessThan(100);
    }
  } finally {
    wire.close();
  }
}, 30_000);

test("a broker restarted while timers wait delivers every one exactly once", async () => {
  let wire = new Wire(cluster.brokerAddr);
  for (let i = 0; i < 5; i++) await wire.send("TimerRestart", `early-${i}`, { TIMER_DELAY_MS: "300" });
  for (let i = 0; i < 5; i++) await wire.send("TimerRestart", `late-${i}`, { TIMER_DELAY_MS: "2500" });
  expect(await wire.pullUntil("TimerRestart", 5, 10_000)).toHaveLength(5);
  wire.close();
  await cluster.broker.kill("SIGTERM");
  await cluster.startBroker();
  wire = new Wire(cluster.brokerAddr);
  try {
    await wire.send("TimerRestart", "sentinel", { TIMER_DELAY_MS: "3000" });
    const all = await wire.pullUntil("TimerRestart", 11, 15_000);
    expect(all.map(body).sort()).toEqual(
      [...Array.from({ length: 5 }, (_, i) => `early-${i}`), ...Array.from({ length: 5 }, (_, i) => `late-${i}`), "sentinel"].sort(),
    );
    await Bun.sleep(500);
    expect(await wire.pullUntil("TimerRestart", 1, 300, 11)).toHaveLength(0);
    for (const r of all) expect(latenessMs(r)).toBeGreaterThanOrEqual(0);
  } finally {
    wire.close();
  }
}, 40_000);

test("ali-ons setStartDeliverTime delivers at the time asked, not at once", async () => {
  const r = await admin(cluster.namesrvAddr, ["updateTopic", "-t", "OnsTimer", "-c", "DefaultCluster", "-r", "1", "-w", "1"]);
  expect(r.code, r.out).toBe(0);
  const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "OnsTimer", count: 3, deliverAfterMs: 1000 });
  expect(await producer.exited).toBe(0);
  const results = sent(producer);
  expect(results.filter((s) => s.status === "SEND_OK")).toHaveLength(3);
  const wire = new Wire(cluster.brokerAddr);
  try {
    const delivered = await wire.pullUntil("OnsTimer", 3, 10_000);
    expect(delivered).toHaveLength(3);
    const dueByBody = new Map(results.map((s) => [`msg-${s.i}`, s.deliverAt!]));
    for (const m of delivered) {
      const late = m.storeTimestamp - dueByBody.get(body(m))!;
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(100);
    }
  } finally {
    wire.close();
  }
}, 30_000);

for (const [signal, how, exactlyOnce] of [["SIGTERM", "stopped cleanly", true], ["SIGKILL", "SIGKILLed", false]] as const) {
  test(`ali-ons setStartDeliverTime timers wait out a broker ${how}: each delivered ${exactlyOnce ? "exactly" : "at least"} once, none early`, async () => {
    const topic = `OnsTimer${signal}`;
    const r = await admin(cluster.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", "1", "-w", "1"]);
    expect(r.code, r.out).toBe(0);
    const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic, count: 5, deliverAfterMs: 2500 });
    expect(await producer.exited).toBe(0);
    const results = sent(producer);
    expect(results.filter((s) => s.status === "SEND_OK")).toHaveLength(5);
    await cluster.broker.kill(signal);
    await cluster.startBroker();
    const wire = new Wire(cluster.brokerAddr);
    try {
      const delivered = await wire.pullUntil(topic, 5, 15_000);
      const dueByBody = new Map(results.map((s) => [`msg-${s.i}`, s.deliverAt!]));
      expect([...new Set(delivered.map(body))].sort()).toEqual([...dueByBody.keys()].sort());
      for (const m of delivered) expect(m.storeTimestamp - dueByBody.get(body(m))!).toBeGreaterThanOrEqual(0);
      if (exactlyOnce) {
        await Bun.sleep(500);
        expect(await wire.pullUntil(topic, 1, 300, delivered.length)).toHaveLength(0);
        expect(delivered).toHaveLength(5);
      }
    } finally {
      wire.close();
    }
  }, 40_000);
}
