// The client signs when given accessKey and secretKey, as Java's AclClientRPCHook: every request
// it sends (route lookups, heartbeats, sends) carries AccessKey and a Signature valid for the
// secret, in both header serializations; without keys nothing is signed; one key alone is refused.
import { afterEach, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { hasValidSignature, reply } from "../../src/remoting/index.ts";
import { Producer, type ProducerOptions } from "../../src/client/index.ts";
import { routeTo, startFakeBroker } from "./fake-broker.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function sendOne(extra: Partial<ProducerOptions>) {
  const broker = await startFakeBroker();
  broker.handle(RequestCode.SEND_MESSAGE_V2, (req) =>
    reply(ResponseCode.SUCCESS, { extFields: { msgId: "OFFSETID", queueId: req.extFields.e, queueOffset: 5 } }));
  broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
  const producer = new Producer({ namesrvAddr: broker.addr, producerGroup: "pg", ...extra });
  cleanups.push(async () => {
    await producer.shutdown();
    await broker.stop();
  });
  await producer.start();
  await producer.send({ topic: "T", body: new TextEncoder().encode("hello") });
  return broker.requests;
}

for (const serializeType of ["ROCKETMQ", "JSON"] as const) {
  test(`with accessKey and secretKey every request is signed for that secret (${serializeType} headers)`, async () => {
    const requests = await sendOne({ accessKey: "ak-client", secretKey: "sk-client-1", securityToken: "tok", serializeType });
    expect(requests.map((r) => r.code)).toContain(RequestCode.SEND_MESSAGE_V2);
    for (const r of requests) {
      expect(r.extFields).toMatchObject({ AccessKey: "ak-client", SecurityToken: "tok" });
      expect(hasValidSignature(r, "sk-client-1")).toBe(true);
      expect(hasValidSignature(r, "another-secret")).toBe(false);
    }
  });
}

test("without keys nothing is signed", async () => {
  for (const r of await sendOne({})) expect(r.extFields.Signature).toBeUndefined();
});

test("an accessKey without a secretKey is refused before anything is sent", () => {
  expect(() => new Producer({ namesrvAddr: "127.0.0.1:1", producerGroup: "pg", accessKey: "ak" }))
    .toThrow("ACL credentials need both accessKey and secretKey");
});
