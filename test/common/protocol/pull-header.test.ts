// PULL_MESSAGE's header has one codec: what the client and admin encode, the broker decodes to
// the same values, in both serializations.
import { describe, expect, test } from "bun:test";
import { decodePullMessageRequestHeader, decodePullResponseHeader, encodePullResponseHeader, PullSysFlag, pullMessageExtFields, RequestCode, type PullMessageRequestHeader } from "../../../src/common/index.ts";
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

describe("PullMessageResponseHeader", () => {
  test("what the broker encodes the client and admin decode; left-out fields fall back to the offset asked and 0", () => {
    const h = { suggestWhichBrokerId: 0, nextBeginOffset: 9_007_199_254_740, minOffset: 3, maxOffset: 9_007_199_254_741 };
    expect(decodePullResponseHeader(encodePullResponseHeader(h), 0)).toEqual(h);
    expect(decodePullResponseHeader({}, 17)).toEqual({ suggestWhichBrokerId: 0, nextBeginOffset: 17, minOffset: 0, maxOffset: 0 });
  });
});
