// One round of mqadmin startMonitoring (MonitorService.doMonitorWork): for every consumer group
// (found through its %RETRY% topic) that has a consumer online,
//   undone messages per topic   the backlog summed over the queues, the largest queue's, and how
//                               far behind the newest message the last consumed one was stored
//                               (the newest message's store time minus the queue's lastTimestamp)
//   running info per client     GET_CONSUMER_RUNNING_INFO of each client, for the subscription
//                               and stuck-queue checks (ConsumerRunningInfo.analyze*)
// A group without a consumer online is left out, as MonitorService leaves it. The CLI prints a
// round and runs them on a timer. (MonitorService also consumes RMQ_SYS_OFFSET_MOVED_EVENT to
// report deleted messages; mq's broker writes no such events, so there is nothing to consume.)
import { RETRY_GROUP_TOPIC_PREFIX } from "../common/index.ts";
import { consumerRunningInfo, type ConsumerRunningInfo } from "./consumer-client.ts";
import type { AdminContext } from "./context.ts";
import { consumerConnection, consumerProgress, type QueueProgress } from "./group.ts";
import { brokerAddrOf, pullOnce } from "./message-query.ts";
import { topicList } from "./topic.ts";

/** UndoneMsgs, field for field. */
export interface UndoneMsgs {
  consumerGroup: string;
  topic: string;
  undoneMsgsTotal: number;
  undoneMsgsSingleMQ: number;
  undoneMsgsDelayTimeMills: number;
}

export interface GroupRunningInfo {
  group: string;
  /** By clientId, in clientId order (MonitorService's TreeMap). */
  clients: Array<[string, ConsumerRunningInfo]>;
}

export interface MonitorRound {
  undone: UndoneMsgs[];
  runningInfo: GroupRunningInfo[];
  spentMs: number;
}

/** How long the newest message of the queue was stored after the last one the group consumed. */
async function delayMs(ctx: AdminContext, q: QueueProgress): Promise<number> {
  if (q.lastTimestamp <= 0 || q.brokerOffset <= 0) return 0;
  try {
    const addr = await brokerAddrOf(ctx, q.topic, q.brokerName);
    const newest = (await pullOnce(ctx, addr, q, q.brokerOffset - 1, 1)).messages[0];
    return newest === undefined ? 0 : newest.storeTimestamp - q.lastTimestamp;
  } catch {
    return 0; // the queue moved on or its broker is away: no delay known (MonitorService ignores it too)
  }
}

async function undoneOf(ctx: AdminContext, group: string): Promise<UndoneMsgs[]> {
  const byTopic = new Map<string, QueueProgress[]>();
  for (const q of (await consumerProgress(ctx, group)).queues) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  const out: UndoneMsgs[] = [];
  for (const [topic, queues] of byTopic) {
    const row = { consumerGroup: group, topic, undoneMsgsTotal: 0, undoneMsgsSingleMQ: 0, undoneMsgsDelayTimeMills: 0 };
    for (const q of queues) {
      row.undoneMsgsSingleMQ = Math.max(row.undoneMsgsSingleMQ, q.diff);
      if (q.diff > 0) row.undoneMsgsTotal += q.diff;
      row.undoneMsgsDelayTimeMills = Math.max(row.undoneMsgsDelayTimeMills, await delayMs(ctx, q));
    }
    out.push(row);
  }
  return out;
}

export async function monitorRound(ctx: AdminContext, nowMs: () => number = Date.now): Promise<MonitorRound> {
  const begin = nowMs();
  const groups = (await topicList(ctx)).filter((t) => t.startsWith(RETRY_GROUP_TOPIC_PREFIX)).map((t) => t.slice(RETRY_GROUP_TOPIC_PREFIX.length));
  const round: MonitorRound = { undone: [], runningInfo: [], spentMs: 0 };
  for (const group of groups.sort()) {
    const online = await consumerConnection(ctx, group).then((c) => c.connectionSet, () => []);
    if (online.length === 0) continue;
    round.undone.push(...(await undoneOf(ctx, group).catch(() => [])));
    const clients: Array<[string, ConsumerRunningInfo]> = [];
    for (const c of [...online].sort((a, b) => (a.clientId < b.clientId ? -1 : 1))) {
      const info = await consumerRunningInfo(ctx, group, c.clientId, false).catch(() => undefined);
      if (info !== undefined) clients.push([c.clientId, info]);
    }
    if (clients.length > 0) round.runningInfo.push({ group, clients });
  }
  round.spentMs = nowMs() - begin;
  return round;
}

/** ConsumerRunningInfo.analyzeSubscription: false when push consumers started over 2 minutes ago
 *  subscribe differently in one group. */
export function sameSubscription(clients: ReadonlyArray<[string, ConsumerRunningInfo]>, nowMs: number): boolean {
  const first = clients[0]?.[1];
  if (first === undefined || first.properties.PROP_CONSUME_TYPE !== "CONSUME_PASSIVELY") return true;
  if (nowMs - Number(first.properties.PROP_CONSUMER_START_TIMESTAMP ?? nowMs) <= 120_000) return true;
  const text = (i: ConsumerRunningInfo) => JSON.stringify([...i.subscriptionSet].sort((a, b) => (a.topic < b.topic ? -1 : 1)));
  return clients.every(([, i]) => text(i) === text(first));
}
