// END_TRANSACTION's header has one codec: what mq's transaction producer encodes, the broker
// decodes to the same values, in both serializations, with Java 5.x's topic and bname.
import { describe, expect, test } from "bun:test";
import {
  decodeEndTransactionHeader,
  endTransactionExtFields,
  MessageSysFlag,
  physicalOffset,
  RequestCode,
  type EndTransactionRequestHeader,
} from "../../../src/common/index.ts";
import { overTheWire, SERIALIZE_TYPES } from "./round-trip.ts";

const header: EndTransactionRequestHeader = {
  producerGroup: "TPG", tranStateTableOffset: 41, commitLogOffset: physicalOffset(9_007_199_254_740),
  commitOrRollback: MessageSysFlag.TRANSACTION_COMMIT, fromTransactionCheck: true,
  msgId: "7F0000010D2A18B4AAC25E0C2A8B0000", transactionId: "7F0000010D2A18B4AAC25E0C2A8B0000",
  topic: "RMQ_SYS_TRANS_HALF_TOPIC", brokerName: "broker-a",
};

describe("EndTransactionRequestHeader", () => {
  for (const [name, serializeType] of SERIALIZE_TYPES) {
    test(`encodes and decodes to the same header (${name})`, () => {
      expect(decodeEndTransactionHeader(overTheWire(RequestCode.END_TRANSACTION, endTransactionExtFields(header), serializeType))).toEqual(header);
    });
  }

  test("the broker name travels as bname (RpcRequestHeader), and 4.x's header without topic and bname decodes", () => {
    const sent = overTheWire(RequestCode.END_TRANSACTION, endTransactionExtFields(header), SERIALIZE_TYPES[0][1]);
    expect(sent.bname).toBe("broker-a");
    const v4 = { ...header, topic: undefined, brokerName: undefined, transactionId: undefined, fromTransactionCheck: false };
    const fields = endTransactionExtFields(v4);
    expect(Object.keys(fields).filter((k) => fields[k] !== undefined)).toEqual(["producerGroup", "tranStateTableOffset", "commitLogOffset", "commitOrRollback", "fromTransactionCheck", "msgId"]);
    expect(decodeEndTransactionHeader(overTheWire(RequestCode.END_TRANSACTION, fields, SERIALIZE_TYPES[1][1]))).toEqual(v4);
  });

  test("a header without commitOrRollback is refused as Java refuses a @CFNotNull field", () => {
    const { commitOrRollback: _, ...rest } = endTransactionExtFields(header);
    expect(() => decodeEndTransactionHeader(overTheWire(RequestCode.END_TRANSACTION, rest, SERIALIZE_TYPES[0][1]))).toThrow("the custom field <commitOrRollback> is null");
  });
});
