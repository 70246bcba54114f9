// consumeMessageCountMax against the compiled ./mq: the listener gets exactly that many messages
// in all, over several queues and batches of consumeMessageBatchMaxSize (the last batch cut to
// fit); shutdown commits each queue right after what it consumed, and sends nothing back, so the
// group's next consumer gets exactly the rest, each message for the first time.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { Producer, PushConsumer, type MessageExt, type PushConsumerOptions } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-limit-test", (c, p) => {
  cluster = c;
  producer = p;
});

const MESSAGES = 40;
const QUEUES = 4;

/** A consumer of the group that records every batch it is handed and answers success. */
function limitedConsumer(group: string, topic: string, orderly: boolean, extra: Partial<PushConsumerOptions>) {
  const received = new Received();
  const batches: MessageExt[][] = [];
  const consumer = new PushConsumer({
    namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast, ...extra,
  });
  consumer.subscribe(topic);
  const take = (msgs: MessageExt[]) => {
    batches.push(msgs);
    received.add(msgs);
  };
  if (orderly) consumer.registerMessageListenerOrderly((msgs) => (take(msgs), "SUCCESS"));
  else consumer.registerMessageListener((msgs) => (take(msgs), "CONSUME_SUCCESS"));
  stoppers.push(() => consumer.shutdown());
  return { consumer, received, batches };
}

const text = (m: MessageExt) => new TextDecoder().decode(m.body);

describe.skipIf(!existsSync(MQ))("consumeMessageCountMax against mq", () => {
  for (const orderly of [false, true]) {
    const kind = orderly ? "an orderly" : "a concurrent";
    test(`${kind} consumer limited to 9 in batches of 4 over 4 queues consumes and commits exactly 9`, async () => {
      const topic = orderly ? "LimitOrderly" : "LimitConcurrent";
      const group = `cg-${topic}`;
      await createTopic(cluster.namesrvAddr, topic, QUEUES);
      for (let i = 0; i < MESSAGES; i++) await producer.send({ topic, body: `${topic}-${i}` });

      const first = limitedConsumer(group, topic, orderly, { consumeMessageBatchMaxSize: 4, consumeMessageCountMax: 9 });
      await first.consumer.start();
      await first.received.count(9);
      await first.consumer.shutdown();
      expect(first.received.messages).toHaveLength(9);
      expect(first.batches.every((b) => b.length <= 4)).toBe(true);

      // The rest, exactly: each queue resumes right after the last message the first consumed there.
      const rest = MESSAGES - 9;
      const second = limitedConsumer(group, topic, orderly, { consumeMessageBatchMaxSize: 4, consumeMessageCountMax: rest });
      await second.consumer.start();
      await second.received.count(rest);
      expect(second.received.messages.every((m) => m.reconsumeTimes === 0 && m.topic === topic)).toBe(true);
      const all = [...first.received.messages, ...second.received.messages].map(text).sort();
      expect(all).toEqual(Array.from({ length: MESSAGES }, (_, i) => `${topic}-${i}`).sort());
      for (let q = 0; q < QUEUES; q++) {
        const consumedFirst = first.received.messages.filter((m) => m.queueId === q).length;
        const resumedAt = Math.min(...second.received.messages.filter((m) => m.queueId === q).map((m) => m.queueOffset));
        expect(resumedAt).toBe(consumedFirst);
      }
    }, 40_000);
  }
});
