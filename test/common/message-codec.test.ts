import { describe, expect, test } from "bun:test";
import {
  bodyCrc,
  decodeBatchBody,
  decodeOffsetMsgId,
  decodeRecord,
  decodeRecords,
  encodeBatchBody,
  encodeRecord,
  formatProperties,
  javaStringHash,
  MAGIC_V1,
  MAGIC_V2,
  offsetMsgId,
  parseProperties,
  propertyOf,
  type MessageRecord,
} from "../../src/common/index.ts";

const utf8 = new TextEncoder();

function sampleRecord(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const body = utf8.encode("héllo wörld");
  return {
    bodyCrc: bodyCrc(body),
    queueId: 7,
    flag: -3,
    queueOffset: 2 ** 40 + 5,
    physicalOffset: 2 ** 45 + 11,
    sysFlag: 0x8,
    bornTimestamp: 1_700_000_000_123,
    bornHost: { ip: "10.1.2.3", port: 50123 },
    storeTimestamp: 1_700_000_000_456,
    storeHost: { ip: "192.168.0.10", port: 10911 },
    reconsumeTimes: 3,
    preparedTransactionOffset: 2 ** 33 + 1,
    body,
    topic: "TopicTest",
    properties: formatProperties({ TAGS: "TagA", KEYS: "k1 k2", UNIQ_KEY: "ABC" }),
    ...overrides,
  };
}

describe("record codec", () => {
  test("every field survives a round trip", () => {
    const record = sampleRecord();
    const bytes = encodeRecord(record);
    expect(bytes.length).toBe(91 + record.body.length + 9 + utf8.encode(record.properties).length);
    const decoded = decodeRecord(bytes);
    expect(decoded.totalSize).toBe(bytes.length);
    expect(decoded.magic).toBe(MAGIC_V1);
    const { totalSize: _size, magic: _magic, ...fields } = decoded;
    expect({ ...fields, body: [...fields.body] }).toEqual({ ...record, body: [...record.body] });
  });

  test("a topic longer than 127 bytes is written with the V2 magic and decodes", () => {
    const topic = "%RETRY%" + "g".repeat(150);
    const decoded = decodeRecord(encodeRecord(sampleRecord({ topic })));
    expect(decoded.magic).toBe(MAGIC_V2);
    expect(decoded.topic).toBe(topic);
  });

  test("concatenated records decode one after another", () => {
    const bytes = new Uint8Array([...encodeRecord(sampleRecord({ queueId: 1 })), ...encodeRecord(sampleRecord({ queueId: 2 }))]);
    expect(decodeRecords(bytes).map((r) => r.queueId)).toEqual([1, 2]);
  });

  test("records in a row with topics and hosts alike in length or bytes each decode as written", () => {
    const rows = [
      { topic: "TopicA", bornHost: { ip: "10.0.0.1", port: 1 }, storeHost: { ip: "10.0.0.1", port: 2 } },
      { topic: "TopicB", bornHost: { ip: "10.0.0.2", port: 1 }, storeHost: { ip: "10.0.0.1", port: 3 } },
      { topic: "TopicB", bornHost: { ip: "10.0.0.2", port: 1 }, storeHost: { ip: "1.0.0.10", port: 3 } },
      { topic: "TópicA", bornHost: { ip: "255.255.255.255", port: 65535 }, storeHost: { ip: "0.0.0.0", port: 0 } },
      { topic: "TopicA", bornHost: { ip: "10.0.0.1", port: 1 }, storeHost: { ip: "10.0.0.1", port: 2 } },
    ];
    const bytes = new Uint8Array(rows.flatMap((row) => [...encodeRecord(sampleRecord(row))]));
    expect(decodeRecords(bytes).map(({ topic, bornHost, storeHost }) => ({ topic, bornHost, storeHost }))).toEqual(rows);
  });

  test("the body CRC is the standard CRC-32 with the sign bit cleared", () => {
    expect(bodyCrc(utf8.encode("123456789"))).toBe(0xcbf43926 & 0x7fffffff);
  });
});

describe("properties", () => {
  test("parse and format are inverse, and a trailing separator is tolerated", () => {
    const text = formatProperties({ TAGS: "a", KEYS: "x y" });
    expect(text).toBe("TAGS\u0001a\u0002KEYS\u0001x y");
    expect(parseProperties(text + "\u0002")).toEqual(new Map([["TAGS", "a"], ["KEYS", "x y"]]));
    expect(propertyOf(text, "KEYS")).toBe("x y");
    expect(propertyOf(text, "KEY")).toBeUndefined();
  });
});

describe("java String.hashCode", () => {
  test("matches Java for ASCII, overflow and UTF-16 input", () => {
    expect(javaStringHash("")).toBe(0);
    expect(javaStringHash("abc")).toBe(96354);
    expect(javaStringHash("TagA")).toBe(2598919);
    expect(javaStringHash("hello world")).toBe(1794106052);
    const long = "a much longer tag string that overflows int32 many times";
    let reference = 0n;
    for (let i = 0; i < long.length; i++) reference = BigInt.asIntN(32, reference * 31n + BigInt(long.charCodeAt(i)));
    expect(javaStringHash(long)).toBe(Number(reference));
    expect(javaStringHash("é")).toBe(233);
  });
});

describe("message ids", () => {
  test("offsetMsgId encodes host, port and offset as RocketMQ does", () => {
    expect(offsetMsgId({ ip: "192.168.0.10", port: 10911 }, 0)).toBe("C0A8000A00002A9F0000000000000000");
    const id = offsetMsgId({ ip: "127.0.0.1", port: 10911 }, 123_456_789_012);
    expect(decodeOffsetMsgId(id)).toEqual({ storeHost: { ip: "127.0.0.1", port: 10911 }, physicalOffset: 123_456_789_012 });
    expect(decodeOffsetMsgId("not-an-id")).toBeUndefined();
  });
});

describe("batch body", () => {
  test("elements survive a round trip and a truncated body is refused", () => {
    const elements = [
      { flag: 0, body: utf8.encode("one"), properties: "UNIQ_KEY\u0001A" },
      { flag: 5, body: new Uint8Array(0), properties: "" },
    ];
    const bytes = encodeBatchBody(elements);
    expect(decodeBatchBody(bytes).map((e) => ({ ...e, body: [...e.body] }))).toEqual(
      elements.map((e) => ({ ...e, body: [...e.body] })),
    );
    expect(() => decodeBatchBody(bytes.subarray(0, bytes.length - 1))).toThrow();
  });
});
