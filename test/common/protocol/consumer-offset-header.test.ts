// QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET have one codec each: client encodes, broker decodes.
import { expect, test } from "bun:test";
import {
  decodeOffsetResponseHeader, decodeQueryConsumerOffsetHeader, decodeUpdateConsumerOffsetHeader, encodeOffsetResponseHeader,
  encodeQueryConsumerOffsetHeader, encodeUpdateConsumerOffsetHeader, RequestCode,
} from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, request, SerializeType } from "../../../src/remoting/index.ts";

const wire = (code: number, ext: Record<string, string>, serializeType: SerializeType) =>
  decodeFrame(encodeFrame({ ...request(code, ext), serializeType }).subarray(4)).extFields;

test("both headers read back the same, in both serializations", () => {
  for (const type of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const query = { consumerGroup: "CG", topic: "T", queueId: 5, setZeroIfNotFound: false };
    expect(decodeQueryConsumerOffsetHeader(wire(RequestCode.QUERY_CONSUMER_OFFSET, encodeQueryConsumerOffsetHeader(query), type))).toEqual(query);
    const update = { consumerGroup: "CG", topic: "T", queueId: 5, commitOffset: 9_007_199_254_740 };
    expect(decodeUpdateConsumerOffsetHeader(wire(RequestCode.UPDATE_CONSUMER_OFFSET, encodeUpdateConsumerOffsetHeader(update), type))).toEqual(update);
  }
});

test("setZeroIfNotFound is sent only when false, as 4.x clients never send it", () => {
  expect(encodeQueryConsumerOffsetHeader({ consumerGroup: "CG", topic: "T", queueId: 0, setZeroIfNotFound: true })).toEqual({ consumerGroup: "CG", topic: "T", queueId: "0" });
  expect(decodeQueryConsumerOffsetHeader({ consumerGroup: "CG", topic: "T", queueId: "0" }).setZeroIfNotFound).toBe(true);
});

test("the offset reply header, and its fallback when absent", () => {
  expect(decodeOffsetResponseHeader(encodeOffsetResponseHeader(42), -1)).toBe(42);
  expect(decodeOffsetResponseHeader({}, -1)).toBe(-1);
});
