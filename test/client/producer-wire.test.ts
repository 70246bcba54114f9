// What a producer puts on the wire: the header serialization it is configured with, and one
// route lookup however many first sends of a topic are under way.
import { afterEach, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { reply, SerializeType } from "../../src/remoting/index.ts";
import { Producer, type ProducerOptions } from "../../src/client/index.ts";
import { routeTo, startFakeBroker } from "./fake-broker.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setup(extra: Partial<ProducerOptions> = {}) {
  const broker = await startFakeBroker();
  broker.handle(RequestCode.SEND_MESSAGE_V2, (req) =>
    reply(ResponseCode.SUCCESS, { extFields: { msgId: "OFFSETID", queueId: req.extFields.e, queueOffset: 5, MSG_REGION: "DefaultRegion" } }),
  );
  broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
  const producer = new Producer({ namesrvAddr: broker.addr, producerGroup: "pg", ...extra });
  await producer.start();
  cleanups.push(async () => {
    await producer.shutdown();
    await broker.stop();
  });
  return { broker, producer };
}

describe("producer on the wire", () => {
  test("200 concurrent first sends of a topic ask the NameServer for its route once", async () => {
    const { broker, producer } = await setup();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic: "T", body: `m${i}` })));
    expect(results.every((r) => r.sendStatus === "SEND_OK")).toBe(true);
    const lookups = broker.requests.filter((r) => r.code === RequestCode.GET_ROUTEINFO_BY_TOPIC && r.extFields.topic === "T");
    expect(lookups).toHaveLength(1);
  });

  test("requests use the ROCKETMQ binary header by default, and every field arrives", async () => {
    const { broker, producer } = await setup();
    const result = await producer.send({ topic: "T", body: "x", tags: "TagA", keys: "k1" });
    expect(result.queueOffset).toBe(5);
    const send = broker.requests.find((r) => r.code === RequestCode.SEND_MESSAGE_V2)!;
    expect(send.serializeType).toBe(SerializeType.ROCKETMQ);
    expect(send.extFields).toMatchObject({ a: "pg", b: "T", c: "TBW102", d: "4", f: "0", h: "0", j: "0", k: "false", m: "false", n: "broker-a" });
    expect(send.extFields.i).toContain("TAGS\u0001TagA");
    expect(broker.requests.every((r) => r.serializeType === SerializeType.ROCKETMQ)).toBe(true);
  });

  test("sendToQueue on a fresh producer looks the topic's route up, then sends to exactly that queue", async () => {
    const { broker, producer } = await setup();
    const result = await producer.sendToQueue({ topic: "T", body: "x" }, { topic: "T", brokerName: "broker-a", queueId: 3 });
    expect(result.messageQueue).toEqual({ topic: "T", brokerName: "broker-a", queueId: 3 });
    expect(broker.requests.find((r) => r.code === RequestCode.SEND_MESSAGE_V2)?.extFields.e).toBe("3");
  });

  test("serializeType JSON sends JSON headers", async () => {
    const { broker, producer } = await setup({ serializeType: "JSON" });
    await producer.send({ topic: "T", body: "x" });
    expect(broker.requests.length).toBeGreaterThan(0);
    expect(broker.requests.every((r) => r.serializeType === SerializeType.JSON)).toBe(true);
  });
});
