// Issue: an application written for RocketMQ 4.x points at mq and works. Every test here drives
// the compiled ./mq binary with the unchanged ali-ons client.
import { describe, expect, test } from "bun:test";
import { admin, sharedCluster, type Cluster } from "./harness.ts";
import { onsConsumer, onsProducer, ownedQueues, received, sent } from "./ons.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c));

async function createTopic(topic: string, queues: number): Promise<void> {
  const r = await admin(cluster.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", `${queues}`, "-w", `${queues}`]);
  expect(r.code, r.out).toBe(0);
}

describe("ali-ons against mq", () => {
  test("two consumers in one group split the queues and together receive 10,000 messages exactly once", async () => {
    await createTopic("OnsSplit", 8);
    const opts = { nameSrv: cluster.namesrvAddr, topic: "OnsSplit", group: "GID_SPLIT" };
    const a = onsConsumer("consumer-a", opts);
    const b = onsConsumer("consumer-b", opts);
    // Each waiter is re-checked on its own process's output, so each waits for its own half.
    await Promise.all([
      a.until(() => ownedQueues(a)?.length === 4, "a owns 4 queues", 30_000),
      b.until(() => ownedQueues(b)?.length === 4, "b owns 4 queues", 30_000),
    ]);
    expect(new Set([...ownedQueues(a)!, ...ownedQueues(b)!]).size).toBe(8);

    const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "OnsSplit", count: 10_000,
      tags: ["TagA", "TagB", "TagC"], concurrency: 32 });
    expect(await producer.exited).toBe(0);
    const results = sent(producer);
    expect(results.filter((r) => r.status === "SEND_OK")).toHaveLength(10_000);

    const total = () => received(a).length + received(b).length >= 10_000;
    await Promise.race([a.until(total, "10,000 received", 60_000), b.until(total, "10,000 received", 60_000)]);
    const bodies = [...received(a), ...received(b)].map((m) => m.body);
    expect(bodies).toHaveLength(10_000);
    expect(new Set(bodies).size).toBe(10_000);
    // Each consumer only saw its own queues, and tags and keys came through.
    for (const [proc, owned] of [[a, ownedQueues(a)!], [b, ownedQueues(b)!]] as const) {
      for (const m of received(proc)) expect(owned).toContain(m.queueId);
    }
    const byBody = new Map(results.map((r) => [`msg-${r.i}`, r]));
    for (const m of received(a).slice(0, 200)) {
      const s = byBody.get(m.body)!;
      expect(m.tags).toBe(s.tag);
      expect(m.keys).toBe(`k-${s.i}`);
      expect(m.msgId).toBe(s.msgId!);
    }
  }, 180_000);

  test("a consumer with a tag expression receives only those tags", async () => {
    await createTopic("OnsTags", 4);
    const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "OnsTags", count: 300,
      tags: ["TagA", "TagB", "TagC"], concurrency: 8 });
    expect(await producer.exited).toBe(0);
    const c = onsConsumer("consumer-tags", { nameSrv: cluster.namesrvAddr, topic: "OnsTags", group: "GID_TAGS",
      expression: "TagA || TagC" });
    await c.until(() => received(c).length >= 200, "200 TagA/TagC messages", 30_000);
    // Everything matching has arrived; a non-matching one would have been interleaved before the last.
    const expected = sent(producer).filter((r) => r.tag !== "TagB").map((r) => `msg-${r.i}`).sort();
    expect(received(c).map((m) => m.body).sort()).toEqual(expected);
    expect(received(c).every((m) => m.tags === "TagA" || m.tags === "TagC")).toBe(true);
  }, 60_000);

  test("a consumer that joins late triggers a rebalance and no message is lost", async () => {
    await createTopic("OnsLate", 8);
    const opts = { nameSrv: cluster.namesrvAddr, topic: "OnsLate", group: "GID_LATE" };
    const a = onsConsumer("late-a", opts);
    await a.until(() => ownedQueues(a)?.length === 8, "a owns all 8 queues", 30_000);
    const producer = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "OnsLate", count: 4_000, concurrency: 4 });
    await producer.until(() => sent(producer).length >= 1_000, "1,000 sent", 60_000);
    const b = onsConsumer("late-b", opts);
    await a.until(() => ownedQueues(a)?.length === 4, "a gives up 4 queues", 30_000);
    await b.until(() => ownedQueues(b)?.length === 4, "b takes 4 queues", 30_000);
    expect(await producer.exited).toBe(0);
    const all = () => new Set([...received(a), ...received(b)].map((m) => m.body)).size >= 4_000;
    await Promise.race([a.until(all, "all 4,000", 60_000), b.until(all, "all 4,000", 60_000)]);
    expect(received(b).length).toBeGreaterThan(0);
  }, 180_000);

  test("a new consumer group starts without 'No topic route info' errors for its retry topic", async () => {
    await createTopic("OnsFresh", 4);
    const c = onsConsumer("consumer-fresh", { nameSrv: cluster.namesrvAddr, topic: "OnsFresh", group: "GID_FRESH" });
    await c.until(() => c.objects.some((o) => Array.isArray(o.retryQueues) && o.retryQueues.length > 0), "the retry topic's queues", 30_000);
    expect(c.objects.filter((o) => "error" in o || "fatal" in o)).toEqual([]);
    expect(c.output()).not.toContain("No topic route info");
  }, 60_000);
});
