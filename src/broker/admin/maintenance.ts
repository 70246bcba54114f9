// Store upkeep on request, as RocketMQ's AdminBrokerProcessor answers mqadmin:
//   code                            request extFields                         reply
//   CLEAN_EXPIRED_CONSUMEQUEUE 306  -                                         SUCCESS
//   CLEAN_UNUSED_TOPIC 316          -                                         SUCCESS
//   DELETE_EXPIRED_COMMITLOG 329    -                                         SUCCESS
//   TRIGGER_DELETE_FILES 27         -                                         SUCCESS (Apache RocketMQ declares
//                                                                             the code but serves nothing; mq: as 329)
//   RESUME_CHECK_HALF_MESSAGE 323   msgId, topic                              SUCCESS (transaction/resume-check.ts)
//   QUERY_CONSUME_QUEUE 321         topic, queueId, index, count, consumerGroup?
//                                   body QueryConsumeQueueResponseBody {filterData?, maxQueueIndex, minQueueIndex,
//                                   queueData: [{eval, physicOffset, physicSize, tagsCode}], subscriptionData?}
//   GET_SYSTEM_TOPIC_LIST_FROM_BROKER 305  -                          body TopicList {"topicList": [the broker's system topics]}
//   GET_SUBSCRIPTIONGROUP_CONFIG 352       group                      body SubscriptionGroupConfig JSON; SUBSCRIPTION_GROUP_NOT_EXIST
//                                                                     "No group in this broker" when absent
// Every removal stays under the store's own directories (commitlog/, consumequeue/).
import {
  BrokerError, decodeQueryConsumeQueueHeader, decodeSubscriptionGroupConfigHeader, encodeTopicList, replyTopicOf, RequestCode, ResponseCode, utf8,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { isSystemTopic } from "../topics/index.ts";
import { resumeCheckHalfMessage } from "../transaction/index.ts";

type HandlerFactory = (ctx: BrokerContext) => Handler;

function cleanExpiredConsumeQueue(ctx: BrokerContext): Handler {
  return () => {
    const dropped = ctx.store.cleanExpiredConsumeQueues();
    ctx.log.info("expired consume queues cleaned", { count: dropped.length, queues: dropped.slice(0, 20).join(",") });
    return reply(ResponseCode.SUCCESS);
  };
}

/** Keeps the queues of every topic the broker has, and of system topics (as RocketMQ does). */
function cleanUnusedTopic(ctx: BrokerContext): Handler {
  return () => {
    const dropped = ctx.store.cleanUnusedTopics((topic) => ctx.topics.get(topic) !== undefined || isSystemTopic(topic));
    ctx.log.info("unused topics cleaned", { count: dropped.length, topics: dropped.slice(0, 20).join(",") });
    return reply(ResponseCode.SUCCESS);
  };
}

/** RocketMQ's executeDeleteFilesManually: expired commitlog segments go now, whatever deleteWhen says. */
function deleteExpiredCommitLog(ctx: BrokerContext): Handler {
  return () => {
    const report = ctx.store.runRetention(true);
    ctx.log.info("expired commitlog deleted on request", { segments: report.deletedSegments.length });
    return reply(ResponseCode.SUCCESS);
  };
}

function subscriptionOf(ctx: BrokerContext, group: string, topic: string): Record<string, unknown> | undefined {
  const sub = ctx.clients.consumerGroup(group)?.subscriptions.get(topic);
  if (sub === undefined) return undefined;
  return {
    classFilterMode: false, codeSet: sub.codeSet, expressionType: sub.expressionType, subString: sub.subString,
    subVersion: sub.subVersion, tagsSet: sub.tagsSet, topic: sub.topic,
  };
}

function queryConsumeQueue(ctx: BrokerContext): Handler {
  return (req) => {
    const { topic, queueId, index, count, consumerGroup: group } = decodeQueryConsumeQueueHeader(req.extFields);
    const found = ctx.store.queueEntries(topic, queueId, index, count);
    if (found === undefined) {
      throw new BrokerError(ResponseCode.SYSTEM_ERROR, `${queueId}@${topic} is not exist! (this broker has no consume queue ${queueId} of topic ${topic})`);
    }
    const body: Record<string, unknown> = {
      maxQueueIndex: found.maxOffset, minQueueIndex: found.minOffset,
      queueData: found.entries.map((e) => ({ eval: false, physicOffset: e.physicalOffset, physicSize: e.size, tagsCode: e.tagsCode })),
    };
    if (group !== undefined) {
      const subscription = subscriptionOf(ctx, group, topic);
      if (subscription === undefined) body.filterData = `${group}@${topic} is not online!`;
      else [body.subscriptionData, body.filterData] = [subscription, "null"];
    }
    return reply(ResponseCode.SUCCESS, { body: utf8(JSON.stringify(body)) });
  };
}

/** The topics RocketMQ's TopicConfigManager registers as system topics: those it seeds (the
 *  cluster's and the broker's own names, the reply and trace topics among them) and rmq_sys_*. */
function systemTopicList(ctx: BrokerContext): Handler {
  return () => {
    const o = ctx.options;
    const own = new Set([o.brokerClusterName, o.brokerName, replyTopicOf(o.brokerClusterName), o.msgTraceTopicName ?? "RMQ_SYS_TRACE_TOPIC"]);
    const topics = ctx.topics.all().map((t) => t.topicName).filter((t) => isSystemTopic(t) || own.has(t)).sort();
    return reply(ResponseCode.SUCCESS, { body: encodeTopicList({ topicList: topics }) });
  };
}

function subscriptionGroupConfig(ctx: BrokerContext): Handler {
  return (req) => {
    const group = decodeSubscriptionGroupConfigHeader(req.extFields);
    const config = ctx.groups.get(group);
    if (config === undefined) throw new BrokerError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `No group in this broker (group ${group})`);
    return reply(ResponseCode.SUCCESS, { body: utf8(JSON.stringify(config)) });
  };
}

export const maintenanceCodes: { mutating: ReadonlyArray<readonly [number, HandlerFactory]>; readOnly: ReadonlyArray<readonly [number, HandlerFactory]> } = {
  mutating: [
    [RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, cleanExpiredConsumeQueue],
    [RequestCode.CLEAN_UNUSED_TOPIC, cleanUnusedTopic],
    [RequestCode.DELETE_EXPIRED_COMMITLOG, deleteExpiredCommitLog],
    [RequestCode.TRIGGER_DELETE_FILES, deleteExpiredCommitLog],
    [RequestCode.RESUME_CHECK_HALF_MESSAGE, resumeCheckHalfMessage],
  ],
  readOnly: [
    [RequestCode.QUERY_CONSUME_QUEUE, queryConsumeQueue],
    [RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, systemTopicList],
    [RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, subscriptionGroupConfig],
  ],
};
