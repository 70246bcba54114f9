import { describe, expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { decodeBatchBody, parseProperties, RequestCode, ResponseCode } from "../../src/common/index.ts";
import { reply } from "../../src/remoting/index.ts";
import { ClientError, type MessageQueue } from "../../src/client/index.ts";
import { batchRequest, prepareMessage, sendRequest, toSendResult, type SendSettings } from "../../src/client/send-request.ts";

const settings: SendSettings = { producerGroup: "pg", defaultTopicQueueNums: 4, compressMsgBodyOverHowmuch: 4096, maxMessageBytes: 1 << 20 };
const mq: MessageQueue = { topic: "T", brokerName: "broker-a", queueId: 2 };
let n = 0;
const uniq = () => `UNIQ${n++}`;

describe("SEND_MESSAGE_V2 requests", () => {
  test("short header names carry group, topic, TBW102, queue, flag and the properties string", () => {
    const m = prepareMessage({ topic: "T", body: "hello", tags: "TagA", keys: ["k1", "k2"], delayTimeLevel: 3, properties: { color: "red" }, flag: 7 }, uniq, 1 << 20);
    const cmd = sendRequest(m, mq, settings);
    expect(cmd.code).toBe(RequestCode.SEND_MESSAGE_V2);
    expect(cmd.version).toBe(409);
    expect(cmd.language).toBe("JAVA");
    const h = cmd.extFields;
    expect([h.a, h.b, h.c, h.d, h.e, h.f, h.h, h.j, h.k, h.m, h.n]).toEqual(["pg", "T", "TBW102", "4", "2", "0", "7", "0", "false", "false", "broker-a"]);
    expect(Math.abs(Number(h.g) - Date.now())).toBeLessThan(5000);
    const props = parseProperties(h.i ?? "");
    expect(Object.fromEntries(props)).toEqual({ color: "red", TAGS: "TagA", KEYS: "k1 k2", DELAY: "3", WAIT: "true", UNIQ_KEY: m.uniqKey });
    expect(new TextDecoder().decode(cmd.body)).toBe("hello");
  });

  test("a body at the compression threshold goes out zlib-compressed with sysFlag 0x301", () => {
    const body = new TextEncoder().encode("x".repeat(4096));
    const cmd = sendRequest(prepareMessage({ topic: "T", body }, uniq, 1 << 20), mq, settings);
    expect(Number(cmd.extFields.f)).toBe(0x301);
    expect(cmd.body!.length).toBeLessThan(body.length);
    expect(new Uint8Array(inflateSync(cmd.body!))).toEqual(body);
    const small = sendRequest(prepareMessage({ topic: "T", body: "x".repeat(4095) }, uniq, 1 << 20), mq, settings);
    expect(small.extFields.f).toBe("0");
  });

  test("a %RETRY% message moves RECONSUME_TIME and MAX_RECONSUME_TIMES into the header", () => {
    const m = prepareMessage({ topic: "%RETRY%cg", body: "b", properties: { RECONSUME_TIME: "2", MAX_RECONSUME_TIMES: "16", RETRY_TOPIC: "T" } }, uniq, 1 << 20);
    const cmd = sendRequest(m, { ...mq, topic: "%RETRY%cg" }, settings);
    expect(cmd.extFields.j).toBe("2");
    expect(cmd.extFields.l).toBe("16");
    const props = parseProperties(cmd.extFields.i ?? "");
    expect(props.has("RECONSUME_TIME")).toBe(false);
    expect(props.get("RETRY_TOPIC")).toBe("T");
  });

  test("invalid topics, empty and oversized bodies are refused before sending", () => {
    expect(() => prepareMessage({ topic: "bad topic", body: "x" }, uniq, 10)).toThrow(ClientError);
    expect(() => prepareMessage({ topic: "T", body: "" }, uniq, 10)).toThrow(/empty/);
    expect(() => prepareMessage({ topic: "T", body: "x".repeat(11) }, uniq, 10)).toThrow(/over 10/);
  });

  test("an invalid topic is refused on every send, also after valid ones passed", () => {
    for (let i = 0; i < 3; i++) {
      expect(prepareMessage({ topic: "T", body: "x" }, uniq, 10).topic).toBe("T");
      expect(() => prepareMessage({ topic: "bad topic", body: "x" }, uniq, 10)).toThrow(/invalid topic name "bad topic"/);
    }
  });

  test("a message's own UNIQ_KEY is kept, WAIT follows waitStoreMsgOk, and timer properties are set", () => {
    const m = prepareMessage({ topic: "T", body: "x", properties: { UNIQ_KEY: "MINE" }, waitStoreMsgOk: false, deliverTimeMs: 1234.7 }, uniq, 10);
    expect(m.uniqKey).toBe("MINE");
    expect(Object.fromEntries(m.properties)).toEqual({ UNIQ_KEY: "MINE", WAIT: "false", TIMER_DELIVER_MS: "1234" });
  });
});

describe("SEND_BATCH_MESSAGE requests", () => {
  test("one element per message with its own properties, batch flag set", () => {
    const ms = ["a", "bb", "ccc"].map((body, i) => prepareMessage({ topic: "T", body, tags: `t${i}` }, uniq, 1 << 20));
    const cmd = batchRequest(ms, mq, settings);
    expect(cmd.code).toBe(RequestCode.SEND_BATCH_MESSAGE);
    expect(cmd.extFields.m).toBe("true");
    const elements = decodeBatchBody(cmd.body!);
    expect(elements.map((e) => new TextDecoder().decode(e.body))).toEqual(["a", "bb", "ccc"]);
    expect(elements.map((e) => parseProperties(e.properties).get("UNIQ_KEY"))).toEqual(ms.map((m) => m.uniqKey));
    expect(elements.map((e) => parseProperties(e.properties).get("TAGS"))).toEqual(["t0", "t1", "t2"]);
  });

  test("mixed topics, delay levels and retry topics are refused", () => {
    const a = prepareMessage({ topic: "T", body: "a" }, uniq, 100);
    expect(() => batchRequest([a, prepareMessage({ topic: "U", body: "b" }, uniq, 100)], mq, settings)).toThrow(/same topic/);
    expect(() => batchRequest([prepareMessage({ topic: "T", body: "b", delayTimeLevel: 2 }, uniq, 100)], mq, settings)).toThrow(/delay/);
    expect(() => batchRequest([], mq, settings)).toThrow(/at least one/);
  });
});

describe("send result mapping", () => {
  const answer = (code: number) => reply(code, { extFields: { msgId: "C0A8000A00002A9F0000000000001F40", queueId: "3", queueOffset: "12", MSG_REGION: "DefaultRegion" } });

  test("SUCCESS becomes SEND_OK with the broker's queue, offset and offsetMsgId", () => {
    const r = toSendResult(answer(ResponseCode.SUCCESS), mq, ["U1", "U2"]);
    expect(r).toEqual({
      sendStatus: "SEND_OK",
      msgId: "U1,U2",
      offsetMsgId: "C0A8000A00002A9F0000000000001F40",
      messageQueue: { topic: "T", brokerName: "broker-a", queueId: 3 },
      queueOffset: 12,
      regionId: "DefaultRegion",
    });
  });

  test("flush and slave codes are stored-but-degraded statuses; other codes throw with the code", () => {
    expect(toSendResult(answer(ResponseCode.FLUSH_DISK_TIMEOUT), mq, ["U"]).sendStatus).toBe("FLUSH_DISK_TIMEOUT");
    expect(toSendResult(answer(ResponseCode.FLUSH_SLAVE_TIMEOUT), mq, ["U"]).sendStatus).toBe("FLUSH_SLAVE_TIMEOUT");
    expect(toSendResult(answer(ResponseCode.SLAVE_NOT_AVAILABLE), mq, ["U"]).sendStatus).toBe("SLAVE_NOT_AVAILABLE");
    try {
      toSendResult(reply(ResponseCode.TOPIC_NOT_EXIST, { remark: "no topic" }), mq, ["U"]);
      throw new Error("expected a throw");
    } catch (err) {
      expect(err).toBeInstanceOf(ClientError);
      expect((err as ClientError).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    }
  });
});
