// CONSUMER_SEND_MSG_BACK's header: the client encodes, the broker decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import { decodeSendBackHeader, encodeSendBackHeader, physicalOffset, RequestCode, type SendBackHeader } from "../../../src/common/index.ts";
import { expectRoundTrip, refusalWithout } from "./round-trip.ts";

const header: SendBackHeader = {
  offset: physicalOffset(1_234_567), group: "CG", delayLevel: 0, originMsgId: "7F000001", originTopic: "T", unitMode: false, maxReconsumeTimes: 16,
};

describe("ConsumerSendMsgBackRequestHeader", () => {
  test("reads back the same, with and without its optional fields", () => {
    expectRoundTrip(RequestCode.CONSUMER_SEND_MSG_BACK, encodeSendBackHeader, decodeSendBackHeader, header);
    expectRoundTrip(RequestCode.CONSUMER_SEND_MSG_BACK, encodeSendBackHeader, decodeSendBackHeader,
      { ...header, originMsgId: undefined, originTopic: undefined, maxReconsumeTimes: undefined, unitMode: true });
  });

  test("one without its offset, group or delay level is refused with Java's remark", () => {
    for (const key of ["offset", "group", "delayLevel"]) {
      expect(refusalWithout(RequestCode.CONSUMER_SEND_MSG_BACK, encodeSendBackHeader, decodeSendBackHeader, header, key)).toBe(`the custom field <${key}> is null`);
    }
  });
});
