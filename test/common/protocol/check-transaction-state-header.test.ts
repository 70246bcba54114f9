// CHECK_TRANSACTION_STATE's header has one codec: what the broker's check-back encodes, mq's
// transaction producer decodes to the same values, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  checkTransactionStateExtFields,
  decodeCheckTransactionStateHeader,
  decodeResumeCheckHalfMessageHeader,
  encodeResumeCheckHalfMessageHeader,
  physicalOffset,
  RequestCode,
  type CheckTransactionStateRequestHeader,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout, SERIALIZE_TYPES } from "./round-trip.ts";

const header: CheckTransactionStateRequestHeader = {
  topic: "RMQ_SYS_TRANS_HALF_TOPIC", tranStateTableOffset: 7, commitLogOffset: physicalOffset(123_456_789),
  msgId: "7F0000010D2A18B4AAC25E0C2A8B0000", transactionId: "7F0000010D2A18B4AAC25E0C2A8B0000",
  offsetMsgId: "7F00000100002A9F00000000075BCD15", brokerName: "broker-a",
};

describe("CheckTransactionStateRequestHeader", () => {
  for (const [name, serializeType] of SERIALIZE_TYPES) {
    test(`encodes and decodes to the same header (${name})`, () => {
      expect(decodeCheckTransactionStateHeader(overTheWire(RequestCode.CHECK_TRANSACTION_STATE, checkTransactionStateExtFields(header), serializeType))).toEqual(header);
    });
  }

  test("the broker name travels as bname, and a 4.x check without topic and bname decodes", () => {
    expect(overTheWire(RequestCode.CHECK_TRANSACTION_STATE, checkTransactionStateExtFields(header), SERIALIZE_TYPES[0][1]).bname).toBe("broker-a");
    const v4 = { ...header, topic: undefined, brokerName: undefined };
    expect(decodeCheckTransactionStateHeader(overTheWire(RequestCode.CHECK_TRANSACTION_STATE, checkTransactionStateExtFields(v4), SERIALIZE_TYPES[1][1]))).toEqual(v4);
  });
});

describe("ResumeCheckHalfMessageRequestHeader", () => {
  test("reads back the same; one without its msgId is refused with Java's remark", () => {
    expectRoundTrip(RequestCode.RESUME_CHECK_HALF_MESSAGE, encodeResumeCheckHalfMessageHeader, decodeResumeCheckHalfMessageHeader,
      { msgId: "7F00000100002A9F00000000075BCD15", topic: "T" });
    expect(refusalWithout(RequestCode.RESUME_CHECK_HALF_MESSAGE, encodeResumeCheckHalfMessageHeader, decodeResumeCheckHalfMessageHeader,
      { msgId: "X", topic: undefined }, "msgId")).toBe("the custom field <msgId> is null");
  });
});
