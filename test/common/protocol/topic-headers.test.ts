// The topic admin headers: admin encodes, the broker decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeCreateTopicHeader, decodeTopicHeader, encodeCreateTopicHeader, encodeTopicHeader, RequestCode, type CreateTopicRequestHeader,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

const create: CreateTopicRequestHeader = {
  topic: "T", defaultTopic: "TBW102", readQueueNums: 8, writeQueueNums: 4, perm: 6, topicFilterType: "MULTI_TAG",
  topicSysFlag: 1, order: true, attributes: "+message.type=NORMAL",
};

describe("topic headers", () => {
  test("UPDATE_AND_CREATE_TOPIC and the one-topic headers read back the same", () => {
    expectRoundTrip(RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader, decodeCreateTopicHeader, create);
    expectRoundTrip(RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader, decodeCreateTopicHeader, { ...create, attributes: undefined, order: false });
    for (const code of [RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.GET_TOPIC_STATS_INFO, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, RequestCode.GET_TOPIC_CONFIG]) {
      expectRoundTrip(code, encodeTopicHeader, decodeTopicHeader, "T");
    }
  });

  test("a create without what Java requires is refused with its remark; topicSysFlag and order default", () => {
    for (const key of ["topic", "readQueueNums", "writeQueueNums", "perm"]) {
      expect(refusalWithout(RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader, decodeCreateTopicHeader, create, key)).toBe(`the custom field <${key}> is null`);
    }
    const bare = overTheWire(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: "T", readQueueNums: 1, writeQueueNums: 1, perm: 6 }, 0);
    expect(decodeCreateTopicHeader(bare)).toMatchObject({ topicSysFlag: 0, order: false, topicFilterType: "SINGLE_TAG" });
  });
});
