// The send request header has one codec: what the client encodes, the broker decodes to the same
// header, in both serializations, for V1 (10) and V2 (310/320) names.
import { describe, expect, test } from "bun:test";
import {
  decodeSendHeaderV1, decodeSendHeaderV2, encodeSendHeaderV1, encodeSendHeaderV2, RequestCode, type SendHeader,
} from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, request, SerializeType } from "../../../src/remoting/index.ts";

const header: SendHeader = {
  producerGroup: "PG", topic: "TopicTest", defaultTopic: "TBW102", defaultTopicQueueNums: 4, queueId: 3, sysFlag: 0x301,
  bornTimestamp: 1_796_161_855_311, flag: 7, properties: "KEYS\u0001k x\u0002UNIQ_KEY\u0001AB\u0002消息\u0001\"值\"\\", reconsumeTimes: 2,
  unitMode: false, batch: true, maxReconsumeTimes: 16, brokerName: "broker-a",
};

describe("SendMessageRequestHeader(V2)", () => {
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const kind = serializeType === SerializeType.JSON ? "JSON" : "ROCKETMQ";
    test(`V2 encodes and decodes to the same header (${kind})`, () => {
      const cmd = { ...request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header)), serializeType };
      expect(decodeSendHeaderV2(decodeFrame(encodeFrame(cmd).subarray(4)).extFields)).toEqual(header);
    });
    test(`V1 encodes and decodes to the same header (${kind})`, () => {
      const cmd = { ...request(RequestCode.SEND_MESSAGE, encodeSendHeaderV1(header)), serializeType };
      expect(decodeSendHeaderV1(decodeFrame(encodeFrame(cmd).subarray(4)).extFields)).toEqual(header);
    });
  }

  test("V2 names are one letter each, a..n in Java's order; an absent maxReconsumeTimes and brokerName are left out", () => {
    expect(Object.keys(encodeSendHeaderV2(header))).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"]);
    const plain = { ...header, maxReconsumeTimes: undefined, brokerName: undefined };
    expect(Object.keys(encodeSendHeaderV2(plain))).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m"]);
    expect(decodeSendHeaderV2(encodeSendHeaderV2(plain))).toEqual(plain);
  });

  test("ali-ons's JSON numbers and booleans read as the same header", () => {
    const text = '{"code":310,"extFields":{"a":"PG","b":"T","c":"TBW102","d":4,"e":1,"f":0,"g":1700000000000,"h":0,"i":"","j":0,"k":false,"m":false},"flag":0,"language":"JAVA","opaque":1,"version":121}';
    const bytes = Buffer.from(text);
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), bytes]);
    frame.writeUInt32BE(4 + bytes.length, 0);
    frame.writeUInt32BE(bytes.length, 4);
    expect(decodeSendHeaderV2(decodeFrame(frame.subarray(4)).extFields)).toEqual({
      producerGroup: "PG", topic: "T", defaultTopic: "TBW102", defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1_700_000_000_000,
      flag: 0, properties: "", reconsumeTimes: 0, unitMode: false, batch: false, maxReconsumeTimes: undefined, brokerName: undefined,
    });
  });

  test("a missing required field is Java's SYSTEM_ERROR remark", () => {
    const { a: _, ...noGroup } = encodeSendHeaderV2(header);
    expect(() => decodeSendHeaderV2(noGroup)).toThrow("the custom field <a> is null");
  });
});
