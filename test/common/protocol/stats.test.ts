import { describe, expect, test } from "bun:test";
import {
  decodeConsumeStats,
  decodeHeartbeatData,
  decodeKVTable,
  decodeTopicStatsTable,
  encodeConsumeStats,
  encodeKVTable,
  encodeTopicStatsTable,
  type ConsumeStats,
} from "../../../src/common/index.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const mq = { topic: "T", brokerName: "broker-a", queueId: 1 };

describe("MessageQueue-keyed admin bodies", () => {
  test("topic stats are written with fastjson object keys and read back", () => {
    const body = encodeTopicStatsTable({ offsetTable: [[mq, { minOffset: 0, maxOffset: 12, lastUpdateTimestamp: 1700 }]] });
    expect(text(body)).toBe(
      '{"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"T"}:{"lastUpdateTimestamp":1700,"maxOffset":12,"minOffset":0}}}',
    );
    expect(decodeTopicStatsTable(body)).toEqual({ offsetTable: [[mq, { minOffset: 0, maxOffset: 12, lastUpdateTimestamp: 1700 }]] });
  });

  test("consume stats round-trip", () => {
    const stats: ConsumeStats = { consumeTps: 1.5, offsetTable: [[mq, { brokerOffset: 9, consumerOffset: 4, lastTimestamp: 5, pullOffset: 6 }]] };
    expect(decodeConsumeStats(encodeConsumeStats(stats))).toEqual(stats);
  });
});

describe("small bodies", () => {
  test("KVTable round-trips", () => {
    expect(decodeKVTable(encodeKVTable({ a: "1", b: "x" }))).toEqual({ a: "1", b: "x" });
  });

  test("heartbeat from the Go client: codeSet as strings, null sets", () => {
    const go =
      '{"clientID":"1.2.3.4@9#1","producerDataSet":null,"consumerDataSet":[{"groupName":"g","consumeType":"CONSUME_PASSIVELY",' +
      '"messageModel":"CLUSTERING","consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET","unitMode":false,' +
      '"subscriptionDataSet":[{"topic":"T","subString":"A","tagsSet":["A"],"codeSet":["65"],"subVersion":1}]}]}';
    const hb = decodeHeartbeatData(new TextEncoder().encode(go));
    expect(hb.producerDataSet).toEqual([]);
    expect(hb.consumerDataSet[0]?.subscriptionDataSet[0]).toMatchObject({ codeSet: [65], expressionType: "TAG" });
  });
});
