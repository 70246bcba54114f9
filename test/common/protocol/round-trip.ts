// A request header through a whole frame and back, in both serializations (JSON and ROCKETMQ),
// as a header codec's round-trip test needs it.
import { type ExtFields, type ExtFieldsInit } from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, request, SerializeType } from "../../../src/remoting/index.ts";

export const SERIALIZE_TYPES = [
  ["JSON", SerializeType.JSON],
  ["ROCKETMQ", SerializeType.ROCKETMQ],
] as const;

/** The extFields a peer reads after `fields` were sent with `code` in the given serialization. */
export function overTheWire(code: number, fields: ExtFieldsInit, serializeType: SerializeType): ExtFields {
  const frame = encodeFrame({ ...request(code, fields), serializeType });
  return decodeFrame(frame.subarray(4)).extFields;
}
