// The message lookups: admin encodes, the broker decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeQueryConsumeQueueHeader, decodeQueryMessageHeader, decodeQueryMessageResponseHeader, decodeViewMessageHeader,
  encodeQueryConsumeQueueHeader, encodeQueryMessageHeader, encodeQueryMessageResponseHeader, encodeViewMessageHeader, RequestCode,
  type QueryMessageHeader,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

const query: QueryMessageHeader = { topic: "T", key: "k1", maxNum: 64, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER, uniqueKeyQuery: false };

describe("message query headers", () => {
  test("QUERY_MESSAGE (by key and by UNIQ_KEY), its reply, VIEW_MESSAGE_BY_ID and QUERY_CONSUME_QUEUE read back the same", () => {
    expectRoundTrip(RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader, decodeQueryMessageHeader, query);
    expectRoundTrip(RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader, decodeQueryMessageHeader, { ...query, uniqueKeyQuery: true });
    expectRoundTrip(RequestCode.QUERY_MESSAGE, encodeQueryMessageResponseHeader, decodeQueryMessageResponseHeader, { indexLastUpdateTimestamp: 5, indexLastUpdatePhyoffset: 6 });
    expectRoundTrip(RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageHeader, decodeViewMessageHeader, { topic: "T", offset: 123_456_789 });
    expectRoundTrip(RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageHeader, decodeViewMessageHeader, { topic: undefined, offset: 0 });
    expectRoundTrip(RequestCode.QUERY_CONSUME_QUEUE, encodeQueryConsumeQueueHeader, decodeQueryConsumeQueueHeader, { topic: "T", queueId: 1, index: 10, count: 5, consumerGroup: "CG" });
  });

  test("a key query says _UNIQUE_KEY_QUERY false, a UNIQ_KEY query true, as mqadmin does", () => {
    expect(overTheWire(RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader(query), 0)._UNIQUE_KEY_QUERY).toBe("false");
    expect(overTheWire(RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader({ ...query, uniqueKeyQuery: true }), 0)._UNIQUE_KEY_QUERY).toBe("true");
  });

  test("a lookup without its key, offset or index is refused with Java's remark", () => {
    for (const key of ["topic", "key", "maxNum", "beginTimestamp", "endTimestamp"]) {
      expect(refusalWithout(RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader, decodeQueryMessageHeader, query, key)).toBe(`the custom field <${key}> is null`);
    }
    expect(refusalWithout(RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageHeader, decodeViewMessageHeader, { topic: "T", offset: 1 }, "offset")).toBe("the custom field <offset> is null");
    const cq = { topic: "T", queueId: 1, index: 10, count: 5, consumerGroup: undefined };
    expect(refusalWithout(RequestCode.QUERY_CONSUME_QUEUE, encodeQueryConsumeQueueHeader, decodeQueryConsumeQueueHeader, cq, "index")).toBe("the custom field <index> is null");
  });
});
