// Orderly consumption against the compiled ./mq: broker queue locks keep one consumer per queue
// while a second consumer joins and leaves, per-key order holds across both, and a suspended
// batch is redelivered locally until it runs out of reconsumes and goes to the DLQ.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { javaHashSelector, Producer, PushConsumer, type ConsumeOrderlyStatus, type MessageExt, type PushConsumerOptions } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-orderly-test", (c, p) => {
  cluster = c;
  producer = p;
});

const text = (m: MessageExt) => new TextDecoder().decode(m.body);

/** One listener call: who consumed which queue's messages, and when. */
interface Consumption {
  who: string;
  queueId: number;
  bodies: string[];
  startMs: number;
  endMs: number;
}

function orderlyConsumer(
  group: string,
  topic: string,
  listener: (msgs: MessageExt[]) => ConsumeOrderlyStatus | Promise<ConsumeOrderlyStatus>,
  extra: Partial<PushConsumerOptions> = {},
): PushConsumer {
  const consumer = new PushConsumer({
    namesrvAddr: cluster.namesrvAddr,
    consumerGroup: group,
    consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
    lockIntervalMs: 1000,
    ...fast,
    ...extra,
  });
  consumer.subscribe(topic, "*");
  consumer.registerMessageListenerOrderly((msgs) => listener(msgs));
  stoppers.push(() => consumer.shutdown());
  return consumer;
}

/** Resolves once check() holds, polling every 20 ms; rejects after timeoutMs. */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs} ms`);
    await Bun.sleep(20);
  }
}

describe.skipIf(!existsSync(MQ))("orderly consumption against mq", () => {
  test("each key is consumed strictly in order, without gaps, while a second consumer joins and leaves", async () => {
    const topic = "CliOrderlyJoin";
    await createTopic(cluster.namesrvAddr, topic, 4);
    const keys = Array.from({ length: 8 }, (_, i) => `key${i}`);
    const rounds = 40;
    const log: Consumption[] = [];
    const recorder = (who: string) => async (msgs: MessageExt[]): Promise<ConsumeOrderlyStatus> => {
      const startMs = performance.now();
      await Bun.sleep(10);
      log.push({ who, queueId: msgs[0]!.queueId, bodies: msgs.map(text), startMs, endMs: performance.now() });
      return "SUCCESS";
    };
    const consumed = (who: string) => log.filter((c) => c.who === who).length;
    const a = orderlyConsumer("cg-orderly-join", topic, recorder("A"));
    await a.start();
    const sending = (async () => {
      for (let seq = 0; seq < rounds; seq++) {
        for (const key of keys) await producer.send({ topic, body: `${key}:${seq}`, keys: key }, javaHashSelector, key);
        await Bun.sleep(10);
      }
    })();
    await until(() => consumed("A") >= 30, "A consuming");
    const b = orderlyConsumer("cg-orderly-join", topic, recorder("B"));
    await b.start();
    await until(() => consumed("B") >= 20, "B consuming");
    const aBeforeLeave = consumed("A");
    await b.shutdown();
    await sending;
    await until(() => log.length >= keys.length * rounds, "every message consumed");
    await Bun.sleep(300);

    expect(consumed("A")).toBeGreaterThan(aBeforeLeave);
    const ordered = [...log].sort((x, y) => x.startMs - y.startMs);
    for (const key of keys) {
      const seqs = ordered.flatMap((c) => c.bodies).filter((body) => body.startsWith(`${key}:`)).map((body) => Number(body.split(":")[1]));
      expect(seqs).toEqual(Array.from({ length: rounds }, (_, i) => i));
    }
    for (const queueId of new Set(log.map((c) => c.queueId))) {
      const ofA = log.filter((c) => c.queueId === queueId && c.who === "A");
      const ofB = log.filter((c) => c.queueId === queueId && c.who === "B");
      const overlapping = ofA.filter((x) => ofB.some((y) => x.startMs < y.endMs && y.startMs < x.endMs));
      expect(overlapping).toEqual([]);
    }
  }, 60_000);

  test("a suspended batch is redelivered after the pause with its reconsume count raised", async () => {
    const topic = "CliOrderlySuspend";
    await createTopic(cluster.namesrvAddr, topic, 1);
    const received = new Received();
    const seenAtMs: number[] = [];
    const reconsumeTimes: number[] = [];
    let suspended = false;
    const consumer = orderlyConsumer("cg-orderly-suspend", topic, (msgs) => {
      reconsumeTimes.push(msgs[0]!.reconsumeTimes);
      received.add(msgs);
      seenAtMs.push(Date.now());
      if (text(msgs[0]!) === "first" && !suspended) {
        suspended = true;
        return "SUSPEND_CURRENT_QUEUE_A_MOMENT";
      }
      return "SUCCESS";
    }, { suspendCurrentQueueTimeMs: 400 });
    await consumer.start();
    await producer.send({ topic, body: "first" });
    await producer.send({ topic, body: "second" });
    await received.count(3);
    await Bun.sleep(300);
    expect(received.bodies()).toEqual(["first", "first", "second"]);
    expect(reconsumeTimes).toEqual([0, 1, 0]);
    expect(received.messages[0]!.queueOffset).toBe(received.messages[1]!.queueOffset);
    expect(seenAtMs[1]! - seenAtMs[0]!).toBeGreaterThanOrEqual(390);
  }, 30_000);

  test("a message suspended past maxReconsumeTimes goes to the DLQ and the queue moves on", async () => {
    const topic = "CliOrderlyDlq";
    const group = "cg-orderly-dlq";
    await createTopic(cluster.namesrvAddr, topic, 1);
    const received = new Received();
    const reconsumeTimes: number[] = [];
    const consumer = orderlyConsumer(group, topic, (msgs) => {
      reconsumeTimes.push(msgs[0]!.reconsumeTimes);
      received.add(msgs);
      return text(msgs[0]!) === "poison" ? "SUSPEND_CURRENT_QUEUE_A_MOMENT" : "SUCCESS";
    }, { suspendCurrentQueueTimeMs: 100, maxReconsumeTimes: 2 });
    await consumer.start();
    await producer.send({ topic, body: "poison", properties: { mark: "p" } });
    await producer.send({ topic, body: "after" });
    await received.count(4);
    expect(received.bodies()).toEqual(["poison", "poison", "poison", "after"]);
    expect(reconsumeTimes).toEqual([0, 1, 2, 0]);

    const dlq = new Received();
    const reader = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-dlq-reader", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
    reader.subscribe(`%DLQ%${group}`);
    reader.registerMessageListener((msgs) => (dlq.add(msgs), "CONSUME_SUCCESS"));
    stoppers.push(() => reader.shutdown());
    await reader.start();
    await dlq.count(1);
    expect(dlq.bodies()).toEqual(["poison"]);
    expect(dlq.messages[0]!.properties.mark).toBe("p");
  }, 30_000);
});
