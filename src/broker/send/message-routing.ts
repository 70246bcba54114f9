// Rewrites that change where a message is stored, applied after the send target is checked:
// - a %RETRY% message past its maxReconsumeTimes, or of a group holding queue locks, goes to
//   %DLQ%<group> (handleRetryAndDLQ);
// - a message with DELAY=<level> is parked in SCHEDULE_TOPIC_XXXX, queue level-1, with the real
//   topic and queue kept in REAL_TOPIC/REAL_QID (the schedule service puts it back when due).
import {
  BrokerError,
  dlqTopicOf,
  MessageProperty,
  MessageSysFlag,
  PERM_READ_WRITE,
  RETRY_GROUP_TOPIC_PREFIX,
  ResponseCode,
  SystemTopic,
  type TopicConfig,
} from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import type { SendHeader } from "../../common/index.ts";

export interface Destination {
  topic: string;
  queueId: number;
}

/** The client version from which RocketMQ honours maxReconsumeTimes in the header (V3_4_9). */
export const VERSION_WITH_MAX_RECONSUME_TIMES = 121;
/** RocketMQ gives every DLQ topic one queue. */
const DLQ_QUEUE_NUMS = 1;

/** %DLQ%<group>, made on first use with 1 queue and perm RW (RocketMQ >= 4.9.2). */
export function createDlqTopic(ctx: BrokerContext, group: string): TopicConfig {
  return ctx.topics.createSystemTopic(dlqTopicOf(group), DLQ_QUEUE_NUMS, PERM_READ_WRITE);
}

/** Whether a group holds no unexpired ordered-consumption lock (lock table); absent: no locks. */
export type LockAllExpired = (group: string) => boolean;

/**
 * The client fallback (broker-internals.md §7.2): a send to %RETRY%<group> goes to %DLQ%<group>
 * when reconsumeTimes > maxReconsumeTimes, or when the group holds queue locks (an orderly
 * consumer re-sends only once it gave up). reconsumeTimes and maxReconsumeTimes come from the
 * header (the producer moves RECONSUME_TIME / MAX_RECONSUME_TIMES there), else from the properties.
 */
export function routeRetryToDlq(
  ctx: BrokerContext,
  h: SendHeader,
  clientVersion: number,
  properties: Map<string, string>,
  to: Destination,
  isLockAllExpired: LockAllExpired = () => true,
): Destination {
  if (!to.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return to;
  const groupName = to.topic.slice(RETRY_GROUP_TOPIC_PREFIX.length);
  const group = ctx.groups.findOrCreate(groupName);
  if (group === undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${groupName}`);
  }
  const fromProperty = (name: string): number | undefined => {
    const n = Number(properties.get(name));
    return properties.has(name) && Number.isInteger(n) ? n : undefined;
  };
  const headerMax = clientVersion >= VERSION_WITH_MAX_RECONSUME_TIMES ? h.maxReconsumeTimes : undefined;
  const maxReconsumeTimes = headerMax ?? fromProperty(MessageProperty.MAX_RECONSUME_TIMES) ?? group.retryMaxTimes;
  const reconsumeTimes = h.reconsumeTimes > 0 ? h.reconsumeTimes : (fromProperty(MessageProperty.RECONSUME_TIME) ?? 0);
  const orderly = !isLockAllExpired(groupName);
  if (reconsumeTimes <= maxReconsumeTimes && !orderly) return to;
  const dlq = createDlqTopic(ctx, groupName);
  properties.delete(MessageProperty.DELAY);
  ctx.log.info("retry message moved to the DLQ", { topic: to.topic, dlq: dlq.topicName, reconsumeTimes, maxReconsumeTimes, orderly });
  ctx.meters.sentToDlq(dlq.topicName, groupName);
  return { topic: dlq.topicName, queueId: 0 };
}

export function routeDelay(
  ctx: BrokerContext,
  sysFlag: number,
  properties: Map<string, string>,
  to: Destination,
): Destination {
  const level = Number(properties.get(MessageProperty.DELAY) ?? 0);
  if (!Number.isInteger(level) || level <= 0 || ctx.delayLevelsMs.length === 0) return to;
  const txType = sysFlag & MessageSysFlag.TRANSACTION_MASK;
  if (txType !== MessageSysFlag.TRANSACTION_NOT && txType !== MessageSysFlag.TRANSACTION_COMMIT) return to;
  const clamped = Math.min(level, ctx.delayLevelsMs.length);
  properties.set(MessageProperty.DELAY, String(clamped));
  properties.set(MessageProperty.REAL_TOPIC, to.topic);
  properties.set(MessageProperty.REAL_QID, String(to.queueId));
  return { topic: SystemTopic.SCHEDULE, queueId: clamped - 1 };
}
