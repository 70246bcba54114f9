// Topic admin codes.
//   code                          request extFields                                   reply
//   UPDATE_AND_CREATE_TOPIC 17    topic readQueueNums writeQueueNums perm             SUCCESS
//                                 topicFilterType? topicSysFlag? order? (defaultTopic ignored)
//   UPDATE_AND_CREATE_TOPIC_LIST 18 body {"topicConfigList":[TopicConfig]} (5.x)      SUCCESS, or INVALID_PARAMETER
//                                 naming the first bad topic (none is taken then)
//   DELETE_TOPIC_IN_BROKER 215    topic                                               SUCCESS
//   GET_ALL_TOPIC_CONFIG 21       -                                                   TopicConfigSerializeWrapper
//   GET_TOPIC_CONFIG_LIST 22      -                                                   same as 21
//   GET_TOPIC_NAME_LIST 23        -                                                   TopicList {"topicList":[..]}
//   GET_TOPIC_CONFIG 351          topic lo? (static-topic mapping; mq has none)       TopicConfig JSON, or
//                                                                                     TOPIC_NOT_EXIST "No topic in this broker. topic: <t>"
import {
  BrokerError,
  decodeCreateTopicHeader,
  decodeTopicConfigList,
  decodeTopicHeader,
  jsonBody,
  RequestCode,
  ResponseCode,
  topicConfigJson,
  topicConfigWrapperJson,
  type TopicConfig,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { isSystemTopic, topicNameProblem, topicValidatorRemark } from "../topics/index.ts";

/** A limit on queues per topic (RocketMQ has none; 1024 is BenchmarkTest's count). */
export const TOPIC_QUEUE_NUMS_MAX = 1024;

const systemError = (remark: string): BrokerError => new BrokerError(ResponseCode.SYSTEM_ERROR, remark);

function checkTopicNameForAdmin(ctx: BrokerContext, topic: string): void {
  const problem = topicNameProblem(topic);
  if (problem !== undefined) throw systemError(problem);
  if (isSystemTopic(topic)) throw systemError(`the topic[${topic}] is conflict with system topic`);
  if (topic === ctx.options.brokerClusterName) throw systemError(`the topic[${topic}] is conflict with the cluster name`);
}

function queueNums(key: string, n: number): number {
  if (n < 1 || n > TOPIC_QUEUE_NUMS_MAX) throw systemError(`${key}=${n} is outside 1..${TOPIC_QUEUE_NUMS_MAX}`);
  return n;
}

/** As RocketMQ's, the answer comes once the NameServers have the new topic (registration done or
 *  failed), so a route lookup right after it finds the topic. */
export function updateTopic(ctx: BrokerContext): Handler {
  return async (req) => {
    if (ctx.options.brokerRole === "SLAVE") throw systemError("a slave broker cannot create topics; ask its master");
    const h = decodeCreateTopicHeader(req.extFields);
    const topic = h.topic;
    checkTopicNameForAdmin(ctx, topic);
    const perm = h.perm;
    if (perm < 0 || perm > 15) throw systemError(`perm=${perm} is not a permission (0..15)`);
    const config: TopicConfig = {
      topicName: topic,
      readQueueNums: queueNums("readQueueNums", h.readQueueNums),
      writeQueueNums: queueNums("writeQueueNums", h.writeQueueNums),
      perm,
      topicFilterType: h.topicFilterType,
      topicSysFlag: h.topicSysFlag,
      order: h.order,
    };
    ctx.topics.put(config);
    ctx.log.info("topic updated by admin", { topic, read: config.readQueueNums, write: config.writeQueueNums, perm });
    await ctx.topics.announced();
    return reply(ResponseCode.SUCCESS);
  };
}

/** RocketMQ 5's batch create: every topic checked first, then all taken and announced in one
 *  registration round. (Apache answers SUCCESS without taking any when one of the list is already
 *  configured exactly so; mq takes the others.) */
export function updateTopicList(ctx: BrokerContext): Handler {
  return async (req) => {
    if (ctx.options.brokerRole === "SLAVE") throw systemError("a slave broker cannot create topics; ask its master");
    const topics = decodeTopicConfigList(req.body);
    const invalid = (remark: string) => reply(ResponseCode.INVALID_PARAMETER, { remark });
    for (const t of topics) {
      const problem = topicValidatorRemark(t.topicName) ??
        (isSystemTopic(t.topicName) ? `The topic[${t.topicName}] is conflict with system topic.` : undefined) ??
        queueNumsProblem(t) ?? (t.perm < 0 || t.perm > 15 ? `perm=${t.perm} of ${t.topicName} is not a permission (0..15)` : undefined);
      if (problem !== undefined) return invalid(problem);
    }
    for (const t of topics) ctx.topics.put(t);
    ctx.log.info("topics updated by admin in a batch", { topics: topics.map((t) => t.topicName).join(";") });
    await ctx.topics.announced();
    return reply(ResponseCode.SUCCESS);
  };
}

function queueNumsProblem(t: TopicConfig): string | undefined {
  for (const [key, n] of [["readQueueNums", t.readQueueNums], ["writeQueueNums", t.writeQueueNums]] as const) {
    if (!Number.isInteger(n) || n < 1 || n > TOPIC_QUEUE_NUMS_MAX) return `${key}=${n} of ${t.topicName} is outside 1..${TOPIC_QUEUE_NUMS_MAX}`;
  }
  return undefined;
}

export function deleteTopic(ctx: BrokerContext): Handler {
  return (req) => {
    const topic = decodeTopicHeader(req.extFields);
    if (isSystemTopic(topic)) throw systemError(`the system topic[${topic}] cannot be deleted`);
    ctx.topics.delete(topic);
    ctx.meters.forgetTopic(topic);
    ctx.store.deleteTopic(topic);
    ctx.log.info("topic deleted by admin", { topic });
    return reply(ResponseCode.SUCCESS);
  };
}

export function allTopicConfig(ctx: BrokerContext): Handler {
  return () => {
    const topicConfigTable: Record<string, TopicConfig> = {};
    for (const t of ctx.topics.all()) topicConfigTable[t.topicName] = t;
    const wrapper = topicConfigWrapperJson({ dataVersion: ctx.store.meta.topicDataVersion(), topicConfigTable });
    return reply(ResponseCode.SUCCESS, { body: jsonBody(wrapper) });
  };
}

/** One topic's config (5.x mqadmin's topicStatus and consumerProgress ask it of every broker in the route). */
export function topicConfig(ctx: BrokerContext): Handler {
  return (req) => {
    const topic = decodeTopicHeader(req.extFields);
    const config = ctx.topics.get(topic);
    if (config === undefined) return reply(ResponseCode.TOPIC_NOT_EXIST, { remark: `No topic in this broker. topic: ${topic}` });
    return reply(ResponseCode.SUCCESS, { body: jsonBody(topicConfigJson(config)) });
  };
}

export function topicNameList(ctx: BrokerContext): Handler {
  return () => {
    const topicList = ctx.topics.all().map((t) => t.topicName).sort();
    return reply(ResponseCode.SUCCESS, { body: jsonBody({ brokerAddr: ctx.brokerAddr, topicList }) });
  };
}

export const topicAdminCodes = {
  mutating: [
    [RequestCode.UPDATE_AND_CREATE_TOPIC, updateTopic],
    [RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, updateTopicList],
    [RequestCode.DELETE_TOPIC_IN_BROKER, deleteTopic],
  ],
  readOnly: [
    [RequestCode.GET_ALL_TOPIC_CONFIG, allTopicConfig],
    [RequestCode.GET_TOPIC_CONFIG_LIST, allTopicConfig],
    [RequestCode.GET_TOPIC_NAME_LIST, topicNameList],
    [RequestCode.GET_TOPIC_CONFIG, topicConfig],
  ],
} as const;
