// Statistics and connection codes for admin tools (mqadmin producerConnection, statsAll,
// brokerConsumeStats, cloneGroupOffset; the dashboard's producer page and charts), as RocketMQ's
// AdminBrokerProcessor answers them:
//   code                           request extFields                reply
//   GET_PRODUCER_CONNECTION_LIST 204 producerGroup                  ProducerConnection; SYSTEM_ERROR
//                                                                   "the producer group[g] not exist"
//   QUERY_TOPIC_CONSUME_BY_WHO 300 topic                            GroupList: groups subscribed now
//                                                                   or holding offsets of the topic
//   VIEW_BROKER_STATS_DATA 315     statsName, statsKey              BrokerStatsData; SYSTEM_ERROR
//                                                                   "The stats <n> <k> not exist"
//   GET_BROKER_CONSUME_STATS 317   isOrder                          ConsumeStatsList over every
//                                                                   subscription group
//   CLONE_GROUP_OFFSET 314         srcGroup, destGroup, topic?, offline   SUCCESS (mutating)
//   GET_ALL_PRODUCER_INFO 328      (none)                           ProducerTableInfo: every group's producers
import {
  BrokerError,
  decodeBrokerConsumeStatsHeader,
  decodeCloneGroupOffsetHeader,
  decodeProducerGroupHeader,
  decodeTopicHeader,
  decodeViewBrokerStatsDataHeader,
  encodeBrokerStatsData,
  encodeConsumeStatsList,
  encodeGroupList,
  encodeProducerConnection,
  encodeProducerTableInfo,
  type ProducerInfo,
  queueOffset,
  RequestCode,
  ResponseCode,
  type ConsumeStats,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { consumeStatsOf } from "./queue-stats.ts";

function producerConnections(ctx: BrokerContext): Handler {
  return (req) => {
    const group = decodeProducerGroupHeader(req.extFields);
    const channels = ctx.clients.producerGroups().get(group);
    if (channels === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the producer group[${group}] not exist`);
    const set = [...channels.values()].map((c) => ({ clientId: c.clientId, clientAddr: c.connection.remoteAddress, language: c.language, version: c.version }));
    return reply(ResponseCode.SUCCESS, { body: encodeProducerConnection(set) });
  };
}

function allProducers(ctx: BrokerContext): Handler {
  return () => {
    const data: Record<string, ProducerInfo[]> = {};
    for (const [group, channels] of ctx.clients.producerGroups()) {
      data[group] = [...channels.values()].map((c) => ({
        clientId: c.clientId, remoteIP: c.connection.remoteAddress, language: c.language, version: c.version, lastUpdateTimestamp: c.lastUpdateTimestamp,
      }));
    }
    return reply(ResponseCode.SUCCESS, { body: encodeProducerTableInfo(data) });
  };
}

/** Groups with committed offsets of topic. */
const offsetGroupsOf = (ctx: BrokerContext, topic: string): string[] =>
  ctx.store.meta.consumerOffsets.all().filter((e) => e.topic === topic).map((e) => e.group);

/** Topics group has committed offsets for (RocketMQ's whichTopicByConsumer). */
export const offsetTopicsOf = (ctx: BrokerContext, group: string): string[] =>
  [...new Set(ctx.store.meta.consumerOffsets.all().filter((e) => e.group === group).map((e) => e.topic))];

function topicConsumeByWho(ctx: BrokerContext): Handler {
  return (req) => {
    const topic = decodeTopicHeader(req.extFields);
    const groups = new Set(ctx.clients.consumerGroups().filter((g) => g.subscriptions.has(topic)).map((g) => g.group));
    for (const g of offsetGroupsOf(ctx, topic)) groups.add(g);
    return reply(ResponseCode.SUCCESS, { body: encodeGroupList([...groups]) });
  };
}

function viewStats(ctx: BrokerContext): Handler {
  return (req) => {
    const { statsName: name, statsKey: key } = decodeViewBrokerStatsDataHeader(req.extFields);
    const item = ctx.meters.stats.find(name, key);
    if (item === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `The stats <${name}> <${key}> not exist`);
    return reply(ResponseCode.SUCCESS, {
      body: encodeBrokerStatsData({ statsMinute: item.snapshot("minute"), statsHour: item.snapshot("hour"), statsDay: item.snapshot("day") }),
    });
  };
}

/** Skipped as RocketMQ does: a topic gone from the table, and one the group's live consumers do not subscribe. */
function consumedTopics(ctx: BrokerContext, group: string, orderOnly: boolean): string[] {
  const live = ctx.clients.consumerGroup(group);
  return offsetTopicsOf(ctx, group).filter((topic) => {
    const config = ctx.topics.get(topic);
    if (config === undefined || (orderOnly && !config.order)) return false;
    return live === undefined || live.subscriptions.size === 0 || live.subscriptions.has(topic);
  });
}

function brokerConsumeStats(ctx: BrokerContext): Handler {
  return (req) => {
    const orderOnly = decodeBrokerConsumeStatsHeader(req.extFields);
    let totalDiff = 0;
    const groups: Array<[string, ConsumeStats[]]> = [];
    for (const { groupName } of ctx.groups.all()) {
      const stats = consumedTopics(ctx, groupName, orderOnly).map((topic) => {
        const s = consumeStatsOf(ctx, groupName, [topic], "write");
        for (const [, o] of s.offsetTable) totalDiff += o.brokerOffset - o.consumerOffset;
        return s;
      });
      groups.push([groupName, stats]);
    }
    return reply(ResponseCode.SUCCESS, { body: encodeConsumeStatsList({ brokerAddr: ctx.brokerAddr, groups, totalDiff, totalInflightDiff: 0 }) });
  };
}

function cloneGroupOffset(ctx: BrokerContext): Handler {
  return (req) => {
    const { srcGroup: src, destGroup: dest, topic: requested, offline } = decodeCloneGroupOffsetHeader(req.extFields);
    const topics = requested !== undefined ? [requested] : offsetTopicsOf(ctx, src);
    const live = ctx.clients.consumerGroup(src);
    const offsets = ctx.store.meta.consumerOffsets;
    for (const topic of topics) {
      if (ctx.topics.get(topic) === undefined) continue;
      if (!offline && live !== undefined && live.subscriptions.size > 0 && !live.subscriptions.has(topic)) continue;
      for (const e of offsets.all()) {
        if (e.group === src && e.topic === topic) offsets.commit(dest, topic, e.queueId, queueOffset(Number(e.offset)));
      }
    }
    ctx.log.info("group offsets cloned", { srcGroup: src, destGroup: dest, topic: requested ?? "" });
    return reply(ResponseCode.SUCCESS);
  };
}

export const statsAdminCodes = {
  mutating: [[RequestCode.CLONE_GROUP_OFFSET, cloneGroupOffset]],
  readOnly: [
    [RequestCode.GET_PRODUCER_CONNECTION_LIST, producerConnections],
    [RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, topicConsumeByWho],
    [RequestCode.VIEW_BROKER_STATS_DATA, viewStats],
    [RequestCode.GET_BROKER_CONSUME_STATS, brokerConsumeStats],
    [RequestCode.GET_ALL_PRODUCER_INFO, allProducers],
  ],
} as const;
