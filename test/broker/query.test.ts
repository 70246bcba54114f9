// Finding messages and moving a group: QUERY_MESSAGE (by key, by UNIQ_KEY), VIEW_MESSAGE_BY_ID and
// INVOKE_BROKER_TO_RESET_OFFSET, in-process over a real store.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { decodeRecords, formatProperties, queueOffset, RequestCode, ResponseCode } from "../../src/common/index.ts";
import type { ClientRegistryControl } from "../../src/broker/clients/index.ts";
import type { PutOk } from "../../src/store/index.ts";
import type { RemotingCommand } from "../../src/remoting/index.ts";
import { registerQueryHandlers } from "../../src/broker/query/index.ts";
import { registerAdminHandlers } from "../../src/broker/admin/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, text, type TestContext } from "./send-harness.ts";

let t: TestContext;
let handlers: HandlerTable;
let admin: { close(): void };

beforeEach(async () => {
  t = await openTestContext();
  handlers = new HandlerTable();
  registerQueryHandlers(handlers, t.ctx);
  admin = registerAdminHandlers(handlers, t.ctx, { rootDir: t.options.storePathRootDir });
});
afterEach(async () => {
  admin.close();
  await t.close();
});

async function put(topic: string, queueId: number, properties: Record<string, string>, body = "b"): Promise<PutOk> {
  const r = (await t.store.put({
    topic, queueId, flag: 0, body: bytes(body), properties: formatProperties(properties), sysFlag: 0,
    bornTimestamp: Date.now(), bornHost: { ip: "127.0.0.1", port: 5000 }, reconsumeTimes: 0, preparedTransactionOffset: 0,
  })) as PutOk;
  expect(r.status).toBe("PUT_OK");
  return r;
}

async function dispatched(topic: string, queueId: number, count: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (t.store.maxOffset(topic, queueId) < count) {
    if (Date.now() > deadline) throw new Error("not dispatched");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const query = (key: string, extra: Record<string, string | number> = {}) =>
  handlers.call(RequestCode.QUERY_MESSAGE, { topic: "Q", key, maxNum: 64, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER, ...extra });

describe("QUERY_MESSAGE and VIEW_MESSAGE_BY_ID", () => {
  test("a key query returns every message whose KEYS hold the key, with the index headers", async () => {
    await put("Q", 0, { KEYS: "order-1 user-9", TAGS: "A" }, "one");
    await put("Q", 1, { KEYS: "order-2" }, "two");
    await put("Q", 2, { KEYS: "order-1" }, "three");
    await put("Other", 0, { KEYS: "order-1" }, "elsewhere");
    await dispatched("Q", 2, 1);
    const res = await query("order-1");
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
    expect(decodeRecords(res.body!).map((r) => text(r.body)).sort()).toEqual(["one", "three"]);
    expect(Number(res.extFields.indexLastUpdatePhyoffset)).toBe(t.store.maxPhysicalOffset());
    expect(Number(res.extFields.indexLastUpdateTimestamp)).toBeGreaterThan(0);
  });

  test("a unique-key query finds the message by UNIQ_KEY; an unknown key or time range is QUERY_NOT_FOUND", async () => {
    await put("Q", 0, { UNIQ_KEY: "AC11000100002A9F0000000000000001" }, "uniq");
    await dispatched("Q", 0, 1);
    const res = await query("AC11000100002A9F0000000000000001", { _UNIQUE_KEY_QUERY: "true" });
    expect(decodeRecords(res.body!).map((r) => text(r.body))).toEqual(["uniq"]);
    expect((await query("nope")).code).toBe(ResponseCode.QUERY_NOT_FOUND);
    const past = await query("AC11000100002A9F0000000000000001", { _UNIQUE_KEY_QUERY: "true", endTimestamp: 1000 });
    expect(past.code).toBe(ResponseCode.QUERY_NOT_FOUND);
  });

  test("VIEW_MESSAGE_BY_ID returns the record at a physical offset, SYSTEM_ERROR for none", async () => {
    await put("Q", 0, {}, "first");
    const second = await put("Q", 0, { KEYS: "k" }, "second");
    const res = await handlers.call(RequestCode.VIEW_MESSAGE_BY_ID, { offset: second.physicalOffset });
    const [record] = decodeRecords(res.body!);
    expect(text(record!.body)).toBe("second");
    expect(record!.queueOffset).toBe(1);
    const missing = await handlers.call(RequestCode.VIEW_MESSAGE_BY_ID, { offset: 99_999_999 });
    expect(missing.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(missing.remark).toBe("can not find message by the offset, 99999999");
  });
});

describe("INVOKE_BROKER_TO_RESET_OFFSET", () => {
  const topic = (topicName: string, queues: number) =>
    t.ctx.topics.put({ topicName, readQueueNums: queues, writeQueueNums: queues, perm: 6, topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false });

  test("stores the offsets of a timestamp as the group's, tells live consumers, answers the table", async () => {
    topic("R", 2);
    await put("R", 0, {});
    await put("R", 1, {});
    await dispatched("R", 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const middle = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await put("R", 0, {});
    await dispatched("R", 0, 2);
    for (const q of [0, 1]) t.store.meta.consumerOffsets.commit("g", "R", q, queueOffset(t.store.maxOffset("R", q)));
    const sent: RemotingCommand[] = [];
    const conn = { ...fakeConnection(), invokeOneway: (cmd: RemotingCommand) => void sent.push(cmd) };
    // the registry is fed by heartbeats; register one consumer directly
    (t.ctx.clients as ClientRegistryControl).registerConsumer(
      { group: "g", consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING", consumeFromWhere: "CONSUME_FROM_LAST_OFFSET", subscriptions: [] },
      { clientId: "c1", connection: conn, language: "JAVA", version: 409, lastUpdateTimestamp: Date.now() },
    );
    const res = await handlers.call(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic: "R", group: "g", timestamp: middle, isForce: true });
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
    const table = `{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"R"}:1,{"brokerName":"broker-a","queueId":1,"topic":"R"}:1}}`;
    expect(text(res.body)).toBe(table);
    expect(t.store.meta.consumerOffsets.query("g", "R", 0)).toBe(queueOffset(1));
    expect(t.store.meta.consumerOffsets.query("g", "R", 1)).toBe(queueOffset(1));
    const told = sent.filter((cmd) => cmd.code === RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
    expect(told).toHaveLength(1);
    expect(told[0]!.code).toBe(RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
    expect(told[0]!.extFields).toMatchObject({ topic: "R", group: "g", timestamp: String(middle), isForce: "true" });
    expect(text(told[0]!.body)).toBe(table);
  });

  test("without force a queue only moves backwards; an unknown topic is SYSTEM_ERROR", async () => {
    topic("R2", 1);
    await put("R2", 0, {});
    await put("R2", 0, {});
    await dispatched("R2", 0, 2);
    t.store.meta.consumerOffsets.commit("g", "R2", 0, queueOffset(1));
    const res = await handlers.call(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic: "R2", group: "g", timestamp: -1, isForce: false });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.store.meta.consumerOffsets.query("g", "R2", 0)).toBe(queueOffset(1));
    const unknown = await handlers.call(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic: "Nope", group: "g", timestamp: 0, isForce: true });
    expect(unknown.code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
