// Statistics (mqadmin brokerConsumeStats, statsAll, topicClusterList), over the broker's
// GET_BROKER_CONSUME_STATS, VIEW_BROKER_STATS_DATA and QUERY_TOPIC_CONSUME_BY_WHO, found as
// DefaultMQAdminExt finds them.
import {
  DLQ_GROUP_TOPIC_PREFIX,
  RETRY_GROUP_TOPIC_PREFIX,
  RequestCode,
  decodeBrokerStatsData,
  decodeConsumeStatsList,
  decodeGroupList,
  encodeBrokerConsumeStatsHeader,
  encodeTopicHeader,
  encodeViewBrokerStatsDataHeader,
  masterAddrOf,
  type BrokerStatsData,
  type ConsumeStatsList,
} from "../common/index.ts";
import { clusterInfo } from "./cluster.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { consumerProgress } from "./group.ts";
import { topicList, topicRoute } from "./topic.ts";

export async function brokerConsumeStats(ctx: AdminContext, brokerAddr: string, isOrder: boolean, timeoutMs: number): Promise<ConsumeStatsList> {
  const res = await invokeOk({ ...ctx, timeoutMs }, brokerAddr, RequestCode.GET_BROKER_CONSUME_STATS, encodeBrokerConsumeStatsHeader(isOrder));
  return decodeConsumeStatsList(res.body);
}

export async function viewBrokerStatsData(ctx: AdminContext, brokerAddr: string, statsName: string, statsKey: string): Promise<BrokerStatsData> {
  return decodeBrokerStatsData((await invokeOk(ctx, brokerAddr, RequestCode.VIEW_BROKER_STATS_DATA, encodeViewBrokerStatsDataHeader({ statsName, statsKey }))).body);
}

export async function topicConsumeByWho(ctx: AdminContext, topic: string): Promise<string[]> {
  const route = await topicRoute(ctx, topic);
  const groups = new Set<string>();
  for (const master of route.brokerDatas.map(masterAddrOf)) {
    if (master === undefined) continue;
    for (const g of decodeGroupList((await invokeOk(ctx, master, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, encodeTopicHeader(topic))).body)) groups.add(g);
  }
  return [...groups];
}

/** The clusters whose brokers serve topic (getTopicClusterList). */
export async function topicClusters(ctx: AdminContext, topic: string): Promise<string[]> {
  const [route, info] = await Promise.all([topicRoute(ctx, topic), clusterInfo(ctx)]);
  const names = new Set(route.brokerDatas.map((b) => b.brokerName));
  return Object.entries(info.clusterAddrTable).filter(([, brokers]) => brokers.some((b) => names.has(b))).map(([cluster]) => cluster);
}

/** One line of statsAll: a topic and one of its groups ("" when none consumes it). */
export interface StatsAllRow {
  topic: string;
  group: string;
  accumulation: number;
  inTps: number;
  outTps: number;
  inMsg24Hour: number;
  outMsg24Hour: number;
}

/** StatsAllSubCommand.compute24HourSum: the day's sum, else the hour's, else the minute's. */
const sum24Hour = (d: BrokerStatsData): number => d.statsDay.sum || d.statsHour.sum || d.statsMinute.sum;

/** Adds up one statistic over the masters; a master that has none counts 0 (as mqadmin). */
async function statsOver(ctx: AdminContext, masters: string[], name: string, key: string): Promise<{ tps: number; sum: number }> {
  const total = { tps: 0, sum: 0 };
  for (const addr of masters) {
    try {
      const d = await viewBrokerStatsData(ctx, addr, name, key);
      total.tps += d.statsMinute.tps;
      total.sum += sum24Hour(d);
    } catch {
      // "The stats <..> <..> not exist": nothing counted there yet
    }
  }
  return total;
}

async function topicRows(ctx: AdminContext, topic: string, activeOnly: boolean): Promise<StatsAllRow[]> {
  const route = await topicRoute(ctx, topic);
  const masters = route.brokerDatas.map(masterAddrOf).filter((a) => a !== undefined);
  const groups = await topicConsumeByWho(ctx, topic);
  const put = await statsOver(ctx, masters, "TOPIC_PUT_NUMS", topic);
  if (groups.length === 0) {
    return activeOnly && put.sum === 0 ? [] : [{ topic, group: "", accumulation: 0, inTps: put.tps, outTps: 0, inMsg24Hour: put.sum, outMsg24Hour: 0 }];
  }
  const rows: StatsAllRow[] = [];
  for (const group of groups) {
    const get = await statsOver(ctx, masters, "GROUP_GET_NUMS", `${topic}@${group}`);
    const accumulation = await consumerProgress(ctx, group, topic).then((p) => Math.max(0, p.diffTotal), () => 0);
    if (activeOnly && put.sum === 0 && get.sum === 0) continue;
    rows.push({ topic, group, accumulation, inTps: put.tps, outTps: get.tps, inMsg24Hour: put.sum, outMsg24Hour: get.sum });
  }
  return rows;
}

/** statsAll: every topic but retry and DLQ ones (or only `topic`), with each consuming group. */
export async function statsAll(ctx: AdminContext, o: { activeOnly: boolean; topic?: string }): Promise<StatsAllRow[]> {
  const topics = (await topicList(ctx)).filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !t.startsWith(DLQ_GROUP_TOPIC_PREFIX));
  const rows: StatsAllRow[] = [];
  for (const topic of topics) {
    if (o.topic !== undefined && o.topic !== "" && topic !== o.topic) continue;
    try {
      rows.push(...(await topicRows(ctx, topic, o.activeOnly)));
    } catch {
      // a topic without a route (mqadmin skips it too)
    }
  }
  return rows;
}
