// Pieces of the message and offset admin operations that need no cluster: mqadmin's timestamp
// forms and the ResetOffsetBody a broker answers (fastjson MessageQueue keys).
import { expect, test } from "bun:test";
import { decodeResetOffsetBody, parseResetTimestamp } from "../../src/admin/index.ts";
import { encodeResetOffsetBody } from "../../src/broker/admin/index.ts";

test("-s takes now, epoch ms and yyyy-MM-dd#HH:mm:ss:SSS in local time", () => {
  expect(parseResetTimestamp("now", 42)).toBe(42);
  expect(parseResetTimestamp("1700000000123")).toBe(1_700_000_000_123);
  expect(parseResetTimestamp("-1")).toBe(-1);
  expect(parseResetTimestamp("2024-03-05#07:08:09:010")).toBe(new Date(2024, 2, 5, 7, 8, 9, 10).getTime());
  expect(() => parseResetTimestamp("yesterday")).toThrow("yyyy-MM-dd#HH:mm:ss:SSS");
});

test("a ResetOffsetBody written by the broker reads back queue by queue", () => {
  const body = encodeResetOffsetBody([
    [{ topic: "T", brokerName: "broker-a", queueId: 1 }, 7],
    [{ topic: "T", brokerName: "broker-a", queueId: 0 }, 3],
  ]);
  expect(new TextDecoder().decode(body)).toBe(
    `{"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"T"}:7,{"brokerName":"broker-a","queueId":0,"topic":"T"}:3}}`,
  );
  expect(decodeResetOffsetBody(body)).toEqual([
    { topic: "T", brokerName: "broker-a", queueId: 1, offset: 7 },
    { topic: "T", brokerName: "broker-a", queueId: 0, offset: 3 },
  ]);
});
