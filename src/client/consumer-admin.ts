// Requests a broker sends to a live consumer (remoting-protocol.md §2.7):
//
//   RESET_CONSUMER_CLIENT_OFFSET (220), oneway. Header topic, group, timestamp, isForce.
//     Body ResetOffsetBody in fastjson's MessageQueue-key form (§4.8):
//       {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:17,...}}
//   GET_CONSUMER_RUNNING_INFO (307). Header consumerGroup, clientId, jstackEnable. The reply body
//     is ConsumerRunningInfo, written here in a minimal form (admin tools read what is present):
//       {"properties":{"PROP_CONSUME_TYPE":..,..},"subscriptionSet":[SubscriptionData],
//        "mqTable":{{"brokerName":..,"queueId":..,"topic":..}:ProcessQueueInfo},"statusTable":{},"jstack":""}
import { parseBody, stringifyFastjson, utf8, type JsonMap, type JsonObject, type SubscriptionData } from "../common/index.ts";
import type { MessageQueue } from "./message.ts";

export interface ResetOffsets {
  topic: string;
  group: string;
  offsets: Array<{ mq: MessageQueue; offset: number }>;
}

/** Reads a RESET_CONSUMER_CLIENT_OFFSET request; throws SyntaxError on a malformed body. */
export function readResetOffsets(ext: Record<string, string>, body: Uint8Array | undefined): ResetOffsets {
  const parsed = parseBody(body) as { offsetTable?: unknown };
  const table = parsed.offsetTable;
  if (typeof table !== "object" || table === null || Array.isArray(table)) throw new SyntaxError("ResetOffsetBody has no offsetTable");
  const offsets: ResetOffsets["offsets"] = [];
  for (const [key, value] of Object.entries(table)) {
    const mq = JSON.parse(key) as Record<string, unknown>;
    const queueId = Number(mq.queueId);
    if (typeof mq.topic !== "string" || typeof mq.brokerName !== "string" || !Number.isInteger(queueId) || typeof value !== "number") {
      throw new SyntaxError(`ResetOffsetBody entry ${key}:${String(value)} is not a queue and an offset`);
    }
    offsets.push({ mq: { topic: mq.topic, brokerName: mq.brokerName, queueId }, offset: value });
  }
  return { topic: ext.topic ?? "", group: ext.group ?? "", offsets };
}

export interface QueueState {
  mq: MessageQueue;
  commitOffset: number;
  cachedMsgCount: number;
  locked: boolean;
  lastLockTimestamp: number;
  dropped: boolean;
}

export interface RunningInfo {
  orderly: boolean;
  namesrvAddr: string;
  startTimestampMs: number;
  subscriptions: SubscriptionData[];
  queues: QueueState[];
}

export function encodeRunningInfo(info: RunningInfo): Uint8Array {
  const mqTable: JsonMap = new Map();
  for (const q of info.queues) {
    mqTable.set({ brokerName: q.mq.brokerName, queueId: q.mq.queueId, topic: q.mq.topic }, {
      commitOffset: q.commitOffset,
      cachedMsgCount: q.cachedMsgCount,
      locked: q.locked,
      lastLockTimestamp: q.lastLockTimestamp,
      droped: q.dropped,
    });
  }
  const properties: JsonObject = {
    PROP_CONSUME_TYPE: "CONSUME_PASSIVELY",
    PROP_CONSUMEORDERLY: String(info.orderly),
    PROP_NAMESERVER_ADDR: info.namesrvAddr,
    PROP_CONSUMER_START_TIMESTAMP: String(info.startTimestampMs),
    PROP_THREADPOOL_CORE_SIZE: "1",
  };
  const subscriptionSet = info.subscriptions.map((s): JsonObject => ({ ...s }));
  return utf8(stringifyFastjson({ properties, subscriptionSet, mqTable, statusTable: {}, jstack: "" }, { quoteNumericKeys: false }));
}
