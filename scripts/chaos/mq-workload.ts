// The chaos run's mq-client workload, one process: a producer sending to the plain topic at a
// steady rate, an orderly producer sending seq 0, 1, 2 … per key (one send in flight per key, a
// failed send retried until acknowledged), a concurrent consumer of the plain topic and an orderly
// consumer of the orderly topic. Every acknowledged send and every receipt goes to the journal.
// Producers stop when the stop-producing file appears, consumers when stop-all does.
// Config: the CHAOS_WORKLOAD environment variable, a JSON WorkloadConfig.
import { existsSync } from "node:fs";
import { javaHashSelector, Producer, PushConsumer, type MessageExt } from "../../src/client/index.ts";
import { JournalWriter } from "./journal.ts";

export interface WorkloadConfig {
  namesrvAddr: string;
  journal: string;
  stopProducing: string;
  stopAll: string;
  plainTopic: string;
  orderTopic: string;
  plainGroup: string;
  orderGroup: string;
  /** Parallel senders of the plain topic, each sending one message every intervalMs. */
  plainLanes: number;
  orderKeys: number;
  intervalMs: number;
}

const cfg = JSON.parse(process.env.CHAOS_WORKLOAD ?? "{}") as WorkloadConfig;
const journal = new JournalWriter(cfg.journal);
const text = new TextDecoder();
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);
const producing = () => !existsSync(cfg.stopProducing);

async function plainLane(producer: Producer, lane: number): Promise<void> {
  for (let n = 0; producing(); n++) {
    const id = `mq-${lane}-${n}`;
    const t0 = Date.now();
    try {
      const r = await producer.send({ topic: cfg.plainTopic, body: id, keys: id });
      if (r.sendStatus === "SEND_OK") {
        journal.write({ k: "ack", c: "mq", t: Date.now(), topic: cfg.plainTopic, id, q: r.messageQueue.queueId, o: r.queueOffset });
      } else {
        journal.write({ k: "fail", c: "mq", t: Date.now(), topic: cfg.plainTopic, id, err: r.sendStatus });
      }
    } catch (e) {
      journal.write({ k: "fail", c: "mq", t: Date.now(), topic: cfg.plainTopic, id, err: errorText(e) });
    }
    await Bun.sleep(Math.max(0, cfg.intervalMs - (Date.now() - t0)));
  }
}

async function orderKey(producer: Producer, key: string): Promise<void> {
  for (let seq = 0; producing(); ) {
    const id = `ord-${key}-${seq}`;
    const t0 = Date.now();
    try {
      const r = await producer.send({ topic: cfg.orderTopic, body: id, keys: key }, javaHashSelector, key);
      if (r.sendStatus !== "SEND_OK") throw new Error(r.sendStatus);
      journal.write({ k: "ack", c: "ord", t: Date.now(), topic: cfg.orderTopic, id, key, seq, q: r.messageQueue.queueId, o: r.queueOffset });
      seq++;
    } catch (e) {
      journal.write({ k: "fail", c: "ord", t: Date.now(), topic: cfg.orderTopic, id, err: errorText(e) });
    }
    await Bun.sleep(Math.max(0, cfg.intervalMs - (Date.now() - t0)));
  }
}

function record(group: string, m: MessageExt): void {
  const id = text.decode(m.body);
  const ordered = /^ord-(.+)-(\d+)$/.exec(id);
  journal.write({ k: "recv", g: group, t: Date.now(), topic: m.topic, id, q: m.queueId, o: m.queueOffset,
    ...(ordered ? { key: ordered[1], seq: Number(ordered[2]) } : {}) });
}

async function consumers(): Promise<PushConsumer[]> {
  const base = { namesrvAddr: cfg.namesrvAddr, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET" as const, persistConsumerOffsetIntervalMs: 1000 };
  const plain = new PushConsumer({ ...base, consumerGroup: cfg.plainGroup });
  plain.subscribe(cfg.plainTopic, "*");
  plain.registerMessageListener((msgs) => {
    for (const m of msgs) record(cfg.plainGroup, m);
    return "CONSUME_SUCCESS";
  });
  const orderly = new PushConsumer({ ...base, consumerGroup: cfg.orderGroup });
  orderly.subscribe(cfg.orderTopic, "*");
  orderly.registerMessageListenerOrderly((msgs) => {
    for (const m of msgs) record(cfg.orderGroup, m);
    return "SUCCESS";
  });
  await Promise.all([plain.start(), orderly.start()]);
  return [plain, orderly];
}

async function main(): Promise<void> {
  const producer = new Producer({ namesrvAddr: cfg.namesrvAddr, producerGroup: "pg-chaos-mq" });
  await producer.start();
  const running = await consumers();
  console.log("workload ready");
  const lanes = Array.from({ length: cfg.plainLanes }, (_, lane) => plainLane(producer, lane));
  const keys = Array.from({ length: cfg.orderKeys }, (_, k) => orderKey(producer, `key${k}`));
  await Promise.all([...lanes, ...keys]);
  journal.flush();
  console.log("producers stopped");
  await producer.shutdown();
  while (!existsSync(cfg.stopAll)) await Bun.sleep(200);
  await Promise.all(running.map((c) => c.shutdown()));
  journal.close();
  console.log("workload stopped");
  process.exit(0);
}

await main();
