// A push consumer whose broker restarts keeps consuming without waiting for its next heartbeat:
// the restarted broker has forgotten the consumer and answers its pulls SUBSCRIPTION_NOT_EXIST, and the consumer heartbeats at once.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { PushConsumer, type Producer } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
let producer: Producer;
const stoppers = clientCluster("pg-broker-restart", (c, p) => ((cluster = c), (producer = p)));

async function sendSoon(topic: string, body: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await producer.send({ topic, body });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await Bun.sleep(100);
    }
  }
}

describe.skipIf(!existsSync(MQ))("a broker restarted under a push consumer", () => {
  test("the consumer goes on within seconds, long before its next heartbeat is due", async () => {
    await createTopic(cluster.namesrvAddr, "RestartTopic", 1);
    const received = new Received();
    const consumer = new PushConsumer({
      namesrvAddr: cluster.namesrvAddr, consumerGroup: "cg-broker-restart", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
      ...fast, heartbeatBrokerIntervalMs: 120_000,
    });
    consumer.subscribe("RestartTopic", "*");
    consumer.registerMessageListener((msgs) => (received.add(msgs), "CONSUME_SUCCESS"));
    stoppers.push(() => consumer.shutdown());
    await consumer.start();
    await sendSoon("RestartTopic", "before");
    await received.count(1);
    await cluster.broker.kill("SIGTERM");
    await cluster.startBroker();
    await sendSoon("RestartTopic", "after");
    await received.until(() => received.bodies().includes("after"), "the message sent after the restart", 30_000);
    expect(received.bodies()).toContain("before");
  }, 60_000);
});
