// The per-queue offset lookups: client and admin encode, the broker decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeEarliestStoreTimeResponse, decodeSearchOffsetHeader, decodeTopicQueueHeader, encodeEarliestStoreTimeResponse,
  encodeSearchOffsetHeader, encodeTopicQueueHeader, RequestCode,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

describe("queue offset headers", () => {
  test("GET_MAX/MIN_OFFSET, GET_EARLIEST_MSG_STORETIME and SEARCH_OFFSET_BY_TIMESTAMP read back the same", () => {
    for (const code of [RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.GET_EARLIEST_MSG_STORETIME]) {
      expectRoundTrip(code, encodeTopicQueueHeader, decodeTopicQueueHeader, { topic: "T", queueId: 3 });
    }
    expectRoundTrip(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader, decodeSearchOffsetHeader,
      { topic: "T", queueId: 3, timestamp: 1_764_620_000_000, boundaryType: "UPPER" });
    expectRoundTrip(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader, decodeSearchOffsetHeader,
      { topic: "T", queueId: 0, timestamp: 0, boundaryType: undefined });
  });

  test("a queue lookup without its queueId or timestamp is refused with Java's remark", () => {
    expect(refusalWithout(RequestCode.GET_MAX_OFFSET, encodeTopicQueueHeader, decodeTopicQueueHeader, { topic: "T", queueId: 1 }, "queueId")).toBe("the custom field <queueId> is null");
    const search = { topic: "T", queueId: 1, timestamp: 5, boundaryType: undefined };
    expect(refusalWithout(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader, decodeSearchOffsetHeader, search, "timestamp")).toBe("the custom field <timestamp> is null");
  });

  test("GET_EARLIEST_MSG_STORETIME's reply, -1 when absent", () => {
    expect(decodeEarliestStoreTimeResponse(overTheWire(RequestCode.GET_EARLIEST_MSG_STORETIME, encodeEarliestStoreTimeResponse(1234), 0))).toBe(1234);
    expect(decodeEarliestStoreTimeResponse({})).toBe(-1);
  });
});
