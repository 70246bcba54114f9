// A request header through a whole frame and back, in both serializations (JSON and ROCKETMQ),
// as a header codec's round-trip test needs it.
import { expect } from "bun:test";
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

/** The header after encode → a frame in each serialization → decode equals the one encoded. */
export function expectRoundTrip<H>(code: number, encode: (h: H) => ExtFieldsInit, decode: (ext: ExtFields) => H, header: H): void {
  for (const [name, serializeType] of SERIALIZE_TYPES) {
    expect({ [name]: decode(overTheWire(code, encode(header), serializeType)) }).toEqual({ [name]: header });
  }
}

/** What decode throws when `key` is left out of the encoded header: RocketMQ's @CFNotNull remark. */
export function refusalWithout<H>(code: number, encode: (h: H) => ExtFieldsInit, decode: (ext: ExtFields) => unknown, header: H, key: string): string {
  const fields = { ...encode(header), [key]: undefined };
  try {
    decode(overTheWire(code, fields, SerializeType.JSON));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return "accepted";
}
