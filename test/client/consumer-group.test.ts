// Group behaviour against the compiled ./mq binary: queue split and NOTIFY_CONSUMER_IDS_CHANGED,
// offsets committed at shutdown, and sends with a callback. (Where a new group starts is tested
// against a fake broker in start-offset.test.ts: like Java's, mq's broker answers offset 0 for a
// new group while the queue's first message is still in memory, so consumeFromWhere is not used.)
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { Producer, PushConsumer, type PushConsumerOptions, type SendResult } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-group-test", (c, p) => {
  cluster = c;
  producer = p;
});

function consumerOf(group: string, topic: string, extra: Partial<PushConsumerOptions> = {}) {
  const received = new Received();
  const consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast, ...extra });
  consumer.subscribe(topic);
  consumer.registerMessageListener((msgs) => {
    received.add(msgs);
    return "CONSUME_SUCCESS";
  });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await consumer.shutdown();
    stopped = true;
  };
  stoppers.push(stop);
  return { consumer, received, stop };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await Bun.sleep(50);
  }
}

describe.skipIf(!existsSync(MQ))("consumer groups against mq", () => {
  test("a second consumer joining splits the queues at once, through NOTIFY_CONSUMER_IDS_CHANGED", async () => {
    await createTopic(cluster.namesrvAddr, "CliSplit", 4);
    // A rebalance period far past the test: only the broker's notification can trigger the split.
    const slow = { rebalanceIntervalMs: 600_000 };
    const a = consumerOf("cg-split", "CliSplit", slow);
    await a.consumer.start();
    expect(a.consumer.ownedQueues().filter((q) => q.topic === "CliSplit")).toHaveLength(4);
    const b = consumerOf("cg-split", "CliSplit", slow);
    await b.consumer.start();
    const owned = (c: PushConsumer) => c.ownedQueues().filter((q) => q.topic === "CliSplit");
    await until(() => owned(a.consumer).length === 2 && owned(b.consumer).length === 2, "a 2/2 split");
    const all = [...owned(a.consumer), ...owned(b.consumer)].map((q) => q.queueId).sort();
    expect(all).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 40; i++) await producer.send({ topic: "CliSplit", body: `s${i}` });
    await until(() => a.received.messages.length + b.received.messages.length >= 40, "40 messages");
    expect(new Set([...a.received.bodies(), ...b.received.bodies()]).size).toBe(40);
    for (const [c, r] of [[a.consumer, a.received], [b.consumer, b.received]] as const) {
      const mine = new Set(owned(c).map((q) => q.queueId));
      expect(r.messages.every((m) => mine.has(m.queueId))).toBe(true);
    }
  }, 40_000);

  test("offsets committed at shutdown: a restarted consumer gets only what it had not consumed", async () => {
    await createTopic(cluster.namesrvAddr, "CliResume", 2);
    for (let i = 0; i < 6; i++) await producer.send({ topic: "CliResume", body: `before${i}` });
    const first = consumerOf("cg-resume", "CliResume", { persistConsumerOffsetIntervalMs: 600_000 });
    await first.consumer.start();
    await first.received.count(6);
    await first.stop();
    for (let i = 0; i < 3; i++) await producer.send({ topic: "CliResume", body: `after${i}` });
    const second = consumerOf("cg-resume", "CliResume");
    await second.consumer.start();
    await second.received.count(3);
    await Bun.sleep(300);
    expect(second.received.bodies().sort()).toEqual(["after0", "after1", "after2"]);
  }, 30_000);

  test("a batch whose listener finishes while the consumer shuts down is committed", async () => {
    await createTopic(cluster.namesrvAddr, "CliDrain", 1);
    await producer.send({ topic: "CliDrain", body: "in-listener" });
    let entered!: () => void;
    const inListener = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-drain", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast, persistConsumerOffsetIntervalMs: 600_000 });
    first.subscribe("CliDrain");
    first.registerMessageListener(async () => {
      entered();
      await released;
      return "CONSUME_SUCCESS" as const;
    });
    await first.start();
    await inListener;
    const stopping = first.shutdown();
    setTimeout(release, 100); // the listener finishes only once shutdown() is under way
    await stopping;
    await producer.send({ topic: "CliDrain", body: "after" });
    const second = consumerOf("cg-drain", "CliDrain");
    await second.consumer.start();
    await second.received.count(1);
    await Bun.sleep(300);
    expect(second.received.bodies()).toEqual(["after"]);
  }, 30_000);

  test("a send with a callback reports the result through onSuccess", async () => {
    await createTopic(cluster.namesrvAddr, "CliCallback", 2);
    const result = await new Promise<SendResult>((resolve, reject) =>
      producer.send({ topic: "CliCallback", body: "cb" }, { onSuccess: resolve, onException: reject }),
    );
    expect(result.sendStatus).toBe("SEND_OK");
    expect(result.messageQueue.topic).toBe("CliCallback");
    const failure = await new Promise<Error>((resolve) =>
      producer.send({ topic: "bad topic!", body: "x" }, { onSuccess: () => resolve(new Error("unexpected success")), onException: resolve }),
    );
    expect(failure.message).toMatch(/invalid topic/);
  }, 20_000);
});
