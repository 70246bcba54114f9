// What a request asks of ACL 2.0: each resource it touches and the actions it needs, as RocketMQ
// 5's DefaultAuthorizationContextBuilder derives them (data codes by hand, admin codes from their
// headers' @RocketMQAction). A code with no entry asks nothing beyond authentication; mq adds
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (Group Create, from its body), which RocketMQ leaves open, and
// the same for each topic and group of the batch codes 18 and 225 (their headers name no resource).
import { decodeGroupConfigList, decodeHeartbeatData, decodeTopicConfigList, RequestCode, type AuthAction } from "../common/index.ts";
import type { RemotingCommand } from "../remoting/index.ts";
import { clusterResource, groupResource, topicResource, type Resource } from "./acl2-resource.ts";

export interface AccessNeed {
  resource: Resource;
  actions: AuthAction[];
}

const RETRY = "%RETRY%";
const isRetry = (topic: string | undefined): boolean => topic?.startsWith(RETRY) === true;

/** Admin codes whose header names a topic or group (field, resource kind) and the actions they need. */
const FIELD_CODES: ReadonlyMap<number, { fields: ReadonlyArray<readonly [string, "topic" | "group"]>; actions: AuthAction[] }> = new Map([
  [RequestCode.UPDATE_AND_CREATE_TOPIC, { fields: [["topic", "topic"]], actions: ["Create"] }],
  [RequestCode.DELETE_TOPIC_IN_BROKER, { fields: [["topic", "topic"]], actions: ["Delete"] }],
  [RequestCode.GET_TOPIC_CONFIG, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.GET_TOPIC_STATS_INFO, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.GET_MAX_OFFSET, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.GET_MIN_OFFSET, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.GET_EARLIEST_MSG_STORETIME, { fields: [["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.DELETE_SUBSCRIPTIONGROUP, { fields: [["groupName", "group"]], actions: ["Delete"] }],
  [RequestCode.GET_CONSUME_STATS, { fields: [["consumerGroup", "group"], ["topic", "topic"]], actions: ["Get"] }],
  [RequestCode.GET_CONSUMER_CONNECTION_LIST, { fields: [["consumerGroup", "group"]], actions: ["Get"] }],
  [RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { fields: [["topic", "topic"], ["group", "group"]], actions: ["Update"] }],
  [RequestCode.RECALL_MESSAGE, { fields: [["topic", "topic"]], actions: ["Pub"] }],
  [RequestCode.END_TRANSACTION, { fields: [["topic", "topic"]], actions: ["Pub"] }],
  [RequestCode.CONSUMER_SEND_MSG_BACK, { fields: [["group", "group"]], actions: ["Sub"] }],
  [RequestCode.QUERY_MESSAGE, { fields: [["topic", "topic"]], actions: ["Sub", "Get"] }],
  [RequestCode.UNREGISTER_CLIENT, { fields: [["consumerGroup", "group"]], actions: ["Sub"] }],
  [RequestCode.GET_CONSUMER_LIST_BY_GROUP, { fields: [["consumerGroup", "group"]], actions: ["Sub", "Get"] }],
  [RequestCode.QUERY_CONSUMER_OFFSET, { fields: [["topic", "topic"], ["consumerGroup", "group"]], actions: ["Sub", "Get"] }],
  [RequestCode.UPDATE_CONSUMER_OFFSET, { fields: [["topic", "topic"], ["consumerGroup", "group"]], actions: ["Sub", "Update"] }],
]);

/** Codes on the cluster resource: changes need Update, reads Get. */
const CLUSTER_CODES: ReadonlyMap<number, AuthAction> = new Map([
  [RequestCode.UPDATE_BROKER_CONFIG, "Update"],
  [3001, "Update"], [3002, "Update"], [3003, "Update"], [3004, "Get"], [3005, "Get"],
  [3006, "Update"], [3007, "Update"], [3008, "Update"], [3009, "Get"], [3010, "Get"],
  [RequestCode.RESET_MASTER_FLUSH_OFFSET, "Update"],
  // The 4.x ACL admin codes, which RocketMQ 5 no longer has.
  [50, "Update"], [51, "Update"], [52, "Get"], [53, "Update"],
]);

export function accessNeeds(req: RemotingCommand, clusterName: string): AccessNeed[] {
  const f = req.extFields;
  const needs: AccessNeed[] = [];
  const topic = (name: string | undefined, actions: AuthAction[]) => {
    if (name !== undefined && name !== "") needs.push({ resource: topicResource(name), actions });
  };
  const group = (name: string | undefined, actions: AuthAction[]) => {
    if (name !== undefined && name !== "") needs.push({ resource: groupResource(name), actions });
  };
  const send = (t: string | undefined, g: string | undefined) => (isRetry(t) ? group(g || t, ["Sub"]) : topic(t, ["Pub"]));
  switch (req.code) {
    case RequestCode.SEND_MESSAGE:
    case RequestCode.SEND_REPLY_MESSAGE:
      send(f.topic, f.producerGroup ?? f.group);
      return needs;
    case RequestCode.SEND_MESSAGE_V2:
    case RequestCode.SEND_BATCH_MESSAGE:
    case RequestCode.SEND_REPLY_MESSAGE_V2:
      send(f.b, f.a);
      return needs;
    case RequestCode.PULL_MESSAGE:
    case RequestCode.LITE_PULL_MESSAGE:
      if (!isRetry(f.topic)) topic(f.topic, ["Sub"]);
      group(f.consumerGroup, ["Sub"]);
      return needs;
    case RequestCode.HEART_BEAT:
      for (const c of decodeHeartbeatData(req.body).consumerDataSet) {
        group(c.groupName, ["Sub"]);
        for (const s of c.subscriptionDataSet) if (!isRetry(s.topic)) topic(s.topic, ["Sub"]);
      }
      return needs;
    case RequestCode.LOCK_BATCH_MQ:
    case RequestCode.UNLOCK_BATCH_MQ:
      return lockNeeds(req.body);
    case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP:
      group(bodyGroupName(req.body), ["Create"]);
      return needs;
    case RequestCode.UPDATE_AND_CREATE_TOPIC_LIST:
      for (const t of decodeTopicConfigList(req.body)) topic(t.topicName, ["Create"]);
      return needs;
    case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST:
      for (const g of decodeGroupConfigList(req.body)) group(typeof g.groupName === "string" ? g.groupName : undefined, ["Create"]);
      return needs;
  }
  const rule = FIELD_CODES.get(req.code);
  if (rule !== undefined) {
    // A retry topic becomes its group (topicResource), as RocketMQ's builder reads it.
    for (const [field, kind] of rule.fields) (kind === "group" ? group : topic)(f[field], rule.actions);
    return needs;
  }
  const clusterAction = CLUSTER_CODES.get(req.code);
  if (clusterAction !== undefined) needs.push({ resource: clusterResource(clusterName), actions: [clusterAction] });
  return needs;
}

function lockNeeds(body: Uint8Array | undefined): AccessNeed[] {
  const o = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array())) as { consumerGroup?: string; mqSet?: Array<{ topic?: string }> };
  const needs: AccessNeed[] = [];
  if (o.consumerGroup) needs.push({ resource: groupResource(o.consumerGroup), actions: ["Sub"] });
  for (const mq of o.mqSet ?? []) if (mq.topic && !isRetry(mq.topic)) needs.push({ resource: topicResource(mq.topic), actions: ["Sub"] });
  return needs;
}

function bodyGroupName(body: Uint8Array | undefined): string | undefined {
  const o = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array())) as { groupName?: unknown };
  return typeof o.groupName === "string" ? o.groupName : undefined;
}
