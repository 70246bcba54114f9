import { afterEach, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { reply } from "../../src/remoting/index.ts";
import { Producer } from "../../src/client/index.ts";
import { freePort } from "../e2e/harness.ts";
import { routeTo, startFakeBroker, type FakeBroker } from "./fake-broker.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setup(extra: { sendMsgTimeoutMs?: number; heartbeatBrokerIntervalMs?: number } = {}) {
  const broker = await startFakeBroker();
  const deadAddr = `127.0.0.1:${await freePort()}`;
  broker.handle(RequestCode.SEND_MESSAGE_V2, (req) =>
    reply(ResponseCode.SUCCESS, { extFields: { msgId: "OFFSETID", queueId: req.extFields.e, queueOffset: 5, MSG_REGION: "DefaultRegion" } }),
  );
  const producer = new Producer({ namesrvAddr: broker.addr, producerGroup: "pg", ...extra });
  await producer.start();
  cleanups.push(async () => {
    await producer.shutdown();
    await broker.stop();
  });
  return { broker, producer, deadAddr };
}

const sends = (b: FakeBroker) => b.requests.filter((r) => r.code === RequestCode.SEND_MESSAGE_V2);

describe("producer failover", () => {
  test("a send to a broker that cannot be reached is retried on another broker, which later sends prefer", async () => {
    const { broker, producer, deadAddr } = await setup();
    broker.routes.set("T", routeTo({ "broker-a": deadAddr, "broker-b": broker.addr }));
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await producer.send({ topic: "T", body: `m${i}` }));
    expect(results.every((r) => r.sendStatus === "SEND_OK" && r.messageQueue.brokerName === "broker-b")).toBe(true);
    expect(sends(broker)).toHaveLength(6);
  });

  test("after a failover the next sends reach the group's new master without waiting for the route poll", async () => {
    const { broker, producer, deadAddr } = await setup();
    broker.routes.set("T", routeTo({ "broker-a": deadAddr })); // the master that died
    const first = await producer.send({ topic: "T", body: "before" }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    broker.routes.set("T", routeTo({ "broker-a": broker.addr })); // its slave, now master (controller mode)
    let result: Awaited<ReturnType<Producer["send"]>> | undefined;
    for (let i = 0; i < 50 && result === undefined; i++) {
      result = await producer.send({ topic: "T", body: `after-${i}` }).catch(() => undefined);
      if (result === undefined) await Bun.sleep(50);
    }
    expect(result?.sendStatus).toBe("SEND_OK"); // pollNameServerInterval is 30 s: the failed sends looked the route up
  });

  test("a broker that answers a retryable error is left for another; a final error surfaces with its code", async () => {
    const { broker, producer } = await setup();
    broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
    broker.handle(RequestCode.SEND_MESSAGE_V2, () => reply(ResponseCode.SYSTEM_ERROR, { remark: "store busy" }));
    const err = await producer.send({ topic: "T", body: "x" }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(sends(broker)).toHaveLength(3);
  });

  test("a broker that answers SYSTEM_BUSY (its flow control) is tried again, as Java's producer does", async () => {
    const { broker, producer } = await setup();
    broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
    let busy = 2;
    broker.handle(RequestCode.SEND_MESSAGE_V2, (req) =>
      busy-- > 0
        ? reply(ResponseCode.SYSTEM_BUSY, { remark: "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: 201ms, size of queue: 3" })
        : reply(ResponseCode.SUCCESS, { extFields: { msgId: "OFFSETID", queueId: req.extFields.e, queueOffset: 5, MSG_REGION: "DefaultRegion" } }));
    expect((await producer.send({ topic: "T", body: "x" })).sendStatus).toBe("SEND_OK");
    expect(sends(broker)).toHaveLength(3);
  });

  test("a non-retryable error is not retried", async () => {
    const { broker, producer } = await setup();
    broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
    broker.handle(RequestCode.SEND_MESSAGE_V2, () => reply(ResponseCode.MESSAGE_ILLEGAL, { remark: "too big" }));
    const err = await producer.send({ topic: "T", body: "x" }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(sends(broker)).toHaveLength(1);
  });

  test("a broker that never answers fails the send within sendMsgTimeoutMs", async () => {
    const { broker, producer } = await setup({ sendMsgTimeoutMs: 300 });
    broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
    // Answers only after the client gave up (a handler that never returned would hold up stop()).
    broker.handle(RequestCode.SEND_MESSAGE_V2, () => Bun.sleep(1000).then(() => reply(ResponseCode.SUCCESS)));
    const startedMs = Date.now();
    const err = await producer.send({ topic: "T", body: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - startedMs).toBeLessThan(900);
  });

  test("a topic without a route is sent with TBW102's queues and defaultTopic TBW102", async () => {
    const { broker, producer } = await setup();
    broker.routes.set("TBW102", routeTo({ "broker-a": broker.addr }, 8));
    const r = await producer.send({ topic: "Fresh", body: "x" });
    expect(r.messageQueue.topic).toBe("Fresh");
    expect(r.messageQueue.queueId).toBeLessThan(4);
    expect((await producer.fetchPublishQueues("Fresh")).length).toBe(4);
    const h = sends(broker)[0]!.extFields;
    expect([h.b, h.c, h.d]).toEqual(["Fresh", "TBW102", "4"]);
  });

  test("heartbeats reach the brokers a route names, with the producer group and CLIENT_INNER_PRODUCER", async () => {
    const { broker, producer } = await setup({ heartbeatBrokerIntervalMs: 50 });
    broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
    await producer.send({ topic: "T", body: "x" });
    const deadline = Date.now() + 3000;
    while (!broker.requests.some((r) => r.code === RequestCode.HEART_BEAT) && Date.now() < deadline) await Bun.sleep(20);
    const hb = broker.requests.find((r) => r.code === RequestCode.HEART_BEAT)!;
    const data = JSON.parse(new TextDecoder().decode(hb.body)) as { clientID: string; producerDataSet: { groupName: string }[] };
    expect(data.clientID).toBe(producer.clientId);
    expect(data.producerDataSet.map((p) => p.groupName).sort()).toEqual(["CLIENT_INNER_PRODUCER", "pg"]);
  });
});
