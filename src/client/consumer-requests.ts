// What a push consumer answers when a broker passes an admin request on to it (Java's
// ClientRemotingProcessor; remoting-protocol.md §2.7):
//   GET_CONSUMER_RUNNING_INFO (307)  consumerGroup, clientId, jstackEnable → ConsumerRunningInfo
//     {"properties":{..},"subscriptionSet":[SubscriptionData],"mqTable":{{MessageQueue}:ProcessQueueInfo},
//      "mqPopTable":{},"statusTable":{"<topic>":ConsumeStatus},"userConsumerInfo":{},"jstack":""}
//   CONSUME_MESSAGE_DIRECTLY (309)   consumerGroup, clientId, msgId, brokerName; body: the stored
//     record → runs the listener on it once, answers ConsumeMessageDirectlyResult
//     {"order":false,"autoCommit":true,"consumeResult":"CR_SUCCESS","remark":..,"spentTimeMills":n}
//   GET_CONSUMER_STATUS_FROM_CLIENT (221)  topic, group → GetConsumerStatusBody with the offsets
//     held for the topic's queues: {"messageQueueTable":{{MessageQueue}:offset},"consumerTable":{}}
// Another group's request: SYSTEM_ERROR "The Consumer Group <g> not exist in this consumer".
import {
  decodeConsumeMessageDirectlyHeader,
  decodeConsumerRunningInfoHeader,
  decodeConsumerStatusHeader,
  decodeRecords,
  MessageProperty,
  REMOTING_VERSION,
  RequestCode,
  ResponseCode,
  retryTopicOf,
  stringifyFastjson,
  utf8,
  versionDesc,
  type JsonMap,
  type JsonObject,
  type SubscriptionData,
} from "../common/index.ts";
import { reply, type Handler, type RemotingCommand } from "../remoting/index.ts";
import type { ClientCore } from "./client-core.ts";
import type { ConsumerStats } from "./consumer-stats.ts";
import type { ResolvedConsumerOptions } from "./consumer-options.ts";
import { toMessageExt } from "./decode-messages.ts";
import type { ConsumeMode } from "./listener.ts";
import type { MessageQueue } from "./message.ts";
import type { ProcessQueue } from "./process-queue.ts";

/** What the answers read from a running push consumer. */
export interface ConsumerView {
  core: ClientCore;
  opts: ResolvedConsumerOptions;
  stats: ConsumerStats;
  mode(): ConsumeMode | undefined;
  startTimestampMs(): number;
  subscriptions(): SubscriptionData[];
  queues(): Array<{ mq: MessageQueue; pq: ProcessQueue; commitOffset: number }>;
}

const mqJson = (mq: MessageQueue): JsonObject => ({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic });
const fastjson = (v: JsonObject): Uint8Array => utf8(stringifyFastjson(v, { quoteNumericKeys: false }));

function otherGroup(v: ConsumerView, group: string): RemotingCommand | undefined {
  if (group === v.opts.consumerGroup) return undefined;
  return reply(ResponseCode.SYSTEM_ERROR, { remark: `The Consumer Group <${group}> not exist in this consumer` });
}

export function encodeRunningInfo(v: ConsumerView): Uint8Array {
  const o = v.opts;
  const properties: JsonObject = {
    consumerGroup: o.consumerGroup, messageModel: o.messageModel, consumeFromWhere: o.consumeFromWhere,
    consumeMessageBatchMaxSize: String(o.consumeMessageBatchMaxSize), pullBatchSize: String(o.pullBatchSize),
    pullThresholdForQueue: String(o.pullThresholdForQueue), maxReconsumeTimes: String(o.maxReconsumeTimes ?? -1),
    suspendCurrentQueueTimeMillis: String(o.suspendCurrentQueueTimeMs), clientIP: v.core.clientIp,
    PROP_CONSUME_TYPE: "CONSUME_PASSIVELY",
    PROP_CONSUMEORDERLY: String(v.mode()?.orderly ?? false),
    PROP_NAMESERVER_ADDR: v.core.opts.namesrvAddrs.join(";"),
    PROP_CONSUMER_START_TIMESTAMP: String(v.startTimestampMs()),
    PROP_THREADPOOL_CORE_SIZE: "1",
    PROP_CLIENT_VERSION: versionDesc(REMOTING_VERSION),
  };
  const mqTable: JsonMap = new Map();
  for (const { mq, pq, commitOffset } of v.queues()) {
    const range = pq.offsetRange();
    mqTable.set(mqJson(mq), {
      commitOffset, cachedMsgMinOffset: range.min, cachedMsgMaxOffset: range.max, cachedMsgCount: pq.count,
      cachedMsgSizeInMiB: Math.floor(pq.bodyBytes / (1024 * 1024)), transactionMsgMinOffset: 0, transactionMsgMaxOffset: 0,
      transactionMsgCount: 0, locked: pq.holdsLock(), tryUnlockTimes: 0, lastLockTimestamp: pq.lastLockTimestampMs,
      droped: pq.dropped, lastPullTimestamp: pq.lastPullTimestampMs, lastConsumeTimestamp: pq.lastConsumeTimestampMs,
    });
  }
  const statusTable: JsonObject = {};
  const subscriptions = v.subscriptions();
  for (const s of subscriptions) statusTable[s.topic] = { ...v.stats.status(s.topic) };
  const subscriptionSet = subscriptions.map((s): JsonObject => ({ ...s, classFilterMode: false }));
  return fastjson({ properties, subscriptionSet, mqTable, mqPopTable: {}, statusTable, userConsumerInfo: {}, jstack: "" });
}

