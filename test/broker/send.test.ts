// The send path in-process: SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE handlers over a
// real store, checked through the reply and the stored records.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  decodeRecord,
  encodeBatchBody,
  formatProperties,
  parseProperties,
  queueOffset,
  RequestCode,
  ResponseCode,
  type MessageRecord,
} from "../../src/common/index.ts";
import type { MessageStore } from "../../src/store/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { encodeSendHeaderV2, type BrokerInit, type SendHeader } from "../../src/broker/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, sendHeader, text, type TestContext } from "./send-harness.ts";

let t: TestContext;
let handlers: HandlerTable;

async function setup(overrides: Partial<BrokerInit> = {}): Promise<void> {
  t = await openTestContext(overrides);
  handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
}

afterEach(async () => {
  await t.close();
});

const header = (overrides: Partial<SendHeader> = {}): SendHeader =>
  sendHeader({
    bornTimestamp: 1_700_000_000_000,
    properties: formatProperties({ TAGS: "TagA", WAIT: "true", UNIQ_KEY: "ABC" }),
    ...overrides,
  });

const sendV2 = (h: Partial<SendHeader> = {}, body = bytes("hello")) =>
  handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header(h)), body);

/** The stored records of a queue from `from` on, once dispatched. */
async function stored(store: MessageStore, topic: string, queueId: number, count: number, from = 0): Promise<MessageRecord[]> {
  const deadline = Date.now() + 3000;
  while (store.maxOffset(topic, queueId) < from + count) {
    if (Date.now() > deadline) throw new Error(`${topic}:${queueId} never reached ${from + count} messages`);
    await new Promise<void>((resolve) => {
      const off = store.onDispatch(() => {
        off();
        resolve();
      });
      setTimeout(() => {
        off();
        resolve();
      }, 50);
    });
  }
  const result = store.getMessages(topic, queueId, queueOffset(from), count);
  return result.records.map((r) => decodeRecord(r));
}

