// PULL_MESSAGE's header has one codec: what the client and admin encode, the broker decodes to
// the same values, in both serializations.
import { describe, expect, test } from "bun:test";
import { decodePullMessageRequestHeader, PullSysFlag, pullMessageExtFields, RequestCode, type PullMessageRequestHeader } from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, request, SerializeType } from "../../../src/remoting/index.ts";

const header: PullMessageRequestHeader = {
  consumerGroup: "CG", topic: "TopicTest", queueId: 3, queueOffset: 9_007_199_254_740, maxMsgNums: 32,
  sysFlag: PullSysFlag.COMMIT_OFFSET | PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION, commitOffset: 17,
  suspendTimeoutMillis: 15_000, subscription: "TagA || TagB", subVersion: 1_700_000_000_123, expressionType: "TAG",
};

describe("PullMessageRequestHeader", () => {
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    test(`encodes and decodes to the same header (${serializeType === SerializeType.JSON ? "JSON" : "ROCKETMQ"})`, () => {
      const cmd = { ...request(RequestCode.PULL_MESSAGE, pullMessageExtFields(header)), serializeType };
      const frame = encodeFrame(cmd);
      const decoded = decodeFrame(frame.subarray(4));
      expect(decodePullMessageRequestHeader(decoded.extFields)).toEqual(header);
    });
  }

  test("a header without subscription and expressionType (a plain pull) leaves them undefined", () => {
    const plain = { ...header, sysFlag: 0, subscription: undefined, expressionType: undefined };
    const sent = request(RequestCode.PULL_MESSAGE, pullMessageExtFields(plain)).extFields;
    expect(Object.keys(sent)).not.toContain("subscription");
    expect(decodePullMessageRequestHeader(sent)).toEqual(plain);
  });
});
