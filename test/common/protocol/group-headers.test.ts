// The group-keyed headers: client, admin and broker through one codec, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeCloneGroupOffsetHeader, decodeConsumerGroupHeader, decodeConsumeStatsHeader, decodeDeleteSubscriptionGroupHeader,
  decodeProducerGroupHeader, decodeSubscriptionGroupConfigHeader, decodeUnregisterClientHeader, encodeCloneGroupOffsetHeader,
  encodeConsumerGroupHeader, encodeConsumeStatsHeader, encodeDeleteSubscriptionGroupHeader, encodeProducerGroupHeader,
  encodeSubscriptionGroupConfigHeader, encodeUnregisterClientHeader, RequestCode,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

describe("group headers", () => {
  test("every group header reads back the same", () => {
    expectRoundTrip(RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader, decodeConsumeStatsHeader, { consumerGroup: "CG", topic: "T" });
    expectRoundTrip(RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader, decodeConsumeStatsHeader, { consumerGroup: "CG", topic: undefined });
    for (const code of [RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED]) {
      expectRoundTrip(code, encodeConsumerGroupHeader, decodeConsumerGroupHeader, "CG");
    }
    expectRoundTrip(RequestCode.GET_PRODUCER_CONNECTION_LIST, encodeProducerGroupHeader, decodeProducerGroupHeader, "PG");
    expectRoundTrip(RequestCode.DELETE_SUBSCRIPTIONGROUP, encodeDeleteSubscriptionGroupHeader, decodeDeleteSubscriptionGroupHeader, { groupName: "CG", removeOffset: true });
    expectRoundTrip(RequestCode.UNREGISTER_CLIENT, encodeUnregisterClientHeader, decodeUnregisterClientHeader, { clientID: "c@1", producerGroup: "PG", consumerGroup: undefined });
    expectRoundTrip(RequestCode.CLONE_GROUP_OFFSET, encodeCloneGroupOffsetHeader, decodeCloneGroupOffsetHeader, { srcGroup: "A", destGroup: "B", topic: "T", offline: true });
    expectRoundTrip(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, encodeSubscriptionGroupConfigHeader, decodeSubscriptionGroupConfigHeader, "CG");
  });

  test("DELETE_SUBSCRIPTIONGROUP removes the offsets when either 4.x's removeOffset or 5.x's cleanOffset says so", () => {
    expect(decodeDeleteSubscriptionGroupHeader({ groupName: "G", removeOffset: "true" }).removeOffset).toBe(true);
    expect(decodeDeleteSubscriptionGroupHeader({ groupName: "G", cleanOffset: "true" }).removeOffset).toBe(true);
    expect(decodeDeleteSubscriptionGroupHeader({ groupName: "G", cleanOffset: "false" }).removeOffset).toBe(false);
    expect(overTheWire(RequestCode.DELETE_SUBSCRIPTIONGROUP, encodeDeleteSubscriptionGroupHeader({ groupName: "G", removeOffset: true }), 0))
      .toEqual({ groupName: "G", removeOffset: "true", cleanOffset: "true" });
  });

  test("a header without its group is refused with Java's remark", () => {
    expect(refusalWithout(RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader, decodeConsumeStatsHeader, { consumerGroup: "CG", topic: "T" }, "consumerGroup")).toBe("the custom field <consumerGroup> is null");
    expect(refusalWithout(RequestCode.DELETE_SUBSCRIPTIONGROUP, encodeDeleteSubscriptionGroupHeader, decodeDeleteSubscriptionGroupHeader, { groupName: "G", removeOffset: false }, "groupName")).toBe("the custom field <groupName> is null");
    expect(refusalWithout(RequestCode.UNREGISTER_CLIENT, encodeUnregisterClientHeader, decodeUnregisterClientHeader, { clientID: "c" }, "clientID")).toBe("the custom field <clientID> is null");
    expect(refusalWithout(RequestCode.CLONE_GROUP_OFFSET, encodeCloneGroupOffsetHeader, decodeCloneGroupOffsetHeader, { srcGroup: "A", destGroup: "B", topic: undefined, offline: false }, "destGroup")).toBe("the custom field <destGroup> is null");
  });
});
