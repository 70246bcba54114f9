// PUSH_REPLY_MESSAGE_TO_CLIENT's header has one codec: what the broker pushes, mq's requester
// decodes to the same values, in both serializations.
import { describe, expect, test } from "bun:test";
import { decodeReplyMessageHeader, replyMessageExtFields, RequestCode, type ReplyMessageRequestHeader } from "../../../src/common/index.ts";
import { overTheWire, SERIALIZE_TYPES } from "./round-trip.ts";

const header: ReplyMessageRequestHeader = {
  producerGroup: "PG", topic: "DefaultCluster_REPLY_TOPIC", defaultTopic: "TBW102", defaultTopicQueueNums: 4,
  queueId: 2, sysFlag: 1, bornTimestamp: 1_764_620_000_123, flag: 0,
  properties: "MSG_TYPE\u0001reply\u0002CORRELATION_ID\u0001c-1\u0002PUSH_REPLY_TIME\u00011764620000200\u0002",
  reconsumeTimes: 0, unitMode: false, bornHost: "127.0.0.1:50412", storeHost: "127.0.0.1:10911", storeTimestamp: 1_764_620_000_201,
};

describe("ReplyMessageRequestHeader", () => {
  for (const [name, serializeType] of SERIALIZE_TYPES) {
    test(`encodes and decodes to the same header (${name})`, () => {
      expect(decodeReplyMessageHeader(overTheWire(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, replyMessageExtFields(header), serializeType))).toEqual(header);
    });
  }

  test("a push without bornHost is refused as Java refuses a @CFNotNull field", () => {
    const { bornHost: _, ...rest } = replyMessageExtFields(header);
    expect(() => decodeReplyMessageHeader(overTheWire(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, rest, SERIALIZE_TYPES[0][1]))).toThrow("the custom field <bornHost> is null");
  });
});
