// CONSUMER_SEND_MSG_BACK (36): a consumer failed a message; store a copy for redelivery
// (broker-internals.md §7.1). The copy goes to %RETRY%<group> through the delay levels
// (level 3 + reconsumeTimes unless the client asks for one), or to %DLQ%<group> once the
// message was reconsumed maxReconsumeTimes times (or the client asks with delayLevel < 0).
//
// Properties of the copy, as RocketMQ sets them:
//   RETRY_TOPIC        the original topic (kept from an earlier retry); clients restore msg.topic from it
//   ORIGIN_MESSAGE_ID  the first delivery's offsetMsgId (kept from an earlier retry)
//   DELAY              the level, for retries (the schedule service then parks it, REAL_TOPIC/REAL_QID)
//   DLQ_ORIGIN_TOPIC, DLQ_ORIGIN_MESSAGE_ID   on DLQ copies (RocketMQ 5): original topic and UNIQ_KEY
//                      (or ORIGIN_MESSAGE_ID when the producer set none, as ali-ons)
// reconsumeTimes of the stored copy is the old value + 1.
import {
  BrokerError,
  decodeRecord,
  formatProperties,
  MessageProperty,
  offsetMsgId,
  parseProperties,
  Perm,
  PERM_READ_WRITE,
  ResponseCode,
  retryTopicOf,
  type MessageRecord,
  type SendBackHeader,
} from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { createDlqTopic, isStored, recordCopy, routeDelay, VERSION_WITH_MAX_RECONSUME_TIMES } from "../send/index.ts";

export const DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
export const DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";

export async function handleSendBack(ctx: BrokerContext, h: SendBackHeader, clientVersion: number): Promise<RemotingCommand> {
  checkMasterWritable(ctx);
  const group = ctx.groups.findOrCreate(h.group);
  if (group === undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${h.group}`);
  }
  if (group.retryQueueNums <= 0) return reply(ResponseCode.SUCCESS);
  const retry = ctx.topics.createSystemTopic(retryTopicOf(h.group), group.retryQueueNums, PERM_READ_WRITE);
  const bytes = ctx.store.recordAt(h.offset);
  if (bytes === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${h.offset}`);
  const record = decodeRecord(bytes);
  const properties = parseProperties(record.properties);
  if (!properties.has(MessageProperty.RETRY_TOPIC)) properties.set(MessageProperty.RETRY_TOPIC, record.topic);
  const originId = properties.get(MessageProperty.ORIGIN_MESSAGE_ID) || offsetMsgId(record.storeHost, record.physicalOffset);
  properties.set(MessageProperty.ORIGIN_MESSAGE_ID, originId);
  properties.delete(MessageProperty.DELAY);
  const maxReconsumeTimes =
    clientVersion >= VERSION_WITH_MAX_RECONSUME_TIMES && h.maxReconsumeTimes !== undefined ? h.maxReconsumeTimes : group.retryMaxTimes;
  const toDlq = record.reconsumeTimes >= maxReconsumeTimes || h.delayLevel < 0;
  let to: { topic: string; queueId: number };
  if (toDlq) {
    const dlq = createDlqTopic(ctx, h.group);
    checkWritable(dlq.perm, dlq.topicName);
    properties.set(DLQ_ORIGIN_TOPIC, properties.get(MessageProperty.RETRY_TOPIC) ?? record.topic);
    properties.set(DLQ_ORIGIN_MESSAGE_ID, properties.get(MessageProperty.UNIQ_KEY) ?? originId);
    to = { topic: dlq.topicName, queueId: 0 };
    ctx.log.info("message moved to the DLQ", { group: h.group, dlq: dlq.topicName, reconsumeTimes: record.reconsumeTimes, maxReconsumeTimes, originId });
  } else {
    checkWritable(retry.perm, retry.topicName);
    const level = h.delayLevel === 0 ? 3 + record.reconsumeTimes : h.delayLevel;
    properties.set(MessageProperty.DELAY, String(level));
    to = routeDelay(ctx, record.sysFlag, properties, { topic: retry.topicName, queueId: Math.floor(Math.random() * group.retryQueueNums) });
  }
  const put = await ctx.store.put(copyOf(record, to, formatProperties(properties)));
  if (!isStored(put)) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `${put.status}: ${put.reason}`);
  ctx.meters.sentBack(record.topic, h.group);
  if (toDlq) ctx.meters.sentToDlq(to.topic, h.group);
  return reply(ResponseCode.SUCCESS);
}

function checkMasterWritable(ctx: BrokerContext): void {
  const { brokerRole, brokerPermission, brokerIP1 } = ctx.options;
  if (brokerRole === "SLAVE") throw new BrokerError(ResponseCode.SYSTEM_ERROR, `no master available along with ${brokerIP1}`);
  if ((brokerPermission & Perm.WRITE) === 0) {
    throw new BrokerError(ResponseCode.NO_PERMISSION, `the broker[${brokerIP1}] sending message is forbidden`);
  }
}

function checkWritable(perm: number, topic: string): void {
  if ((perm & Perm.WRITE) === 0) throw new BrokerError(ResponseCode.NO_PERMISSION, `the topic[${topic}] sending message is forbidden`);
}

/** The record under its retry or DLQ topic, one more consumption counted. */
function copyOf(record: MessageRecord, to: { topic: string; queueId: number }, properties: string): MessageToStore {
  return { ...recordCopy(record, to.topic, to.queueId, properties), reconsumeTimes: record.reconsumeTimes + 1 };
}
