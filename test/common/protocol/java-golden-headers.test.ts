// The headers of the golden frames scripts/capture-golden.ts took from Apache RocketMQ's peers
// (rocketmq-client and rocketmq-tools 4.9.8 and 5.5.0, Apache RocketMQ 5.5.0's broker), through
// mq's codecs: each decoder reads what Java sent, and each encoder writes the same fields, but for
// those named here that mq leaves out (RpcRequestHeader's routing fields, 5.x additions it ignores)
// or adds (both spellings of DELETE_SUBSCRIPTIONGROUP's flag).
import { describe, expect, test } from "bun:test";
import {
  checkTransactionStateExtFields, decodeCheckTransactionStateHeader, decodeConsumerGroupHeader, decodeConsumerRunningInfoHeader,
  decodeConsumeStatsHeader, decodeCreateTopicHeader, decodeDeleteSubscriptionGroupHeader, decodeEndTransactionHeader,
  decodeKvKeyHeader, decodeProducerGroupHeader, decodePutKvConfigHeader, decodeQueryMessageHeader, decodeRecallMessageHeader,
  decodeReplyMessageHeader, decodeResetOffsetHeader, decodeSendHeaderV2, decodeTopicHeader, decodeTopicQueueHeader,
  decodeBrokerConsumeStatsHeader, decodeViewBrokerStatsDataHeader, encodeBrokerConsumeStatsHeader, encodeConsumerGroupHeader,
  encodeConsumerRunningInfoHeader, encodeConsumeStatsHeader, encodeCreateTopicHeader, encodeDeleteSubscriptionGroupHeader,
  encodeDeleteTopicInNamesrv, encodeKvKeyHeader, encodeProducerGroupHeader, encodePutKvConfigHeader, encodeQueryMessageHeader,
  encodeResetOffsetHeader, encodeSendHeaderV2, encodeTopicHeader, encodeTopicQueueHeader, encodeViewBrokerStatsDataHeader,
  endTransactionExtFields, readDeleteTopicInNamesrv, recallMessageExtFields, replyMessageExtFields, type ExtFields, type ExtFieldsInit,
} from "../../../src/common/index.ts";
import { request } from "../../../src/remoting/index.ts";
import { decoded } from "./golden.ts";

/** The extFields as they go out: strings, undefined ones left out. */
const toExtFields = (init: ExtFieldsInit): ExtFields => request(0, init).extFields;

/** RpcRequestHeader's fields (the broker a request is meant for, its request type), which mq's encoders leave out. */
const RPC = ["bname", "ReqT", "lo", "ns", "nsd", "oway"];

interface Golden {
  name: string;
  frame: string;
  /** encode(decode(extFields)): the header as mq writes it. */
  again: (ext: ExtFields) => ExtFieldsInit;
  /** Fields Java sent that mq's encoder leaves out, or that mq adds, besides RPC. */
  differ?: Partial<Record<"4.9.8" | "5.x" | "broker-5.5.0", string[]>>;
}

const HEADERS: Golden[] = [
  { name: "END_TRANSACTION", frame: "37", again: (e) => endTransactionExtFields(decodeEndTransactionHeader(e)) },
  { name: "SEND_REPLY_MESSAGE_V2", frame: "325", again: (e) => encodeSendHeaderV2(decodeSendHeaderV2(e)) },
  { name: "UPDATE_AND_CREATE_TOPIC", frame: "17", again: (e) => encodeCreateTopicHeader(decodeCreateTopicHeader(e)), differ: { "5.x": ["attributes", "force"] } },
  { name: "PUT_KV_CONFIG", frame: "100", again: (e) => encodePutKvConfigHeader(decodePutKvConfigHeader(e)) },
  { name: "DELETE_KV_CONFIG", frame: "102", again: (e) => encodeKvKeyHeader(decodeKvKeyHeader(e)) },
  { name: "QUERY_MESSAGE", frame: "12", again: (e) => encodeQueryMessageHeader(decodeQueryMessageHeader(e)), differ: { "5.x": ["indexType"] } },
  { name: "GET_TOPIC_STATS_INFO", frame: "202", again: (e) => encodeTopicHeader(decodeTopicHeader(e)) },
  { name: "GET_CONSUMER_CONNECTION_LIST", frame: "203", again: (e) => encodeConsumerGroupHeader(decodeConsumerGroupHeader(e)) },
  { name: "GET_PRODUCER_CONNECTION_LIST", frame: "204", again: (e) => encodeProducerGroupHeader(decodeProducerGroupHeader(e)) },
  { name: "DELETE_SUBSCRIPTIONGROUP", frame: "207", again: (e) => encodeDeleteSubscriptionGroupHeader(decodeDeleteSubscriptionGroupHeader(e)),
    differ: { "4.9.8": ["cleanOffset"], "5.x": ["removeOffset"] } },
  { name: "GET_CONSUME_STATS", frame: "208", again: (e) => encodeConsumeStatsHeader(decodeConsumeStatsHeader(e)) },
  { name: "DELETE_TOPIC_IN_BROKER", frame: "215", again: (e) => encodeTopicHeader(decodeTopicHeader(e)) },
  { name: "DELETE_TOPIC_IN_NAMESRV", frame: "216", again: (e) => encodeDeleteTopicInNamesrv(readDeleteTopicInNamesrv(e)) },
  { name: "INVOKE_BROKER_TO_RESET_OFFSET", frame: "222", again: (e) => encodeResetOffsetHeader(decodeResetOffsetHeader(e)), differ: { "5.x": ["queueId"] } },
  { name: "GET_MAX_OFFSET", frame: "30", again: (e) => encodeTopicQueueHeader(decodeTopicQueueHeader(e)), differ: { "5.x": ["committed"] } },
  { name: "GET_MIN_OFFSET", frame: "31", again: (e) => encodeTopicQueueHeader(decodeTopicQueueHeader(e)) },
  { name: "QUERY_TOPIC_CONSUME_BY_WHO", frame: "300", again: (e) => encodeTopicHeader(decodeTopicHeader(e)) },
  { name: "GET_CONSUMER_RUNNING_INFO", frame: "307", again: (e) => encodeConsumerRunningInfoHeader(decodeConsumerRunningInfoHeader(e)) },
  { name: "VIEW_BROKER_STATS_DATA", frame: "315", again: (e) => encodeViewBrokerStatsDataHeader(decodeViewBrokerStatsDataHeader(e)) },
  { name: "GET_BROKER_CONSUME_STATS", frame: "317", again: (e) => encodeBrokerConsumeStatsHeader(decodeBrokerConsumeStatsHeader(e)) },
];

