// The client against the compiled ./mq binary (a NameServer and a broker as processes):
// producer, push consumer and pull consumer over real sockets.
import { describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { javaHashSelector, Producer, PullConsumer, PushConsumer, type MessageExt } from "../../src/client/index.ts";
import { MQ, tempDir, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-client-test", (c, p) => {
  cluster = c;
  producer = p;
});

function pushConsumer(group: string, topic: string, expression = "*", extra: Partial<ConstructorParameters<typeof PushConsumer>[0]> = {}) {
  const received = new Received();
  const consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast, ...extra });
  consumer.subscribe(topic, expression);
  consumer.registerMessageListener((msgs) => {
    received.add(msgs);
    return "CONSUME_SUCCESS";
  });
  stoppers.push(() => consumer.shutdown());
  return { consumer, received };
}

const text = (m: MessageExt) => new TextDecoder().decode(m.body);

describe.skipIf(!existsSync(MQ))("client against mq", () => {
  test("messages sent with tags, keys and properties arrive with them, once each", async () => {
    await createTopic(cluster.namesrvAddr, "CliRoundTrip");
    const results = [];
    for (let i = 0; i < 20; i++) {
      results.push(await producer.send({ topic: "CliRoundTrip", body: `m${i}`, tags: i % 2 ? "TagB" : "TagA", keys: [`k${i}`], properties: { seq: String(i) } }));
    }
    expect(results.every((r) => r.sendStatus === "SEND_OK")).toBe(true);
    expect(results.every((r) => /^[0-9A-F]{32}$/.test(r.msgId) && /^[0-9A-F]{32}$/.test(r.offsetMsgId))).toBe(true);
    const { consumer, received } = pushConsumer("cg-roundtrip", "CliRoundTrip");
    await consumer.start();
    await received.count(20);
    expect(received.bodies().sort()).toEqual(results.map((_, i) => `m${i}`).sort());
    for (const m of received.messages) {
      const i = Number(m.properties.seq);
      expect(text(m)).toBe(`m${i}`);
      expect(m.tags).toBe(i % 2 ? "TagB" : "TagA");
      expect(m.keys).toBe(`k${i}`);
      expect(m.msgId).toBe(results[i]!.msgId);
      expect(m.offsetMsgId).toBe(results[i]!.offsetMsgId);
      expect(m.queueOffset).toBe(results[i]!.queueOffset);
    }
  }, 40_000);

  test("a tag expression delivers only the listed tags", async () => {
    await createTopic(cluster.namesrvAddr, "CliTags");
    for (let i = 0; i < 12; i++) await producer.send({ topic: "CliTags", body: `t${i}`, tags: ["TagA", "TagB", "TagC"][i % 3] });
    const { consumer, received } = pushConsumer("cg-tags", "CliTags", "TagA || TagC");
    await consumer.start();
    await received.count(8);
    await Bun.sleep(500);
    expect(received.messages).toHaveLength(8);
    expect(new Set(received.messages.map((m) => m.tags))).toEqual(new Set(["TagA", "TagC"]));
  }, 30_000);

  test("a send to a topic without a route creates it from TBW102", async () => {
    const r = await producer.send({ topic: "CliAutoCreated", body: "first" });
    expect(r.sendStatus).toBe("SEND_OK");
    const { consumer, received } = pushConsumer("cg-auto", "CliAutoCreated");
    await consumer.start();
    await received.count(1);
    expect(received.bodies()).toEqual(["first"]);
  }, 30_000);

  test("a message whose listener returns RECONSUME_LATER comes back from %RETRY% with its topic", async () => {
    await createTopic(cluster.namesrvAddr, "CliRetry");
    const sent = await producer.send({ topic: "CliRetry", body: "again" });
    const deliveries: MessageExt[] = [];
    const received = new Received();
    const consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-retry", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
    consumer.subscribe("CliRetry");
    consumer.registerMessageListener((msgs, ctx) => {
      deliveries.push(...msgs);
      received.add(msgs);
      ctx.delayLevelWhenNextConsume = 1;
      return deliveries.length === 1 ? "RECONSUME_LATER" : "CONSUME_SUCCESS";
    });
    stoppers.push(() => consumer.shutdown());
    await consumer.start();
    await received.count(2, 30_000);
    const [first, second] = deliveries;
    expect(first!.reconsumeTimes).toBe(0);
    expect(second!.reconsumeTimes).toBe(1);
    expect(second!.topic).toBe("CliRetry");
    expect(second!.properties.RETRY_TOPIC).toBe("CliRetry");
    expect(text(second!)).toBe("again");
    expect(second!.msgId).toBe(sent.msgId);
  }, 45_000);

  test("two broadcasting consumers of one group both get every message", async () => {
    await createTopic(cluster.namesrvAddr, "CliBroadcast");
    const dir = tempDir("mq-client-offsets-");
    const opts = { messageModel: "BROADCASTING" as const, offsetStoreDir: dir };
    const a = pushConsumer("cg-broadcast", "CliBroadcast", "*", opts);
    const b = pushConsumer("cg-broadcast", "CliBroadcast", "*", opts);
    // Removed once both have shut down: shutting down writes their offsets there.
    stoppers.push(async () => {
      await Promise.all([a.consumer.shutdown(), b.consumer.shutdown()]);
      rmSync(dir, { recursive: true, force: true });
    });
    await Promise.all([a.consumer.start(), b.consumer.start()]);
    expect(a.consumer.ownedQueues()).toHaveLength(4);
    expect(b.consumer.ownedQueues()).toHaveLength(4);
    for (let i = 0; i < 10; i++) await producer.send({ topic: "CliBroadcast", body: `b${i}` });
    await Promise.all([a.received.count(10), b.received.count(10)]);
    const all = Array.from({ length: 10 }, (_, i) => `b${i}`).sort();
    expect(a.received.bodies().sort()).toEqual(all);
    expect(b.received.bodies().sort()).toEqual(all);
  }, 30_000);

  test("a hash selector keeps each key's messages in one queue, consumed in send order", async () => {
    await createTopic(cluster.namesrvAddr, "CliOrdered", 4);
    const keys = ["order-1", "order-2", "order-3", "order-4", "order-5"];
    for (let seq = 0; seq < 10; seq++) {
      for (const key of keys) await producer.send({ topic: "CliOrdered", body: `${key}:${seq}`, keys: key }, javaHashSelector, key);
    }
    const { consumer, received } = pushConsumer("cg-ordered", "CliOrdered");
    await consumer.start();
    await received.count(50);
    for (const key of keys) {
      const mine = received.messages.filter((m) => m.keys === key);
      expect(new Set(mine.map((m) => m.queueId)).size).toBe(1);
      expect(mine.map((m) => text(m))).toEqual(Array.from({ length: 10 }, (_, seq) => `${key}:${seq}`));
    }
  }, 40_000);

  test("a batch is stored as separate messages with the batch's UNIQ_KEYs", async () => {
    await createTopic(cluster.namesrvAddr, "CliBatch");
    const r = await producer.sendBatch(Array.from({ length: 10 }, (_, i) => ({ topic: "CliBatch", body: `batch-${i}`, tags: "B" })));
    expect(r.sendStatus).toBe("SEND_OK");
    const ids = r.msgId.split(",");
    expect(ids).toHaveLength(10);
    const { consumer, received } = pushConsumer("cg-batch", "CliBatch");
    await consumer.start();
    await received.count(10);
    const sorted = [...received.messages].sort((x, y) => x.queueOffset - y.queueOffset);
    expect(sorted.map(text)).toEqual(Array.from({ length: 10 }, (_, i) => `batch-${i}`));
    expect(sorted.map((m) => m.msgId)).toEqual(ids);
    expect(sorted.every((m) => m.queueId === r.messageQueue.queueId)).toBe(true);
    expect(sorted[0]!.queueOffset).toBe(r.queueOffset);
  }, 30_000);

  test("oneway sends arrive although nothing is answered", async () => {
    await createTopic(cluster.namesrvAddr, "CliOneway");
    for (let i = 0; i < 5; i++) await producer.sendOneway({ topic: "CliOneway", body: `o${i}` });
    const { consumer, received } = pushConsumer("cg-oneway", "CliOneway");
    await consumer.start();
    await received.count(5);
    expect(received.bodies().sort()).toEqual(["o0", "o1", "o2", "o3", "o4"]);
  }, 30_000);

  // The DELAY property itself is checked on the wire in send-request.test.ts; the broker clears it
  // when the delay is over (as Java's ScheduleMessageService does).
  test("a message with delay level 1 is delivered about a second after it was sent", async () => {
    await createTopic(cluster.namesrvAddr, "CliDelay");
    const { consumer, received } = pushConsumer("cg-delay", "CliDelay");
    await consumer.start();
    const sentMs = Date.now();
    await producer.send({ topic: "CliDelay", body: "later", delayTimeLevel: 1 });
    await received.count(1);
    expect(Date.now() - sentMs).toBeGreaterThanOrEqual(900);
    expect(received.messages[0]!.storeTimestamp - received.messages[0]!.bornTimestamp).toBeGreaterThanOrEqual(900);
    expect(text(received.messages[0]!)).toBe("later");
  }, 30_000);

  test("a large body is compressed on the wire and arrives intact", async () => {
    await createTopic(cluster.namesrvAddr, "CliCompress");
    const body = Array.from({ length: 20_000 }, (_, i) => `line ${i % 97}\n`).join("");
    await producer.send({ topic: "CliCompress", body });
    const { consumer, received } = pushConsumer("cg-compress", "CliCompress");
    await consumer.start();
    await received.count(1);
    expect(received.messages[0]!.sysFlag & 0x1).toBe(1);
    expect(text(received.messages[0]!)).toBe(body);
  }, 30_000);

  test("a pull consumer polls its assigned queues, commits, and seeks back", async () => {
    await createTopic(cluster.namesrvAddr, "CliPull", 2);
    for (let i = 0; i < 10; i++) await producer.send({ topic: "CliPull", body: `p${i}` });
    const consumer = new PullConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-pull", autoCommit: false,
      consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
    stoppers.push(() => consumer.shutdown());
    await consumer.start();
    const queues = await consumer.fetchMessageQueues("CliPull");
    expect(queues).toHaveLength(2);
    await consumer.assign(queues);
    const got: MessageExt[] = [];
    const deadline = Date.now() + 15_000;
    while (got.length < 10 && Date.now() < deadline) got.push(...(await consumer.poll(1000)));
    expect(got.map(text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`).sort());
    await consumer.commit();
    for (const mq of queues) {
      const inQueue = got.filter((m) => m.queueId === mq.queueId);
      if (inQueue.length === 0) continue;
      expect(await consumer.committed(mq)).toBe(Math.max(...inQueue.map((m) => m.queueOffset)) + 1);
    }
    const first = got[0]!;
    const mq = queues.find((q) => q.queueId === first.queueId)!;
    consumer.seek(mq, first.queueOffset);
    const again = await consumer.poll(5000);
    expect(again[0]?.queueOffset).toBe(first.queueOffset);
    expect(text(again[0]!)).toBe(text(first));
  }, 40_000);
});
