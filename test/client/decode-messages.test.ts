import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { bodyCrc, encodeRecord, formatProperties, offsetMsgId, type MessageRecord } from "../../src/common/index.ts";
import { decodePulledMessages } from "../../src/client/decode-messages.ts";

function record(over: Partial<MessageRecord>): MessageRecord {
  const body = over.body ?? new TextEncoder().encode("body");
  return {
    bodyCrc: bodyCrc(body), queueId: 1, flag: 0, queueOffset: 5, physicalOffset: 1000, sysFlag: 0,
    bornTimestamp: 1, bornHost: { ip: "10.0.0.9", port: 4000 }, storeTimestamp: 2, storeHost: { ip: "10.0.0.1", port: 10911 },
    reconsumeTimes: 0, preparedTransactionOffset: 0, body, topic: "T", properties: "", ...over,
  };
}
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};

describe("pulled message decoding", () => {
  test("msgId is UNIQ_KEY when present, offsetMsgId otherwise; tags and keys come from properties", () => {
    const body = concat([
      encodeRecord(record({ properties: formatProperties({ UNIQ_KEY: "ABC", TAGS: "TagA", KEYS: "k1 k2" }) })),
      encodeRecord(record({ queueOffset: 6, physicalOffset: 2000 })),
    ]);
    const [a, b] = decodePulledMessages(body, "broker-a");
    expect(a!.msgId).toBe("ABC");
    expect(a!.tags).toBe("TagA");
    expect(a!.keys).toBe("k1 k2");
    expect(a!.offsetMsgId).toBe(offsetMsgId({ ip: "10.0.0.1", port: 10911 }, 1000));
    expect(b!.msgId).toBe(b!.offsetMsgId);
    expect(b!.queueOffset).toBe(6);
    expect(b!.commitLogOffset).toBe(2000);
    expect(b!.brokerName).toBe("broker-a");
  });

  test("properties read as the parser reads them; offsetMsgId right for each store host", () => {
    const text = ["TAGS\u0001a", "", "\u0001nameless", "bare", "TAGS\u0001b", "E\u0001"].join("\u0002");
    const hosts = [{ ip: "10.0.0.1", port: 10911 }, { ip: "192.168.7.200", port: 65535 }, { ip: "10.0.0.1", port: 10911 }];
    const body = concat(hosts.map((storeHost, i) => encodeRecord(record({ properties: text, storeHost, physicalOffset: 2 ** 40 + i }))));
    const messages = decodePulledMessages(body, "broker-a");
    expect(messages.map((m) => m.offsetMsgId)).toEqual(hosts.map((h, i) => offsetMsgId(h, 2 ** 40 + i)));
    expect(messages[1]!.storeHost).toBe("192.168.7.200:65535");
    expect(messages[0]!.properties).toEqual({ TAGS: "b", E: "" });
    expect(messages[0]!.tags).toBe("b");
  });

  test("a zlib body (sysFlag 0x1, with or without type 0x300) is inflated", () => {
    const original = new TextEncoder().encode("z".repeat(10_000));
    const packed = new Uint8Array(deflateSync(original));
    for (const sysFlag of [0x1, 0x301]) {
      const [m] = decodePulledMessages(encodeRecord(record({ body: packed, sysFlag })), "b");
      expect(m!.body).toEqual(original);
    }
  });

  test("a message from the group's %RETRY% topic gets its RETRY_TOPIC back", () => {
    const props = formatProperties({ RETRY_TOPIC: "Orders" });
    const body = encodeRecord(record({ topic: "%RETRY%cg", properties: props, reconsumeTimes: 1 }));
    expect(decodePulledMessages(body, "b", "cg")[0]!.topic).toBe("Orders");
    expect(decodePulledMessages(body, "b", "other")[0]!.topic).toBe("%RETRY%cg");
    expect(decodePulledMessages(body, "b")[0]!.topic).toBe("%RETRY%cg");
  });
});
