// Request-reply end to end against the compiled ./mq: producer.request() gets the answer a
// replier sends with createReplyMessage, pushed back by the broker; no replier means a timeout.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { ClientError, createReplyMessage, Producer, PushConsumer } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast } from "./fixture.ts";

let cluster: Cluster;
let requester: Producer;
const stoppers = clientCluster("pg-requester", (c, p) => {
  cluster = c;
  requester = p;
});

async function replier(topic: string): Promise<void> {
  const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "pg-replier", ...fast });
  await producer.start();
  const consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-replier", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
  consumer.subscribe(topic, "*");
  consumer.registerMessageListener(async (msgs) => {
    for (const m of msgs) await producer.send(createReplyMessage(m, `pong: ${new TextDecoder().decode(m.body)}`));
    return "CONSUME_SUCCESS" as const;
  });
  await consumer.start();
  stoppers.push(async () => {
    await consumer.shutdown();
    await producer.shutdown();
  });
}

describe.skipIf(!existsSync(MQ))("request-reply against mq", () => {
  test("request() resolves with the replier's answer within its timeout", async () => {
    await createTopic(cluster.namesrvAddr, "RpcPing", 1);
    await replier("RpcPing");
    const answer = await requester.request({ topic: "RpcPing", body: "ping 1" }, 15_000);
    expect(new TextDecoder().decode(answer.body)).toBe("pong: ping 1");
    expect(answer.topic).toBe("DefaultCluster_REPLY_TOPIC");
    const again = await requester.request({ topic: "RpcPing", body: "ping 2" }, 5000);
    expect(new TextDecoder().decode(again.body)).toBe("pong: ping 2");
  }, 30_000);

  test("a request nobody answers rejects after its timeout", async () => {
    await createTopic(cluster.namesrvAddr, "RpcNobody", 1);
    const started = Date.now();
    const failure = await requester.request({ topic: "RpcNobody", body: "hello?" }, 800).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as Error).message).toContain("request timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  }, 30_000);
});
