// Golden frames: bytes Apache RocketMQ's Java client (rocketmq-client 4.9.8 and 5.5.0) sent to mq,
// captured once on loopback from the compat scenarios (send-sync, send-batch, push-clustering;
// JSON, ROCKETMQ serialization, and sendSmartMsg=false for SEND_MESSAGE 10); and, by
// scripts/capture-golden.ts, what the Java clients, the real mqadmin and Apache RocketMQ 5.5.0's
// broker sent each other (transactions, request-reply, recall, the admin codes). Kept in
// test/fixtures/rocketmq-java/<version>/<code>-<serializeType>.bin. Each is decoded by the frame
// codec and its header codec, and written back byte for byte.
import { describe, expect, test } from "bun:test";
import {
  decodeHeartbeatData,
  decodePullMessageRequestHeader,
  decodeQueryConsumerOffsetHeader,
  decodeSendHeaderV1,
  decodeSendHeaderV2,
  decodeUpdateConsumerOffsetHeader,
  encodeSendHeaderV2,
  PullSysFlag,
} from "../../../src/common/index.ts";
import { decodeFrame, encodeFrame, SerializeType } from "../../../src/remoting/index.ts";
import { scanJsonHeader } from "../../../src/remoting/json-scan.ts";
import { decoded, frameOf } from "./golden.ts";

const headerBytesOf = (frame: Buffer): number => frame.readUInt32BE(4) & 0xffffff;
const headerText = (frame: Buffer): string => frame.toString("latin1", 8, 8 + headerBytesOf(frame));
const bodyOf = (frame: Buffer): Buffer => frame.subarray(8 + headerBytesOf(frame));

const ALL = [
  ["4.9.8", "10-json"], ["4.9.8", "310-json"], ["4.9.8", "320-json"], ["4.9.8", "11-json"], ["4.9.8", "14-json"],
  ["4.9.8", "15-json"], ["4.9.8", "34-json"], ["4.9.8", "310-rocketmq"], ["4.9.8", "11-rocketmq"], ["4.9.8", "34-rocketmq"],
  ["5.x", "310-json"], ["5.x", "11-json"], ["5.x", "14-json"], ["5.x", "34-json"],
  // Transactions, request-reply, recall (java-golden-headers.test.ts reads their headers) and mqadmin's admin codes.
  ...["37", "325", "17", "100", "102", "12", "202", "203", "204", "207", "208", "215", "216", "222", "30", "31", "300", "307", "315", "317"]
    .flatMap((code) => [["4.9.8", `${code}-json`], ["5.x", `${code}-json`]] as const),
  ["5.x", "370-json"], ["broker-5.5.0", "39-json"], ["broker-5.5.0", "326-json"],
] as const;

describe("frames a Java client sent", () => {
  for (const [version, name] of ALL) {
    test(`${version} ${name}: read by the one-pass scanner, and written back byte for byte`, () => {
      const frame = frameOf(version, name);
      const cmd = decoded(version, name);
      if (name.endsWith("-json")) {
        expect(scanJsonHeader(frame, 8, 8 + headerBytesOf(frame))).toBeDefined();
      }
      const again = Buffer.from(encodeFrame(cmd));
      expect(decodeFrame(again.subarray(4))).toEqual(cmd);
      // 5.x writes an empty extFields as {}; fastjson 4.x and mq leave it out. The rest is the same.
      if (frame.includes('"extFields":{},')) {
        expect(headerText(again)).toBe(headerText(frame).replace('"extFields":{},', ""));
        expect(bodyOf(again).equals(bodyOf(frame))).toBe(true);
      } else {
        expect(again.equals(frame)).toBe(true);
      }
    });
  }
});

describe("their headers through mq's header codecs", () => {
  test("SEND_MESSAGE_V2 (4.9.8 and 5.x, JSON and ROCKETMQ): the header, escaped properties included; re-encoded the same", () => {
    for (const [version, name] of [["4.9.8", "310-json"], ["4.9.8", "310-rocketmq"], ["5.x", "310-json"]] as const) {
      const cmd = decoded(version, name);
      expect(cmd.serializeType).toBe(name.endsWith("json") ? SerializeType.JSON : SerializeType.ROCKETMQ);
      const h = decodeSendHeaderV2(cmd.extFields);
      expect(h).toMatchObject({
        producerGroup: "cap_send-sync_PG", topic: "cap_send-sync", defaultTopic: "TBW102", defaultTopicQueueNums: 4,
        sysFlag: 0, flag: 0, reconsumeTimes: 0, unitMode: false, batch: false, brokerName: "broker-a", maxReconsumeTimes: undefined,
      });
      expect(h.bornTimestamp).toBeGreaterThan(1_700_000_000_000);
      expect(h.properties).toMatch(/^KEYS\u0001k-0 x-0\u0002UNIQ_KEY\u0001[0-9A-F]{56}\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002?$/);
      expect(encodeSendHeaderV2(h)).toEqual(cmd.extFields);
    }
  });

  test("SEND_MESSAGE (10, sendSmartMsg=false) reads to the same header shape", () => {
    const h = decodeSendHeaderV1(decoded("4.9.8", "10-json").extFields);
    expect(h).toMatchObject({ producerGroup: "cap_send-sync_PG", topic: "cap_send-sync", queueId: 2, defaultTopicQueueNums: 4, batch: false });
  });

  test("SEND_BATCH_MESSAGE (320): batch true, the batch's own properties WAIT only", () => {
    const h = decodeSendHeaderV2(decoded("4.9.8", "320-json").extFields);
    expect(h).toMatchObject({ topic: "cap_send-batch", batch: true, properties: "WAIT\u0001true" });
  });

  test("PULL_MESSAGE (4.9.8 JSON and ROCKETMQ, 5.x with maxMsgBytes): extra fields (bname, ReqT) ignored", () => {
    for (const [version, name] of [["4.9.8", "11-json"], ["4.9.8", "11-rocketmq"], ["5.x", "11-json"]] as const) {
      const h = decodePullMessageRequestHeader(decoded(version, name).extFields);
      expect(h).toMatchObject({ maxMsgNums: 32, sysFlag: PullSysFlag.SUBSCRIPTION, suspendTimeoutMillis: 20_000, subscription: "*", expressionType: "TAG", subVersion: 0 });
    }
  });

  test("QUERY_CONSUMER_OFFSET and the oneway UPDATE_CONSUMER_OFFSET", () => {
    expect(decodeQueryConsumerOffsetHeader(decoded("5.x", "14-json").extFields)).toEqual({
      consumerGroup: "cap_push-clustering_CG", topic: "cap_push-clustering", queueId: 0, setZeroIfNotFound: true,
    });
    const update = decoded("4.9.8", "15-json");
    expect(update.flag & 2).toBe(2);
    expect(decodeUpdateConsumerOffsetHeader(update.extFields)).toEqual({
      consumerGroup: "cap_push-clustering_CG", topic: "cap_push-clustering", queueId: 3, commitOffset: 0,
    });
  });

  test("HEART_BEAT: no header fields; the body is HeartbeatData", () => {
    for (const version of ["4.9.8", "5.x"]) {
      const cmd = decoded(version, "34-json");
      expect(cmd.extFields).toEqual({});
      expect(decodeHeartbeatData(cmd.body).clientID).toMatch(/@/);
    }
  });
});
