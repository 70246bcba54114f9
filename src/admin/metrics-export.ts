// What mqadmin's exportMetrics gathers (ExportMetricsCommand; the CLI writes it to metrics.json):
// for each master of the cluster, by broker name,
//   runtimeEnv      cpuNum (the broker config's clientCallbackExecutorThreads), totalMemKBytes (a
//                   runtime key neither Apache RocketMQ's broker nor mq's sends, so absent)
//   runtimeQuota    diskRatio {commitLogDiskRatio, consumeQueueDiskRatio}, tps {normalInTps,
//                   normalOutTps, transInTps, scheduleInTps}, oneDayNum {normalOneDayInNum,
//                   normalOneDayOutNum, transOneDayInNum, scheduleOneDayInNum}, messageAverageSize,
//                   topicSize, groupSize
//   runtimeVersion  rocketmqVersion (the tool's), clientInfo ["JAVA%V4_9_8", ...] of online consumers
// and totalData {totalTps, totalOneDayNum}, the sums over the masters.
import {
  MASTER_ID, REMOTING_VERSION, SystemTopic, versionDesc, type BrokerStatsData, type KVTable,
} from "../common/index.ts";
import { brokerRuntimeInfo, brokersOfCluster, clusterInfo } from "./cluster.ts";
import { brokerConfigAt } from "./config.ts";
import type { AdminContext } from "./context.ts";
import { userGroups, userTopics } from "./export.ts";
import { consumerConnection } from "./group.ts";
import { viewBrokerStatsData } from "./stats.ts";

export interface MetricsExport {
  evaluateReport: Record<string, Record<string, unknown>>;
  totalData: {
    totalTps: { totalNormalInTps: number; totalNormalOutTps: number; totalTransInTps: number; totalScheduleInTps: number };
    totalOneDayNum: { normalOneDayInNum: number; normalOneDayOutNum: number; transOneDayInNum: number; scheduleOneDayInNum: number };
  };
}

const firstNumber = (v: string | undefined): number => Number((v ?? "0").split(" ")[0]) || 0;
const sum24Hour = (d: BrokerStatsData): number => d.statsDay.sum || d.statsHour.sum || d.statsMinute.sum;

/** TOPIC_PUT_NUMS of a system topic: this minute's tps and the day's count; none yet counts 0 (as mqadmin). */
async function putStats(ctx: AdminContext, addr: string, topic: string): Promise<{ tps: number; oneDay: number }> {
  try {
    const d = await viewBrokerStatsData(ctx, addr, "TOPIC_PUT_NUMS", topic);
    return { tps: d.statsMinute.tps, oneDay: sum24Hour(d) };
  } catch {
    return { tps: 0, oneDay: 0 };
  }
}

async function clientInfo(ctx: AdminContext, addr: string, groups: string[]): Promise<string[]> {
  const seen = new Set<string>();
  for (const group of groups) {
    try {
      for (const c of (await consumerConnection(ctx, group, addr)).connectionSet) seen.add(`${c.language}%${versionDesc(c.version)}`);
    } catch {
      // no consumer of the group online (mqadmin skips it too)
    }
  }
  return [...seen];
}

export async function clusterMetrics(ctx: AdminContext, cluster: string): Promise<MetricsExport> {
  const out: MetricsExport = {
    evaluateReport: {},
    totalData: {
      totalTps: { totalNormalInTps: 0, totalNormalOutTps: 0, totalTransInTps: 0, totalScheduleInTps: 0 },
      totalOneDayNum: { normalOneDayInNum: 0, normalOneDayOutNum: 0, transOneDayInNum: 0, scheduleOneDayInNum: 0 },
    },
  };
  for (const b of brokersOfCluster(await clusterInfo(ctx), cluster)) {
    const addr = b.brokerAddrs[String(MASTER_ID)];
    if (addr === undefined) continue;
    const kv: KVTable = await brokerRuntimeInfo(ctx, addr);
    const config = Object.fromEntries(await brokerConfigAt(ctx, addr));
    const groups = Object.keys(await userGroups(ctx, addr));
    const topicSize = (await userTopics(ctx, addr, false)).length;
    const [trans, schedule] = [await putStats(ctx, addr, SystemTopic.TRANS_HALF), await putStats(ctx, addr, SystemTopic.SCHEDULE)];
    const num = (key: string) => firstNumber(kv[key]);
    const tps = {
      normalInTps: num("putTps"), normalOutTps: firstNumber(kv.getTransferredTps ?? kv.getTransferedTps),
      transInTps: trans.tps, scheduleInTps: schedule.tps,
    };
    const oneDayNum = {
      normalOneDayInNum: num("msgPutTotalTodayMorning") - num("msgPutTotalYesterdayMorning"),
      normalOneDayOutNum: num("msgGetTotalTodayMorning") - num("msgGetTotalYesterdayMorning"),
      transOneDayInNum: trans.oneDay, scheduleOneDayInNum: schedule.oneDay,
    };
    const total = out.totalData;
    total.totalTps.totalNormalInTps += tps.normalInTps;
    total.totalTps.totalNormalOutTps += tps.normalOutTps;
    total.totalTps.totalTransInTps += tps.transInTps;
    total.totalTps.totalScheduleInTps += tps.scheduleInTps;
    for (const key of Object.keys(oneDayNum) as Array<keyof typeof oneDayNum>) total.totalOneDayNum[key] += oneDayNum[key];
    out.evaluateReport[b.brokerName] = {
      runtimeEnv: { cpuNum: config.clientCallbackExecutorThreads, totalMemKBytes: kv.totalMemKBytes },
      runtimeQuota: {
        diskRatio: { commitLogDiskRatio: kv.commitLogDiskRatio, consumeQueueDiskRatio: kv.consumeQueueDiskRatio },
        tps, oneDayNum, messageAverageSize: kv.putMessageAverageSize, topicSize, groupSize: groups.length,
      },
      runtimeVersion: { rocketmqVersion: versionDesc(REMOTING_VERSION), clientInfo: await clientInfo(ctx, addr, groups) },
    };
  }
  return out;
}
