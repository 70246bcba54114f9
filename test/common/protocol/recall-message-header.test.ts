// RECALL_MESSAGE's header has one codec, read by the broker, in both serializations.
import { describe, expect, test } from "bun:test";
import { decodeRecallMessageHeader, recallMessageExtFields, RequestCode, type RecallMessageRequestHeader } from "../../../src/common/index.ts";
import { overTheWire, SERIALIZE_TYPES } from "./round-trip.ts";

const header: RecallMessageRequestHeader = { producerGroup: "PG", topic: "Timed", recallHandle: "djEgVGltZWQgYnJva2VyLWEgMTc2NDYyMDAwMDAwMSBBQkM", brokerName: "broker-a" };

describe("RecallMessageRequestHeader", () => {
  for (const [name, serializeType] of SERIALIZE_TYPES) {
    test(`encodes and decodes to the same header (${name})`, () => {
      expect(decodeRecallMessageHeader(overTheWire(RequestCode.RECALL_MESSAGE, recallMessageExtFields(header), serializeType))).toEqual(header);
    });
  }

  test("a recall without its handle is refused as Java refuses a @CFNotNull field", () => {
    expect(() => decodeRecallMessageHeader(overTheWire(RequestCode.RECALL_MESSAGE, { topic: "Timed" }, SERIALIZE_TYPES[0][1]))).toThrow("the custom field <recallHandle> is null");
  });
});
