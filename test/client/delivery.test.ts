// SQL92 subscriptions and broker-initiated offset resets against the compiled ./mq (with
// enablePropertyFilter=true).
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { ClientError, Producer, PushConsumer, type MessageSelector } from "../../src/client/index.ts";
import { RequestCode, ResponseCode, testLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-delivery-test", (c, p) => {
  cluster = c;
  producer = p;
}, { enablePropertyFilter: "true" });

function consumer(group: string, topic: string, selector: string | MessageSelector, orderly = false) {
  const received = new Received();
  const c = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
  c.subscribe(topic, selector);
  if (orderly) c.registerMessageListenerOrderly((msgs) => (received.add(msgs), "SUCCESS"));
  else c.registerMessageListener((msgs) => (received.add(msgs), "CONSUME_SUCCESS"));
  stoppers.push(() => c.shutdown());
  return { consumer: c, received };
}

describe.skipIf(!existsSync(MQ))("delivery semantics against mq", () => {
  test("an SQL92 subscription gets exactly the messages whose properties match", async () => {
    const topic = "CliSql92";
    await createTopic(cluster.namesrvAddr, topic, 2);
    for (let i = 0; i < 16; i++) await producer.send({ topic, body: `a=${i}`, properties: { a: String(i) } });
    await producer.send({ topic, body: "no property" });
    const { consumer: c, received } = consumer("cg-sql92", topic, { type: "SQL92", expression: "a between 0 and 8" });
    await c.start();
    await received.count(9);
    await Bun.sleep(500);
    expect(received.bodies().sort()).toEqual(Array.from({ length: 9 }, (_, i) => `a=${i}`).sort());
  }, 30_000);

  test("a malformed SQL92 subscription makes start() reject with the broker's parse error", async () => {
    const topic = "CliSql92Bad";
    await createTopic(cluster.namesrvAddr, topic, 1);
    const { consumer: c } = consumer("cg-sql92-bad", topic, { type: "SQL92", expression: "a between 0 and" });
    const failure = await c.start().then(() => undefined, (err: unknown) => err);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as ClientError).code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect((failure as ClientError).message).toMatch(/a between 0 and/);
  }, 30_000);

  test.each([["concurrent", false], ["orderly", true]])("an offset reset by time makes a live %s consumer consume again from that point", async (kind, orderly) => {
    const topic = `CliReset-${kind}`;
    const group = `cg-reset-${kind}`;
    await createTopic(cluster.namesrvAddr, topic, 2);
    for (let i = 0; i < 6; i++) await producer.send({ topic, body: `old${i}` });
    await Bun.sleep(50);
    const resetPointMs = Date.now();
    await Bun.sleep(50);
    for (let i = 0; i < 6; i++) await producer.send({ topic, body: `new${i}` });
    const { consumer: c, received } = consumer(group, topic, "*", orderly);
    await c.start();
    await received.count(12);

    const rc = new RemotingClient({ log: testLogger() });
    try {
      const header = { topic, group, timestamp: resetPointMs, isForce: true };
      const res = await rc.invoke(cluster.brokerAddr, request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, header), 3000);
      expect(res.code).toBe(ResponseCode.SUCCESS);
    } finally {
      rc.close();
    }
    await received.count(18);
    await Bun.sleep(500);
    const again = received.bodies().slice(12).sort();
    expect(again).toEqual(Array.from({ length: 6 }, (_, i) => `new${i}`).sort());
  }, 30_000);
});
