// Per-queue statistics for admin tools.
//   code                     request extFields           reply body (MessageQueue-keyed, §4.8)
//   GET_TOPIC_STATS_INFO 202 topic                       TopicStatsTable, one entry per write queue
//   GET_CONSUME_STATS 208    consumerGroup, topic?       ConsumeStats, one entry per read queue of
//                                                        the topic (blank: every topic the group
//                                                        has committed offsets for)
import {
  BrokerError,
  compareMessageQueue,
  encodeConsumeStats,
  encodeTopicStatsTable,
  decodeConsumeStatsHeader,
  decodeTopicHeader,
  queueOffset,
  RequestCode,
  ResponseCode,
  type ConsumeStats,
  type MessageQueue,
  type OffsetWrapper,
  type TopicOffset,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

/** Store time of the message just before `offset` in the queue, 0 when there is none. */
function storeTimeBefore(ctx: BrokerContext, topic: string, queueId: number, offset: number): number {
  if (offset <= 0) return 0;
  return ctx.store.storeTimeOf(topic, queueId, queueOffset(offset - 1)) ?? 0;
}

export function topicStats(ctx: BrokerContext): Handler {
  return (req) => {
    const topic = decodeTopicHeader(req.extFields);
    const config = ctx.topics.get(topic);
    if (config === undefined) throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist`);
    const offsetTable: Array<[MessageQueue, TopicOffset]> = [];
    for (let queueId = 0; queueId < config.writeQueueNums; queueId++) {
      const maxOffset = ctx.store.maxOffset(topic, queueId);
      offsetTable.push([
        { topic, brokerName: ctx.options.brokerName, queueId },
        {
          minOffset: ctx.store.minOffset(topic, queueId),
          maxOffset,
          lastUpdateTimestamp: storeTimeBefore(ctx, topic, queueId, maxOffset),
        },
      ]);
    }
    return reply(ResponseCode.SUCCESS, { body: encodeTopicStatsTable({ offsetTable }) });
  };
}

export function consumeStats(ctx: BrokerContext): Handler {
  return (req) => {
    const { consumerGroup: group, topic: requested } = decodeConsumeStatsHeader(req.extFields);
    const topics =
      requested !== undefined
        ? [requested]
        : [...new Set(ctx.store.meta.consumerOffsets.all().filter((e) => e.group === group).map((e) => e.topic))];
    return reply(ResponseCode.SUCCESS, { body: encodeConsumeStats(consumeStatsOf(ctx, group, topics, "read")) });
  };
}

/** The group's progress on each queue of topics (GET_CONSUME_STATS counts read queues,
 *  GET_BROKER_CONSUME_STATS write queues), sorted; topics not in the table are skipped. */
export function consumeStatsOf(ctx: BrokerContext, group: string, topics: readonly string[], queues: "read" | "write"): ConsumeStats {
  const offsetTable: Array<[MessageQueue, OffsetWrapper]> = [];
  for (const topic of topics) {
    const config = ctx.topics.get(topic);
    if (config === undefined) continue;
    const count = queues === "read" ? config.readQueueNums : config.writeQueueNums;
    for (let queueId = 0; queueId < count; queueId++) {
      const consumerOffset = Math.max(0, ctx.store.meta.consumerOffsets.query(group, topic, queueId) ?? 0);
      offsetTable.push([
        { topic, brokerName: ctx.options.brokerName, queueId },
        {
          brokerOffset: ctx.store.maxOffset(topic, queueId),
          consumerOffset,
          lastTimestamp: storeTimeBefore(ctx, topic, queueId, consumerOffset),
          // RocketMQ answers max(consumerOffset, its pullOffsetTable entry); mq keeps no pull
          // offsets, so nothing shows as in flight (pulled, not yet committed).
          pullOffset: consumerOffset,
        },
      ]);
    }
  }
  offsetTable.sort((a, b) => compareMessageQueue(a[0], b[0]));
  return { consumeTps: 0, offsetTable };
}

export const queueStatsCodes = [
  [RequestCode.GET_TOPIC_STATS_INFO, topicStats],
  [RequestCode.GET_CONSUME_STATS, consumeStats],
] as const;
