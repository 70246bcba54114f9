// The batch-create bodies (18, 225) and RESET_MASTER_FLUSH_OFFSET's header: one codec each,
// read back the same as sent, in both serializations for the header.
import { expect, test } from "bun:test";
import {
  decodeGroupConfigList, decodeResetMasterFlushOffsetHeader, decodeTopicConfigList, encodeGroupConfigList,
  encodeResetMasterFlushOffsetHeader, encodeTopicConfigList, RequestCode, type TopicConfig,
} from "../../../src/common/index.ts";
import { overTheWire, SERIALIZE_TYPES } from "./round-trip.ts";

const topic = (topicName: string, over: Partial<TopicConfig> = {}): TopicConfig => ({
  topicName, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false, ...over,
});

test("a topic config list reads back the same topics, in order", () => {
  const topics = [topic("A"), topic("B", { readQueueNums: 2, perm: 4, order: true, topicFilterType: "MULTI_TAG" })];
  expect(decodeTopicConfigList(encodeTopicConfigList(topics))).toEqual(topics);
});

test("a topic config written by hand takes Java's TopicConfig defaults for what it leaves out", () => {
  const body = new TextEncoder().encode(JSON.stringify({ topicConfigList: [{ topicName: "T" }] }));
  expect(decodeTopicConfigList(body)).toEqual([topic("T", { readQueueNums: 16, writeQueueNums: 16 })]);
});

test("a group config list reads back each group's fields", () => {
  const groups = [{ groupName: "G1", retryMaxTimes: 3 }, { groupName: "G2", consumeEnable: false }];
  expect(decodeGroupConfigList(encodeGroupConfigList(groups))).toEqual(groups);
});

test("a list body that is not JSON or holds a non-object is refused as malformed", () => {
  expect(() => decodeTopicConfigList(new TextEncoder().encode("[oops"))).toThrow(/not JSON/);
  expect(() => decodeGroupConfigList(new TextEncoder().encode(JSON.stringify({ groupConfigList: [1] })))).toThrow(/not an object/);
});

test("the RESET_MASTER_FLUSH_OFFSET header reads back the offset, in both serializations; absent, it is refused", () => {
  for (const [, type] of SERIALIZE_TYPES) {
    const h = { masterFlushOffset: 9_007_199_254_740 };
    expect(decodeResetMasterFlushOffsetHeader(overTheWire(RequestCode.RESET_MASTER_FLUSH_OFFSET, encodeResetMasterFlushOffsetHeader(h), type))).toEqual(h);
  }
  expect(() => decodeResetMasterFlushOffsetHeader({})).toThrow(/masterFlushOffset/);
});