describe("SEND_MESSAGE_V2", () => {
  beforeEach(() => setup());

  test("stores the message and answers msgId, queueId, queueOffset, MSG_REGION and TRACE_ON as strings", async () => {
    const res = await sendV2({ queueId: 1 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.msgId).toMatch(/^7F00000100002A9F[0-9A-F]{16}$/);
    expect(res.extFields.queueId).toBe("1");
    expect(res.extFields.queueOffset).toBe("0");
    expect(res.extFields.MSG_REGION).toBe("DefaultRegion");
    expect(res.extFields.TRACE_ON).toBe("true");
    const second = await sendV2({ queueId: 1 });
    expect(second.extFields.queueOffset).toBe("1");
  });

  test("keeps WAIT and stamps CLUSTER, MSG_REGION and TRACE_ON in the stored properties, as Apache RocketMQ 5.5.0 stores them; born host comes from the connection", async () => {
    const res = await handlers.call(
      RequestCode.SEND_MESSAGE_V2,
      encodeSendHeaderV2(header({ queueId: 2 })),
      bytes("payload"),
      fakeConnection("127.0.0.9:43210"),
    );
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const [record] = await stored(t.store, "TopicTest", 2, 1);
    const props = parseProperties(record?.properties ?? "");
    expect(props.get("WAIT")).toBe("true");
    expect(props.get("CLUSTER")).toBe("DefaultCluster");
    // As RocketMQ 5 stores them: a 5.x consumer traces only messages that carry MSG_REGION.
    expect(props.get("MSG_REGION")).toBe("DefaultRegion");
    expect(props.get("TRACE_ON")).toBe("true");
    expect(props.get("TAGS")).toBe("TagA");
    expect(text(record?.body)).toBe("payload");
    expect(record?.bornHost).toEqual({ ip: "127.0.0.9", port: 43210 });
    expect(record?.bornTimestamp).toBe(1_700_000_000_000);
  });

  test("auto-creates an unknown topic from TBW102 with min(client, TBW102) queues and perm without inherit", async () => {
    const before = t.topicChanges();
    const res = await sendV2({ topic: "NewTopic", defaultTopicQueueNums: 4 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("NewTopic")).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    expect(t.topicChanges()).toBe(before + 1);
  });

  test("a transactional half message is stored but not delivered before commit", async () => {
    const res = await sendV2({ queueId: 3, sysFlag: 0x4, properties: formatProperties({ TAGS: "TagA", TRAN_MSG: "true", PGROUP: "pg" }) });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.store.maxOffset("TopicTest", 3)).toBe(queueOffset(0));
    expect(t.store.maxOffset("RMQ_SYS_TRANS_HALF_TOPIC", 0)).toBe(queueOffset(1));
  });

  test("a negative queueId picks one of the writable queues", async () => {
    const res = await sendV2({ queueId: -1 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const picked = Number(res.extFields.queueId);
    expect(picked).toBeGreaterThanOrEqual(0);
    expect(picked).toBeLessThan(4);
  });

  test("a queueId past the topic's queues is refused", async () => {
    await sendV2();
    const res = await sendV2({ queueId: 4 });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("queueId[4] is illegal");
  });

  test("a body over maxMessageSize is MESSAGE_ILLEGAL with Apache RocketMQ's remark, then the body's size", async () => {
    const res = await sendV2({}, new Uint8Array(64 * 1024 + 1));
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(res.remark).toStartWith("the message is illegal, maybe msg body or properties length not matched. msg body length limit 65536B, msg properties length limit 32KB.");
    expect(res.remark).toContain("65537");
    expect(res.remark).toContain("maxMessageSize=65536");
  });

  test("properties over 32767 bytes are MESSAGE_ILLEGAL", async () => {
    const res = await sendV2({ properties: formatProperties({ KEYS: "k".repeat(33_000) }) });
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(res.remark).toContain("properties");
  });

  test("an invalid or too long topic name is MESSAGE_ILLEGAL with the reason", async () => {
    const bad = await sendV2({ topic: "bad topic!" });
    expect(bad.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(bad.remark).toContain("illegal characters");
    const long = await sendV2({ topic: "T".repeat(128) });
    expect(long.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(long.remark).toContain("longer than 127");
  });

  test("a topic without the write permission refuses sends with NO_PERMISSION", async () => {
    t.ctx.topics.put({ ...newTopicConfig("ReadOnly", 4), perm: 4 });
    const res = await sendV2({ topic: "ReadOnly" });
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
    expect(res.remark).toContain("ReadOnly");
  });

  test("system topics only the broker writes refuse sends", async () => {
    const res = await sendV2({ topic: "SCHEDULE_TOPIC_XXXX" });
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
  });

  test("a DELAY level parks the message in SCHEDULE_TOPIC_XXXX queue level-1 with REAL_TOPIC and REAL_QID", async () => {
    const res = await sendV2({ queueId: 3, properties: formatProperties({ DELAY: "3", TAGS: "T" }) });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.queueId).toBe("3");
    const [record] = await stored(t.store, "SCHEDULE_TOPIC_XXXX", 2, 1);
    const props = parseProperties(record?.properties ?? "");
    expect(props.get("REAL_TOPIC")).toBe("TopicTest");
    expect(props.get("REAL_QID")).toBe("3");
    expect(t.store.maxOffset("TopicTest", 3)).toBe(queueOffset(0));
  });

  test("a delay level above the highest is clamped to it", async () => {
    await sendV2({ properties: formatProperties({ DELAY: "99" }) });
    const [record] = await stored(t.store, "SCHEDULE_TOPIC_XXXX", 17, 1);
    expect(parseProperties(record?.properties ?? "").get("DELAY")).toBe("18");
  });

  test("a retry message past maxReconsumeTimes goes to the group's DLQ topic", async () => {
    // RocketMQ's handleRetryAndDLQ: reconsumeTimes > maxReconsumeTimes (strictly)
    const res = await sendV2({ topic: "%RETRY%cg", reconsumeTimes: 4, maxReconsumeTimes: 3 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("%DLQ%cg")).toMatchObject({ readQueueNums: 1, perm: 6 });
    expect(t.ctx.topics.get("%RETRY%cg")).toMatchObject({ writeQueueNums: 1 });
    expect(await stored(t.store, "%DLQ%cg", 0, 1)).toHaveLength(1);
  });

  test("a retry message under maxReconsumeTimes stays in the retry topic", async () => {
    const res = await sendV2({ topic: "%RETRY%cg", reconsumeTimes: 1, maxReconsumeTimes: 3 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(await stored(t.store, "%RETRY%cg", 0, 1)).toHaveLength(1);
    expect(t.ctx.topics.get("%DLQ%cg")).toBeUndefined();
  });

  test("a missing required header field is SYSTEM_ERROR naming the field", async () => {
    const ext = encodeSendHeaderV2(header());
    delete ext.b;
    const res = await handlers.call(RequestCode.SEND_MESSAGE_V2, ext, bytes("x"));
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("<b>");
  });
});

describe("SEND_MESSAGE (long header names)", () => {
  beforeEach(() => setup());

  test("stores with the V1 header", async () => {
    const h = header({ queueId: 1 });
    const res = await handlers.call(RequestCode.SEND_MESSAGE, { ...h }, bytes("v1"));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.queueId).toBe("1");
    const [record] = await stored(t.store, "TopicTest", 1, 1);
    expect(text(record?.body)).toBe("v1");
  });
});

describe("SEND_BATCH_MESSAGE", () => {
  beforeEach(() => setup());

  test("stores every element with consecutive offsets and answers the comma-joined msgIds", async () => {
    const body = encodeBatchBody(
      ["a", "b", "c"].map((s, i) => ({ flag: i, body: bytes(s), properties: formatProperties({ UNIQ_KEY: `U${i}`, WAIT: "true" }) })),
    );
    const res = await handlers.call(
      RequestCode.SEND_BATCH_MESSAGE,
      encodeSendHeaderV2(header({ queueId: 0, batch: true, properties: formatProperties({ BATCHPROP: "1" }) })),
      body,
    );
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const ids = (res.extFields.msgId ?? "").split(",");
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(res.extFields.queueOffset).toBe("0");
    const records = await stored(t.store, "TopicTest", 0, 3);
    expect(records.map((r) => text(r.body))).toEqual(["a", "b", "c"]);
    expect(records.map((r) => r.queueOffset)).toEqual([0, 1, 2]);
    for (const [i, r] of records.entries()) {
      const props = parseProperties(r.properties);
      expect(props.get("UNIQ_KEY")).toBe(`U${i}`);
      expect(props.get("BATCHPROP")).toBe("1");
      expect(props.get("CLUSTER")).toBe("DefaultCluster");
      expect(props.get("WAIT")).toBe("true");
      expect(r.flag).toBe(i);
    }
  });

  test("a malformed batch body is MESSAGE_ILLEGAL", async () => {
    const res = await handlers.call(RequestCode.SEND_BATCH_MESSAGE, encodeSendHeaderV2(header()), bytes("garbage!"));
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(res.remark).toContain("malformed");
  });

  test("a batch to a retry topic is refused", async () => {
    const body = encodeBatchBody([{ flag: 0, body: bytes("a"), properties: "" }]);
    const res = await handlers.call(RequestCode.SEND_BATCH_MESSAGE, encodeSendHeaderV2(header({ topic: "%RETRY%g" })), body);
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
  });
});

describe("broker-wide refusals", () => {
  test("without autoCreateTopicEnable an unknown topic is TOPIC_NOT_EXIST", async () => {
    await setup({ autoCreateTopicEnable: false });
    expect(t.ctx.topics.get("TBW102")).toBeUndefined();
    const res = await sendV2({ topic: "Unknown" });
    expect(res.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(res.remark).toContain("topic[Unknown] not exist");
  });

  test("a broker without the write permission answers NO_PERMISSION", async () => {
    await setup({ brokerPermission: 4 });
    const res = await sendV2();
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
  });

  test("a slave answers SERVICE_NOT_AVAILABLE with the reason", async () => {
    await setup({ brokerRole: "SLAVE", brokerId: 1 });
    const res = await sendV2();
    expect(res.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(res.remark).toContain("slave");
  });

  test("SYNC_FLUSH answers SEND_OK (SUCCESS) once flushed", async () => {
    await setup({ flushDiskType: "SYNC_FLUSH" });
    const res = await sendV2();
    expect(res.code).toBe(ResponseCode.SUCCESS);
  });
});
