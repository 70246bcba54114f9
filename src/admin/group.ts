// Consumer group operations: updateSubGroup and consumerProgress.
import {
  MASTER_ID,
  RETRY_GROUP_TOPIC_PREFIX,
  RequestCode,
  compareMessageQueue,
  decodeConsumeStats,
  decodeConsumerConnection,
  encodeConsumeStatsHeader,
  encodeConsumerGroupHeader,
  retryTopicOf,
  utf8,
  type ConsumeStats,
  type ConsumerConnection,
  type MessageQueue,
  type OffsetWrapper,
  type SubscriptionGroupConfig,
} from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";
import { topicList, topicRoute } from "./topic.ts";

/** mqadmin updateSubGroup's defaults (it turns broadcast and consume-from-min off). */
export function subGroupConfigOf(groupName: string, over: Partial<SubscriptionGroupConfig> = {}): SubscriptionGroupConfig {
  return {
    groupName, consumeEnable: true, consumeFromMinEnable: false, consumeBroadcastEnable: false,
    retryQueueNums: 1, retryMaxTimes: 16, brokerId: MASTER_ID, whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true, ...over,
  };
}

export async function updateSubGroup(ctx: AdminContext, config: SubscriptionGroupConfig, target: BrokerTarget): Promise<string[]> {
  const body = utf8(JSON.stringify(config));
  return eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, body);
    return addr;
  });
}

export interface QueueProgress extends MessageQueue, OffsetWrapper {
  /** brokerOffset - consumerOffset */
  diff: number;
}

export interface GroupProgress {
  queues: QueueProgress[];
  consumeTps: number;
  diffTotal: number;
}

/**
 * `consumerProgress -g`: per queue, the broker's max offset and the group's committed offset,
 * from GET_CONSUME_STATS on every master that serves the group's retry topic.
 */
export async function consumerProgress(ctx: AdminContext, group: string, topic?: string): Promise<GroupProgress> {
  const route = await topicRoute(ctx, retryTopicOf(group));
  const stats: ConsumeStats = { consumeTps: 0, offsetTable: [] };
  for (const broker of route.brokerDatas) {
    const master = broker.brokerAddrs[String(MASTER_ID)];
    if (master === undefined) continue;
    const res = await invokeOk(ctx, master, RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader({ consumerGroup: group, topic }));
    const one = decodeConsumeStats(res.body);
    stats.consumeTps += one.consumeTps;
    stats.offsetTable.push(...one.offsetTable);
  }
  const queues = stats.offsetTable
    .map(([mq, o]) => ({ ...mq, ...o, diff: o.brokerOffset - o.consumerOffset }))
    .sort(compareMessageQueue);
  return { queues, consumeTps: stats.consumeTps, diffTotal: queues.reduce((sum, q) => sum + q.diff, 0) };
}

/** One line of `consumerProgress` without -g. */
export interface GroupSummary {
  group: string;
  /** Online clients, 0 when none (or the broker could not say). */
  count: number;
  version: number | undefined;
  consumeType: string | undefined;
  messageModel: string | undefined;
  consumeTps: number;
  diffTotal: number;
}

/** Every consumer group (found through its %RETRY% topic) with its connections and backlog. */
export async function consumerGroups(ctx: AdminContext): Promise<GroupSummary[]> {
  const groups = (await topicList(ctx))
    .filter((t) => t.startsWith(RETRY_GROUP_TOPIC_PREFIX))
    .map((t) => t.slice(RETRY_GROUP_TOPIC_PREFIX.length))
    .sort();
  const out: GroupSummary[] = [];
  for (const group of groups) {
    const summary: GroupSummary = { group, count: 0, version: undefined, consumeType: undefined, messageModel: undefined, consumeTps: 0, diffTotal: 0 };
    try {
      const progress = await consumerProgress(ctx, group);
      summary.consumeTps = progress.consumeTps;
      summary.diffTotal = progress.diffTotal;
      const conn = await consumerConnection(ctx, group);
      summary.count = conn.connectionSet.length;
      summary.version = conn.connectionSet[0]?.version;
      summary.consumeType = conn.consumeType;
      summary.messageModel = conn.messageModel;
    } catch {
      // an offline group (CONSUMER_NOT_ONLINE) or a broker that cannot say: print what is known
    }
    out.push(summary);
  }
  return out;
}

/** GET_CONSUMER_CONNECTION_LIST from brokerAddr, else the first master serving the group's retry topic. */
export async function consumerConnection(ctx: AdminContext, group: string, brokerAddr?: string): Promise<ConsumerConnection> {
  const route = brokerAddr === undefined ? await topicRoute(ctx, retryTopicOf(group)) : { brokerDatas: [{ brokerAddrs: { [String(MASTER_ID)]: brokerAddr } }] };
  const master = route.brokerDatas.map((b) => b.brokerAddrs[String(MASTER_ID)]).find((a) => a !== undefined);
  if (master === undefined) return { connectionSet: [], subscriptionTable: {} };
  return decodeConsumerConnection((await invokeOk(ctx, master, RequestCode.GET_CONSUMER_CONNECTION_LIST, encodeConsumerGroupHeader(group))).body);
}