/** A long past 2^53 (mqadmin's endTimestamp Long.MAX_VALUE) reads as the nearest double: compared as one. */
const same = (v: string | undefined): string | number | undefined => (v !== undefined && /^-?\d{16,}$/.test(v) ? Number(v) : v);

/** The fields one side has and the other has not, RPC's left aside. */
function difference(java: ExtFields, mq: ExtFieldsInit): string[] {
  const ours = toExtFields(mq);
  const keys = new Set([...Object.keys(java), ...Object.keys(ours)]);
  return [...keys].filter((k) => !RPC.includes(k) && (java[k] === undefined) !== (ours[k] === undefined)).sort();
}

describe("golden headers through mq's codecs", () => {
  for (const h of HEADERS) {
    for (const version of ["4.9.8", "5.x"] as const) {
      test(`${h.name} (${h.frame}) as ${version} sent it: read, and written with the same fields and values`, () => {
        const ext = decoded(version, `${h.frame}-json`).extFields;
        const ours = toExtFields(h.again(ext));
        expect(difference(ext, ours)).toEqual([...(h.differ?.[version] ?? [])].sort());
        for (const [key, value] of Object.entries(ours)) if (ext[key] !== undefined) expect({ [key]: same(value) }).toEqual({ [key]: same(ext[key]) });
      });
    }
  }

  test("RECALL_MESSAGE (370, 5.x only): the handle and topic read, and written back the same", () => {
    const ext = decoded("5.x", "370-json").extFields;
    const h = decodeRecallMessageHeader(ext);
    expect(h).toMatchObject({ topic: "CAP5_timer-recall", producerGroup: "CAP5_timer-recall_PG", brokerName: "broker-a" });
    expect(Buffer.from(h.recallHandle, "base64").toString()).toMatch(/^v1 CAP5_timer-recall broker-a \d+ [0-9A-F]+$/);
    expect(toExtFields(recallMessageExtFields(h))).toEqual(ext);
  });

  test("CHECK_TRANSACTION_STATE (39) as Apache RocketMQ's broker sends it: the half's offsets and ids, written back the same", () => {
    const cmd = decoded("broker-5.5.0", "39-json");
    const h = decodeCheckTransactionStateHeader(cmd.extFields);
    expect(h).toMatchObject({ topic: "RMQ_SYS_TRANS_HALF_TOPIC", brokerName: "broker-a" });
    expect(h.msgId).toBe(h.transactionId);
    expect(h.offsetMsgId).toMatch(/^[0-9A-F]{32}$/);
    expect(toExtFields(checkTransactionStateExtFields(h))).toEqual(cmd.extFields);
    expect(cmd.body?.length).toBeGreaterThan(0);
  });

  test("PUSH_REPLY_MESSAGE_TO_CLIENT (326) as Apache RocketMQ's broker sends it: the reply's header, written back the same", () => {
    const cmd = decoded("broker-5.5.0", "326-json");
    const h = decodeReplyMessageHeader(cmd.extFields);
    expect(h).toMatchObject({ topic: "DefaultCluster_REPLY_TOPIC", defaultTopic: "TBW102", queueId: 0 });
    expect(h.properties).toContain("CORRELATION_ID\u0001");
    expect(difference(cmd.extFields, replyMessageExtFields(h))).toEqual([]);
  });
});
