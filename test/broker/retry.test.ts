// CONSUMER_SEND_MSG_BACK and the client's fallback re-send, in-process over a real store: where
// the copy of a failed message goes (retry through a delay level, or the DLQ) and what it carries.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  decodeRecord,
  formatProperties,
  offsetMsgId,
  parseProperties,
  queueOffset,
  RequestCode,
  ResponseCode,
  type MessageRecord,
} from "../../src/common/index.ts";
import type { MessageStore, PutOk } from "../../src/store/index.ts";
import { registerRetryHandlers } from "../../src/broker/retry/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { QueueLockTable } from "../../src/broker/lock/index.ts";
import { newGroupConfig } from "../../src/broker/topics/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { bytes, HandlerTable, openTestContext, sendHeader, text, type TestContext } from "./send-harness.ts";

let t: TestContext;
let handlers: HandlerTable;
let locks: QueueLockTable;

beforeEach(async () => {
  t = await openTestContext();
  handlers = new HandlerTable();
  locks = new QueueLockTable();
  registerRetryHandlers(handlers, t.ctx);
  registerSendHandlers(handlers, t.ctx, { isLockAllExpired: (g) => locks.isLockAllExpired(g) });
});
afterEach(async () => {
  await t.close();
});

/** Stores a message as a producer would have; resolves to its physical offset. */
async function storeOriginal(reconsumeTimes = 0, properties: Record<string, string> = { TAGS: "TagA", KEYS: "k1", UNIQ_KEY: "U1" }) {
  const put = (await t.store.put({
    topic: "Orders", queueId: 1, flag: 3, body: bytes("payload"), properties: formatProperties(properties), sysFlag: 0,
    bornTimestamp: 1_700_000_000_000, bornHost: { ip: "10.0.0.7", port: 4000 }, reconsumeTimes, preparedTransactionOffset: 0,
  })) as PutOk;
  expect(put.status).toBe("PUT_OK");
  return put.physicalOffset;
}

