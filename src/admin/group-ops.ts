// Group and topic housekeeping as mqadmin does it: the %RETRY%/%DLQ% topics deleteSubGroup -c
// removes too, cloneGroupOffset (a group's committed offsets copied to another with
// UPDATE_CONSUMER_OFFSET 15), topicClusterList, updateTopicPerm.
import {
  decodeConsumeStats, dlqTopicOf, encodeConsumeStatsHeader, encodeUpdateConsumerOffsetHeader, MASTER_ID, RequestCode, retryTopicOf, type TopicConfig,
} from "../common/index.ts";
import { masterAddrsOfCluster, clusterInfo } from "./cluster.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { mastersOf } from "./message-query.ts";
import type { BrokerTarget } from "./targets.ts";
import { deleteTopic, topicConfigOf, topicRoute, updateTopic } from "./topic.ts";

/** deleteSubGroup -c's second half, as mqadmin: the group's %RETRY% and %DLQ% topics go from the
 *  cluster too; a group that never had them is no failure. */
export async function deleteGroupTopics(ctx: AdminContext, group: string, cluster: string): Promise<void> {
  for (const topic of [retryTopicOf(group), dlqTopicOf(group)]) await deleteTopic(ctx, topic, cluster).catch(() => undefined);
}

/** Copies srcGroup's committed offsets of topic to destGroup on each broker; returns how many queues. */
export async function cloneGroupOffset(ctx: AdminContext, srcGroup: string, destGroup: string, topic: string): Promise<number> {
  // The topic's masters are asked (mqadmin asks the source group's %RETRY% route, which a group
  // that never consumed lacks).
  let copied = 0;
  for (const { addr } of mastersOf(await topicRoute(ctx, topic))) {
    const stats = decodeConsumeStats((await invokeOk(ctx, addr, RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader({ consumerGroup: srcGroup, topic }))).body);
    for (const [mq, o] of stats.offsetTable.filter(([q]) => q.topic === topic)) {
      await invokeOk(ctx, addr, RequestCode.UPDATE_CONSUMER_OFFSET,
        encodeUpdateConsumerOffsetHeader({ consumerGroup: destGroup, topic, queueId: mq.queueId, commitOffset: o.consumerOffset }));
      copied += 1;
    }
  }
  return copied;
}

/** The clusters the topic's brokers belong to, sorted. */
export async function topicClusterList(ctx: AdminContext, topic: string): Promise<string[]> {
  const route = await topicRoute(ctx, topic);
  return [...new Set(route.brokerDatas.map((b) => b.cluster))].sort();
}

export interface PermChange {
  addr: string;
  oldPerm: number;
  config: TopicConfig;
  /** false: the broker had that perm already (nothing sent). */
  changed: boolean;
}

/** Sets the topic's perm on -b's master or on each master of -c that holds it. */
export async function updateTopicPerm(ctx: AdminContext, topic: string, perm: number, target: BrokerTarget): Promise<PermChange[]> {
  const route = await topicRoute(ctx, topic);
  const info = await clusterInfo(ctx);
  const wanted = target.brokerAddr !== undefined ? [target.brokerAddr] : target.cluster !== undefined ? masterAddrsOfCluster(info, target.cluster) : [];
  const changes: PermChange[] = [];
  for (const b of route.brokerDatas) {
    const addr = b.brokerAddrs[String(MASTER_ID)];
    const queue = route.queueDatas.find((q) => q.brokerName === b.brokerName);
    if (addr === undefined || queue === undefined || !wanted.includes(addr)) continue;
    const config = topicConfigOf(topic, { readQueueNums: queue.readQueueNums, writeQueueNums: queue.writeQueueNums, topicSysFlag: queue.topicSysFlag, perm });
    const changed = queue.perm !== perm;
    if (changed) await updateTopic(ctx, config, { brokerAddr: addr });
    changes.push({ addr, oldPerm: queue.perm, config, changed });
  }
  return changes;
}
