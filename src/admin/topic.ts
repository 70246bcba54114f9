// Topic operations: updateTopic, deleteTopic, topicList, topicRoute, topicStatus.
import {
  DLQ_GROUP_TOPIC_PREFIX,
  NAMESPACE_ORDER_TOPIC_CONFIG,
  PERM_READ_WRITE,
  RETRY_GROUP_TOPIC_PREFIX,
  RequestCode,
  SystemTopic,
  decodeGroupList,
  decodeTopicList,
  decodeTopicRouteData,
  encodeCreateTopicHeader,
  encodeDeleteTopicInNamesrv,
  encodePutKvConfigHeader,
  encodeRouteRequest,
  encodeTopicHeader,
  type TopicConfig,
  type TopicRouteData,
} from "../common/index.ts";
import { brokerNameOfAddr, clusterInfo } from "./cluster.ts";
import { invokeAllNamesrvs, invokeNamesrv, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, targetAddrs, type BrokerTarget } from "./targets.ts";

/** TopicSysFlag bits: bit 0 unit topic, bit 1 has unit subscription (mqadmin -u / -s). */
export const topicSysFlagOf = (unit: boolean, hasUnitSub: boolean): number => (unit ? 1 : 0) | (hasUnitSub ? 2 : 0);

/** A TopicConfig with mqadmin updateTopic's defaults: 8 read and write queues, perm 6. */
export function topicConfigOf(topicName: string, over: Partial<TopicConfig> = {}): TopicConfig {
  return {
    topicName, readQueueNums: 8, writeQueueNums: 8, perm: PERM_READ_WRITE,
    topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false, ...over,
  };
}

/**
 * Creates or updates the topic on the target brokers; returns their addresses. An order topic
 * also gets its ORDER_TOPIC_CONFIG ("brokerName:writeQueueNums;...") on every name server.
 */
export async function updateTopic(ctx: AdminContext, topic: TopicConfig, target: BrokerTarget): Promise<string[]> {
  const info = topic.order ? await clusterInfo(ctx) : undefined;
  const addrs = await eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader({
      topic: topic.topicName,
      defaultTopic: SystemTopic.AUTO_CREATE,
      readQueueNums: topic.readQueueNums,
      writeQueueNums: topic.writeQueueNums,
      perm: topic.perm,
      topicFilterType: topic.topicFilterType,
      topicSysFlag: topic.topicSysFlag,
      order: topic.order,
      attributes: undefined,
    }));
    return addr;
  }, info);
  if (info) {
    const names = addrs.map((a) => brokerNameOfAddr(info, a) ?? a);
    const value = [...new Set(names)].map((n) => `${n}:${topic.writeQueueNums}`).join(";");
    await invokeAllNamesrvs(ctx, RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader({ namespace: NAMESPACE_ORDER_TOPIC_CONFIG, key: topic.topicName, value }));
  }
  return addrs;
}

/** Deletes the topic from every master of the cluster, then from every name server. */
export async function deleteTopic(ctx: AdminContext, topic: string, cluster: string): Promise<string[]> {
  const addrs = await targetAddrs(ctx, { cluster });
  for (const addr of addrs) await invokeOk(ctx, addr, RequestCode.DELETE_TOPIC_IN_BROKER, encodeTopicHeader(topic));
  await invokeAllNamesrvs(ctx, RequestCode.DELETE_TOPIC_IN_NAMESRV, encodeDeleteTopicInNamesrv({ topic, clusterName: cluster }));
  return addrs;
}

export async function topicList(ctx: AdminContext): Promise<string[]> {
  return decodeTopicList((await invokeNamesrv(ctx, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body).topicList;
}

/** One line of `topicList -c`: a topic, its cluster, and a group consuming it ("" if none). */
export interface TopicClusterRow {
  cluster: string;
  topic: string;
  group: string;
}

/**
 * `topicList -c`: every topic except retry and dead-letter ones, with its cluster and the groups
 * consuming it (QUERY_TOPIC_CONSUME_BY_WHO; a broker that cannot say yields one row with "").
 */
export async function topicListWithClusters(ctx: AdminContext): Promise<TopicClusterRow[]> {
  const topics = (await topicList(ctx)).filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !t.startsWith(DLQ_GROUP_TOPIC_PREFIX));
  const rows: TopicClusterRow[] = [];
  for (const topic of topics.sort()) {
    let cluster = "";
    let groups: string[] = [];
    try {
      const route = await topicRoute(ctx, topic);
      const broker = route.brokerDatas[0];
      cluster = broker?.cluster ?? "";
      const master = broker?.brokerAddrs["0"];
      if (master) groups = await consumeByWho(ctx, master, topic);
    } catch {
      // mqadmin prints the topic with blank cluster and group when either lookup fails
    }
    if (groups.length === 0) rows.push({ cluster, topic, group: "" });
    for (const group of groups.sort()) rows.push({ cluster, topic, group });
  }
  return rows;
}

async function consumeByWho(ctx: AdminContext, brokerAddr: string, topic: string): Promise<string[]> {
  const res = await invokeOk(ctx, brokerAddr, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, encodeTopicHeader(topic));
  return !res.body || res.body.length === 0 ? [] : decodeGroupList(res.body);
}

export async function topicRoute(ctx: AdminContext, topic: string): Promise<TopicRouteData> {
  return decodeTopicRouteData((await invokeNamesrv(ctx, RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest({ topic, acceptStandardJsonOnly: false }))).body);
}
