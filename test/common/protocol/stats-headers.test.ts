// The broker statistics headers: admin encodes, the broker decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeBrokerConsumeStatsHeader, decodeViewBrokerStatsDataHeader, encodeBrokerConsumeStatsHeader, encodeViewBrokerStatsDataHeader, RequestCode,
} from "../../../src/common/index.ts";
import { expectRoundTrip, refusalWithout } from "./round-trip.ts";

describe("statistics headers", () => {
  test("VIEW_BROKER_STATS_DATA and GET_BROKER_CONSUME_STATS read back the same", () => {
    expectRoundTrip(RequestCode.VIEW_BROKER_STATS_DATA, encodeViewBrokerStatsDataHeader, decodeViewBrokerStatsDataHeader, { statsName: "TOPIC_PUT_NUMS", statsKey: "T" });
    for (const isOrder of [true, false]) expectRoundTrip(RequestCode.GET_BROKER_CONSUME_STATS, encodeBrokerConsumeStatsHeader, decodeBrokerConsumeStatsHeader, isOrder);
  });

  test("a stats request without its key is refused with Java's remark", () => {
    expect(refusalWithout(RequestCode.VIEW_BROKER_STATS_DATA, encodeViewBrokerStatsDataHeader, decodeViewBrokerStatsDataHeader, { statsName: "N", statsKey: "K" }, "statsKey")).toBe("the custom field <statsKey> is null");
  });
});
