// What mqadmin's exportMetadata and exportConfigs gather (they write it to a file; the CLI
// does that part), allocateMQ's average allocation, and updateOrderConf's KV entry.
import { allocateAveragely } from "../client/index.ts";
import {
  asFields, decodeKvValueResponse, decodeTopicList, DLQ_GROUP_TOPIC_PREFIX, encodeKvKeyHeader, MASTER_ID, NAMESPACE_ORDER_TOPIC_CONFIG, parseBody, Perm, readTopicConfigWrapper,
  RequestCode, RETRY_GROUP_TOPIC_PREFIX, type MessageQueue, type TopicConfig,
} from "../common/index.ts";
import { brokerConfigAt } from "./config.ts";
import { brokersOfCluster, clusterInfo, masterAddrsOfCluster } from "./cluster.ts";
import { invokeNamesrv, invokeOk, type AdminContext } from "./context.ts";
import { deleteKvConfig, updateKvConfig } from "./namesrv.ts";
import { topicRoute } from "./topic.ts";

/** MixAll.PREDEFINE_GROUP_SET: groups the tools leave out of an export. */
const PREDEFINED_GROUPS: ReadonlySet<string> = new Set([
  "DEFAULT_CONSUMER", "DEFAULT_PRODUCER", "TOOLS_CONSUMER", "SCHEDULE_CONSUMER", "FILTERSRV_CONSUMER", "__MONITOR_CONSUMER",
  "CLIENT_INNER_PRODUCER", "SELF_TEST_P_GROUP", "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PERMISSION",
  "CID_ONSAPI_OWNER", "CID_ONSAPI_PULL", "CID_RMQ_SYS_TRANS",
]);

/** A broker's user topics: not system topics, not %RETRY%/%DLQ% unless special (getUserTopicConfig). */
export async function userTopics(ctx: AdminContext, addr: string, special: boolean): Promise<TopicConfig[]> {
  const all = readTopicConfigWrapper(asFields(parseBody((await invokeOk(ctx, addr, RequestCode.GET_ALL_TOPIC_CONFIG)).body), "TopicConfigSerializeWrapper"));
  const system = new Set(decodeTopicList((await invokeOk(ctx, addr, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER)).body).topicList);
  return Object.values(all.topicConfigTable).filter((t) => !system.has(t.topicName) && !t.topicName.startsWith("rmq_sys_") &&
    (special || !(t.topicName.startsWith(RETRY_GROUP_TOPIC_PREFIX) || t.topicName.startsWith(DLQ_GROUP_TOPIC_PREFIX))));
}

/** A broker's user subscription groups (getUserSubscriptionGroup), by name. */
export async function userGroups(ctx: AdminContext, addr: string): Promise<Record<string, Record<string, unknown>>> {
  const table = asFields(asFields(parseBody((await invokeOk(ctx, addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body), "SubscriptionGroupWrapper").subscriptionGroupTable ?? {}, "subscriptionGroupTable");
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, config] of Object.entries(table)) {
    if (!name.startsWith("CID_RMQ_SYS_") && !PREDEFINED_GROUPS.has(name)) out[name] = asFields(config, name);
  }
  return out;
}

/** exportMetadata -c: the cluster's masters' topics (queue counts summed) and groups (retry queues summed). */
export async function clusterMetadata(ctx: AdminContext, cluster: string, special: boolean) {
  const topics: Record<string, TopicConfig> = {};
  const groups: Record<string, Record<string, unknown>> = {};
  for (const addr of masterAddrsOfCluster(await clusterInfo(ctx), cluster)) {
    for (const t of await userTopics(ctx, addr, special)) {
      const seen = topics[t.topicName];
      topics[t.topicName] = seen === undefined ? t : { ...t, readQueueNums: seen.readQueueNums + t.readQueueNums, writeQueueNums: seen.writeQueueNums + t.writeQueueNums };
    }
    for (const [name, g] of Object.entries(await userGroups(ctx, addr))) {
      const seen = groups[name];
      groups[name] = seen === undefined ? g : { ...g, retryQueueNums: Number(seen.retryQueueNums ?? 0) + Number(g.retryQueueNums ?? 0) };
    }
  }
  return { topicConfigTable: topics, subscriptionGroupTable: groups };
}

/** exportConfigs: each master's main keys, and the cluster's size. */
const CONFIG_KEYS = [
  "brokerClusterName", "brokerId", "brokerName", "brokerRole", "fileReservedTime", "filterServerNums", "flushDiskType", "maxMessageSize",
  "messageDelayLevel", "msgTraceTopicName", "slaveReadEnable", "traceOn", "traceTopicEnable", "useTLS", "autoCreateTopicEnable",
  "autoCreateSubscriptionGroup",
];

export async function clusterConfigs(ctx: AdminContext, cluster: string) {
  const brokerConfigs: Record<string, Record<string, string>> = {};
  let [masterBrokerSize, slaveBrokerSize] = [0, 0];
  for (const b of brokersOfCluster(await clusterInfo(ctx), cluster)) {
    const master = b.brokerAddrs[String(MASTER_ID)];
    if (master === undefined) continue;
    masterBrokerSize += 1;
    slaveBrokerSize += Object.keys(b.brokerAddrs).length - 1;
    const entries = Object.fromEntries(await brokerConfigAt(ctx, master));
    brokerConfigs[entries.brokerName ?? b.brokerName] = Object.fromEntries(CONFIG_KEYS.filter((k) => entries[k] !== undefined).map((k) => [k, entries[k] as string]));
  }
  return { brokerConfigs, clusterScale: { namesrvSize: ctx.namesrvAddrs.length, masterBrokerSize, slaveBrokerSize } };
}

/** allocateMQ: the topic's readable queues split over the clients as AllocateMessageQueueAveragely does. */
export async function allocateMQ(ctx: AdminContext, topic: string, clientIds: readonly string[]): Promise<Record<string, MessageQueue[]>> {
  const route = await topicRoute(ctx, topic);
  const queues: MessageQueue[] = route.queueDatas.filter((q) => (q.perm & Perm.READ) !== 0)
    .flatMap((q) => Array.from({ length: q.readQueueNums }, (_, queueId) => ({ topic, brokerName: q.brokerName, queueId })));
  return Object.fromEntries(clientIds.map((id) => [id, allocateAveragely(queues, clientIds, id)]));
}

export type OrderConfMethod = "get" | "put" | "delete";

/** updateOrderConf: the topic's ORDER_TOPIC_CONFIG entry ("brokerA:4;brokerB:4") read, set or removed. */
export async function orderConf(ctx: AdminContext, topic: string, method: OrderConfMethod, conf?: string): Promise<string | undefined> {
  if (method === "get") {
    return decodeKvValueResponse((await invokeNamesrv(ctx, RequestCode.GET_KV_CONFIG, encodeKvKeyHeader({ namespace: NAMESPACE_ORDER_TOPIC_CONFIG, key: topic }))).extFields);
  }
  if (method === "put") await updateKvConfig(ctx, NAMESPACE_ORDER_TOPIC_CONFIG, topic, conf ?? "");
  else await deleteKvConfig(ctx, NAMESPACE_ORDER_TOPIC_CONFIG, topic);
  return conf;
}
