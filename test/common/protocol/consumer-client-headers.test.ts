// The headers that reach a consumer through its broker: admin encodes, the broker decodes and
// re-encodes, the client decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeConsumeMessageDirectlyHeader, decodeConsumerRunningInfoHeader, decodeConsumerStatusHeader, decodeResetOffsetHeader,
  encodeConsumeMessageDirectlyHeader, encodeConsumerRunningInfoHeader, encodeConsumerStatusHeader, encodeResetOffsetHeader,
  RequestCode, type ResetOffsetHeader,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

const reset: ResetOffsetHeader = { topic: "T", group: "CG", timestamp: 1_764_620_000_000, isForce: false, queueId: -1, offset: undefined };

describe("consumer forwarding headers", () => {
  test("GET_CONSUMER_RUNNING_INFO, CONSUME_MESSAGE_DIRECTLY, the consumer-status codes and the reset codes read back the same", () => {
    expectRoundTrip(RequestCode.GET_CONSUMER_RUNNING_INFO, encodeConsumerRunningInfoHeader, decodeConsumerRunningInfoHeader, { consumerGroup: "CG", clientId: "c@1", jstackEnable: true });
    expectRoundTrip(RequestCode.CONSUME_MESSAGE_DIRECTLY, encodeConsumeMessageDirectlyHeader, decodeConsumeMessageDirectlyHeader, {
      consumerGroup: "CG", clientId: "c@1", msgId: "7F00000100002A9F0000000000000010", brokerName: "broker-a", topic: "T", topicSysFlag: 0, groupSysFlag: 0,
    });
    for (const code of [RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT]) {
      expectRoundTrip(code, encodeConsumerStatusHeader, decodeConsumerStatusHeader, { topic: "T", group: "CG", clientAddr: "c@1" });
      expectRoundTrip(code, encodeConsumerStatusHeader, decodeConsumerStatusHeader, { topic: "T", group: "CG", clientAddr: undefined });
    }
    for (const code of [RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, RequestCode.RESET_CONSUMER_CLIENT_OFFSET]) {
      expectRoundTrip(code, encodeResetOffsetHeader, decodeResetOffsetHeader, reset);
      expectRoundTrip(code, encodeResetOffsetHeader, decodeResetOffsetHeader, { ...reset, queueId: 2, offset: 17 });
    }
  });

  test("a reset of every queue sends neither queueId nor offset, as 4.x does", () => {
    expect(Object.keys(overTheWire(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, encodeResetOffsetHeader(reset), 0)).sort()).toEqual(["group", "isForce", "timestamp", "topic"]);
  });

  test("a forwarded request without its group, client or timestamp is refused with Java's remark", () => {
    const running = { consumerGroup: "CG", clientId: "c", jstackEnable: false };
    expect(refusalWithout(RequestCode.GET_CONSUMER_RUNNING_INFO, encodeConsumerRunningInfoHeader, decodeConsumerRunningInfoHeader, running, "clientId")).toBe("the custom field <clientId> is null");
    const direct = { consumerGroup: "CG", clientId: "c", msgId: undefined, brokerName: undefined, topic: undefined, topicSysFlag: undefined, groupSysFlag: undefined };
    expect(refusalWithout(RequestCode.CONSUME_MESSAGE_DIRECTLY, encodeConsumeMessageDirectlyHeader, decodeConsumeMessageDirectlyHeader, direct, "consumerGroup")).toBe("the custom field <consumerGroup> is null");
    expect(refusalWithout(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, encodeConsumerStatusHeader, decodeConsumerStatusHeader, { topic: "T", group: "G", clientAddr: undefined }, "group")).toBe("the custom field <group> is null");
    expect(refusalWithout(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, encodeResetOffsetHeader, decodeResetOffsetHeader, reset, "timestamp")).toBe("the custom field <timestamp> is null");
  });
});