async function records(store: MessageStore, topic: string, queueId: number, count: number): Promise<MessageRecord[]> {
  const deadline = Date.now() + 3000;
  while (store.maxOffset(topic, queueId) < count) {
    if (Date.now() > deadline) throw new Error(`${topic}:${queueId} never reached ${count} messages`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return store.getMessages(topic, queueId, queueOffset(0), count).records.map((r) => decodeRecord(r));
}

const sendBack = (ext: Record<string, string | number | boolean>) => handlers.call(RequestCode.CONSUMER_SEND_MSG_BACK, ext);

describe("CONSUMER_SEND_MSG_BACK", () => {
  test("a first failure is parked at delay level 3 for %RETRY%<group>, with the original topic and id", async () => {
    t.ctx.groups.put({ ...newGroupConfig("cg"), retryQueueNums: 2 });
    const offset = await storeOriginal();
    const res = await sendBack({ offset, group: "cg", delayLevel: 0, originMsgId: "x", maxReconsumeTimes: 16 });
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%RETRY%cg")).toMatchObject({ readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    const [parked] = await records(t.store, "SCHEDULE_TOPIC_XXXX", 2, 1);
    const props = parseProperties(parked!.properties);
    expect(props.get("REAL_TOPIC")).toBe("%RETRY%cg");
    expect(Number(props.get("REAL_QID"))).toBeLessThan(2);
    expect(props.get("DELAY")).toBe("3");
    expect(props.get("RETRY_TOPIC")).toBe("Orders");
    expect(props.get("ORIGIN_MESSAGE_ID")).toBe(offsetMsgId({ ip: "127.0.0.1", port: 10911 }, offset));
    expect(props.get("KEYS")).toBe("k1");
    expect(parked!.reconsumeTimes).toBe(1);
    expect(parked!.flag).toBe(3);
    expect(parked!.bornHost).toEqual({ ip: "10.0.0.7", port: 4000 });
    expect(text(parked!.body)).toBe("payload");
  });

  test("the n-th failure uses level 3 + n, or the level the client asks for", async () => {
    const offset = await storeOriginal(4);
    expect((await sendBack({ offset, group: "cg", delayLevel: 0 })).code).toBe(ResponseCode.SUCCESS);
    expect((await records(t.store, "SCHEDULE_TOPIC_XXXX", 6, 1))[0]!.reconsumeTimes).toBe(5);
    expect((await sendBack({ offset, group: "cg", delayLevel: 1 })).code).toBe(ResponseCode.SUCCESS);
    expect(parseProperties((await records(t.store, "SCHEDULE_TOPIC_XXXX", 0, 1))[0]!.properties).get("DELAY")).toBe("1");
  });

  test("a retry keeps the first ORIGIN_MESSAGE_ID and RETRY_TOPIC", async () => {
    const offset = await storeOriginal(2, { TAGS: "T", RETRY_TOPIC: "Orders", ORIGIN_MESSAGE_ID: "FIRST" });
    expect((await sendBack({ offset, group: "cg", delayLevel: 0 })).code).toBe(ResponseCode.SUCCESS);
    const props = parseProperties((await records(t.store, "SCHEDULE_TOPIC_XXXX", 4, 1))[0]!.properties);
    expect(props.get("ORIGIN_MESSAGE_ID")).toBe("FIRST");
    expect(props.get("RETRY_TOPIC")).toBe("Orders");
  });

  test("without maxReconsumeTimes in the header the group's retryMaxTimes decides the DLQ", async () => {
    t.ctx.groups.put({ ...newGroupConfig("cg"), retryMaxTimes: 2 });
    const under = await storeOriginal(1);
    expect((await sendBack({ offset: under, group: "cg", delayLevel: 0 })).code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%DLQ%cg")).toBeUndefined();
    const over = await storeOriginal(2);
    expect((await sendBack({ offset: over, group: "cg", delayLevel: 0 })).code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%DLQ%cg")).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    const [dead] = await records(t.store, "%DLQ%cg", 0, 1);
    const props = parseProperties(dead!.properties);
    expect(dead!.reconsumeTimes).toBe(3);
    expect(props.has("DELAY")).toBe(false);
    expect(props.get("RETRY_TOPIC")).toBe("Orders");
    expect(props.get("DLQ_ORIGIN_TOPIC")).toBe("Orders");
    expect(props.get("DLQ_ORIGIN_MESSAGE_ID")).toBe("U1");
  });

  test("the header's maxReconsumeTimes wins over the group's, and delayLevel < 0 means the DLQ at once", async () => {
    t.ctx.groups.put({ ...newGroupConfig("cg"), retryMaxTimes: 1 });
    const offset = await storeOriginal(5);
    expect((await sendBack({ offset, group: "cg", delayLevel: 0, maxReconsumeTimes: 16 })).code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%DLQ%cg")).toBeUndefined();
    expect((await sendBack({ offset: await storeOriginal(0), group: "cg", delayLevel: -1 })).code).toBe(ResponseCode.SUCCESS);
    expect(await records(t.store, "%DLQ%cg", 0, 1)).toHaveLength(1);
  });

  test("an offset with no message is SYSTEM_ERROR; a group with retryQueueNums 0 is answered and ignored", async () => {
    const res = await sendBack({ offset: 1_000_000, group: "cg", delayLevel: 0 });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("1000000");
    t.ctx.groups.put({ ...newGroupConfig("quiet"), retryQueueNums: 0 });
    expect((await sendBack({ offset: await storeOriginal(), group: "quiet", delayLevel: 0 })).code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%RETRY%quiet")).toBeUndefined();
  });
});

describe("the client's fallback re-send to %RETRY%<group>", () => {
  const resend = (h: { reconsumeTimes: number; maxReconsumeTimes?: number }, properties: Record<string, string>) =>
    handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(
      sendHeader({ producerGroup: "CLIENT_INNER_PRODUCER", topic: "%RETRY%cg", properties: formatProperties(properties), ...h }),
    ), bytes("again"));

  test("goes to the DLQ only when RECONSUME_TIME exceeds MAX_RECONSUME_TIMES (properties when the header has none)", async () => {
    expect((await resend({ reconsumeTimes: 0 }, { RETRY_TOPIC: "Orders", RECONSUME_TIME: "16", MAX_RECONSUME_TIMES: "16" })).code).toBe(0);
    expect(t.ctx.topics.get("%DLQ%cg")).toBeUndefined();
    expect((await resend({ reconsumeTimes: 0 }, { RETRY_TOPIC: "Orders", RECONSUME_TIME: "17", MAX_RECONSUME_TIMES: "16" })).code).toBe(0);
    expect(await records(t.store, "%DLQ%cg", 0, 1)).toHaveLength(1);
  });

  test("goes straight to the DLQ while the group holds ordered-consumption locks", async () => {
    locks.lock("cg", "client-1", [{ topic: "Orders", brokerName: "broker-a", queueId: 0 }]);
    expect((await resend({ reconsumeTimes: 1, maxReconsumeTimes: 16 }, { RETRY_TOPIC: "Orders", DELAY: "4" })).code).toBe(0);
    const [dead] = await records(t.store, "%DLQ%cg", 0, 1);
    expect(parseProperties(dead!.properties).has("DELAY")).toBe(false);
  });
});
