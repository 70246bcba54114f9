// mqadmin getConsumerConfig, producer and updateTopicPerm:
//   GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) on every broker, picking the group's config
//   GET_ALL_PRODUCER_INFO (328) ProducerTableInfo: every group's producers on one broker
//   UPDATE_AND_CREATE_TOPIC (17) with the route's queue counts and a new perm
// and, for deleteSubGroup -c, the group's %RETRY% and %DLQ% topics, as mqadmin deletes them.
import {
  DLQ_GROUP_TOPIC_PREFIX,
  RETRY_GROUP_TOPIC_PREFIX,
  RequestCode,
  SystemTopic,
  asFields,
  decodeProducerTableInfo,
  masterAddrOf,
  parseBody,
  type ProducerInfo,
  type QueueData,
} from "../common/index.ts";
import { clusterInfo } from "./cluster.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";
import { deleteTopic, topicRoute } from "./topic.ts";

/** deleteSubGroup -c: the group's retry and dead-letter topics go too (errors ignored, as mqadmin prints and goes on). */
export async function deleteGroupTopics(ctx: AdminContext, group: string, cluster: string): Promise<void> {
  for (const topic of [RETRY_GROUP_TOPIC_PREFIX + group, DLQ_GROUP_TOPIC_PREFIX + group]) {
    await deleteTopic(ctx, topic, cluster).catch(() => undefined);
  }
}

export interface GroupConfigRow {
  cluster: string;
  brokerName: string;
  config: Record<string, unknown>;
}

/** The group's config on each broker that has it (getConsumerConfig). */
export async function consumerConfigs(ctx: AdminContext, group: string): Promise<GroupConfigRow[]> {
  const info = await clusterInfo(ctx);
  const rows: GroupConfigRow[] = [];
  for (const [brokerName, broker] of Object.entries(info.brokerAddrTable)) {
    const addr = masterAddrOf(broker) ?? Object.values(broker.brokerAddrs)[0];
    if (addr === undefined) continue;
    const res = await invokeOk(ctx, addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
    const table = asFields(asFields(parseBody(res.body), "SubscriptionGroupWrapper").subscriptionGroupTable ?? {}, "subscriptionGroupTable");
    const config = table[group];
    if (config === undefined) continue;
    const cluster = Object.entries(info.clusterAddrTable).find(([, names]) => names.includes(brokerName))?.[0] ?? "";
    rows.push({ cluster, brokerName, config: asFields(config, "SubscriptionGroupConfig") });
  }
  return rows;
}

export async function producerInfo(ctx: AdminContext, brokerAddr: string): Promise<Record<string, ProducerInfo[]>> {
  return decodeProducerTableInfo((await invokeOk(ctx, brokerAddr, RequestCode.GET_ALL_PRODUCER_INFO)).body);
}

export interface PermChange {
  addr: string;
  oldPerm: number;
  queueData: QueueData;
}

/** Sets the topic's perm on the target masters, keeping its queue counts from the route. */
export async function updateTopicPerm(ctx: AdminContext, topic: string, perm: number, target: BrokerTarget): Promise<PermChange[]> {
  const route = await topicRoute(ctx, topic);
  const byAddr = new Map<string, QueueData>();
  for (const b of route.brokerDatas) {
    const addr = masterAddrOf(b);
    const q = route.queueDatas.find((d) => d.brokerName === b.brokerName);
    if (addr !== undefined && q !== undefined) byAddr.set(addr, q);
  }
  return eachTarget(ctx, target, async (addr) => {
    const q = byAddr.get(addr);
    if (q === undefined) throw new AdminError(1, `updateTopicPerm error broker not exit or broker is not master: ${addr} does not serve ${topic}`, "");
    await invokeOk(ctx, addr, RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic, defaultTopic: SystemTopic.AUTO_CREATE, readQueueNums: q.readQueueNums, writeQueueNums: q.writeQueueNums,
      perm, topicFilterType: "SINGLE_TAG", topicSysFlag: q.topicSysFlag, order: false,
    });
    return { addr, oldPerm: q.perm, queueData: { ...q, perm } };
  });
}
