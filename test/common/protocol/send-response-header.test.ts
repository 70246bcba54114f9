// The send reply header has one codec: what the broker encodes, the client decodes.
import { expect, test } from "bun:test";
import { decodeSendResponseHeader, encodeSendResponseHeader, MSG_REGION_DEFAULT, refusedSendResponseExtFields } from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, reply, SerializeType } from "../../../src/remoting/index.ts";

test("a stored send's reply header reads back the same, in both serializations", () => {
  const h = { msgId: "7F00000100002A9F0000000000000000", queueId: 3, queueOffset: 9_007_199_254_740, msgRegion: MSG_REGION_DEFAULT, traceOn: true, transactionId: "AB" };
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const cmd = { ...reply(0, { extFields: encodeSendResponseHeader(h) }), serializeType };
    expect(decodeSendResponseHeader(decodeFrame(encodeFrame(cmd).subarray(4)).extFields, -1)).toEqual(h);
  }
});

test("a refused send carries MSG_REGION and TRACE_ON only; the client falls back to the queue it asked for and offset -1", () => {
  expect(refusedSendResponseExtFields()).toEqual({ MSG_REGION: "DefaultRegion", TRACE_ON: "true" });
  expect(decodeSendResponseHeader(refusedSendResponseExtFields(), 2)).toEqual({ msgId: "", queueId: 2, queueOffset: -1, msgRegion: "DefaultRegion", traceOn: true });
});