const runningInfo = (v: ConsumerView): Handler => (req) =>
  otherGroup(v, decodeConsumerRunningInfoHeader(req.extFields).consumerGroup) ?? reply(ResponseCode.SUCCESS, { body: encodeRunningInfo(v) });

/** Java's ConsumeMessage{Concurrently,Orderly}Service.consumeMessageDirectly. */
async function consumeDirectly(v: ConsumerView, req: RemotingCommand): Promise<RemotingCommand> {
  const h = decodeConsumeMessageDirectlyHeader(req.extFields);
  const refused = otherGroup(v, h.consumerGroup);
  if (refused) return refused;
  const mode = v.mode();
  const record = req.body === undefined || req.body.length === 0 ? undefined : decodeRecords(req.body)[0];
  if (mode === undefined || record === undefined) {
    return reply(ResponseCode.SYSTEM_ERROR, { remark: `no message ${h.msgId ?? ""} to consume` });
  }
  const brokerName = h.brokerName ?? "";
  const msg = toMessageExt(record, brokerName);
  const original = msg.properties[MessageProperty.RETRY_TOPIC];
  if (msg.topic === retryTopicOf(v.opts.consumerGroup) && original !== undefined) msg.topic = original;
  const mq: MessageQueue = { topic: msg.topic, brokerName, queueId: msg.queueId };
  const beginMs = Date.now();
  let consumeResult: string;
  let remark: string | undefined;
  try {
    if (mode.orderly) {
      const status = await mode.listener([msg], { messageQueue: mq, suspendCurrentQueueTimeMs: v.opts.suspendCurrentQueueTimeMs });
      consumeResult = status === "SUCCESS" ? "CR_SUCCESS" : "CR_LATER";
    } else {
      const status = await mode.listener([msg], { messageQueue: mq, delayLevelWhenNextConsume: 0 });
      consumeResult = status === "CONSUME_SUCCESS" ? "CR_SUCCESS" : "CR_LATER";
    }
  } catch (err) {
    consumeResult = "CR_THROW_EXCEPTION";
    remark = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const result: JsonObject = { order: mode.orderly, autoCommit: true, consumeResult, remark, spentTimeMills: Date.now() - beginMs };
  return reply(ResponseCode.SUCCESS, { body: fastjson(result) });
}

function consumerStatus(v: ConsumerView): Handler {
  return (req) => {
    const h = decodeConsumerStatusHeader(req.extFields);
    const refused = otherGroup(v, h.group);
    if (refused) return refused;
    const messageQueueTable: JsonMap = new Map();
    for (const { mq, commitOffset } of v.queues()) if (mq.topic === h.topic) messageQueueTable.set(mqJson(mq), commitOffset);
    return reply(ResponseCode.SUCCESS, { body: fastjson({ messageQueueTable, consumerTable: {} }) });
  };
}

export function consumerRequestHandlers(v: ConsumerView): Array<[number, Handler]> {
  return [
    [RequestCode.GET_CONSUMER_RUNNING_INFO, runningInfo(v)],
    [RequestCode.CONSUME_MESSAGE_DIRECTLY, (req) => consumeDirectly(v, req)],
    [RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, consumerStatus(v)],
  ];
}
