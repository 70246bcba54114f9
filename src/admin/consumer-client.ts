// Asking a live consumer through its broker (mqadmin consumerStatus, getConsumerStatus,
// queryMsgById -d):
//   GET_CONSUMER_RUNNING_INFO (307) and CONSUME_MESSAGE_DIRECTLY (309), which the broker passes on
//   to the client; INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223), which the broker asks each client;
import {
  asFields,
  encodeConsumeMessageDirectlyHeader,
  encodeConsumerRunningInfoHeader,
  encodeConsumerStatusHeader,
  masterAddrOf,
  parseBody,
  RequestCode,
  retryTopicOf,
  type Fields,
  type MessageQueue,
} from "../common/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import type { MessageView } from "./message-view.ts";
import { topicRoute } from "./topic.ts";

/** ConsumerRunningInfo as the client sent it, MessageQueue keys parsed. */
export interface ConsumerRunningInfo {
  properties: Record<string, string>;
  subscriptionSet: Array<{ topic: string; subString: string; classFilterMode: boolean }>;
  mqTable: Array<[MessageQueue, Fields]>;
  statusTable: Array<[string, Fields]>;
  jstack: string;
}

const record = (o: Fields, key: string): Fields => (typeof o[key] === "object" && o[key] !== null ? (o[key] as Fields) : {});

function readRunningInfo(body: Uint8Array | undefined): ConsumerRunningInfo {
  const o = asFields(parseBody(body), "ConsumerRunningInfo");
  const properties = Object.fromEntries(Object.entries(record(o, "properties")).map(([k, v]) => [k, String(v)]));
  const subs = Array.isArray(o.subscriptionSet) ? (o.subscriptionSet as Fields[]) : [];
  const mqTable = Object.entries(record(o, "mqTable")).map(([key, v]): [MessageQueue, Fields] => {
    const k = asFields(JSON.parse(key), "MessageQueue");
    return [{ topic: String(k.topic), brokerName: String(k.brokerName), queueId: Number(k.queueId) }, asFields(v, "ProcessQueueInfo")];
  });
  return {
    properties,
    subscriptionSet: subs.map((s) => ({ topic: String(s.topic), subString: String(s.subString), classFilterMode: s.classFilterMode === true })),
    mqTable,
    statusTable: Object.entries(record(o, "statusTable")).map(([topic, v]) => [topic, asFields(v, "ConsumeStatus")]),
    jstack: typeof o.jstack === "string" ? o.jstack : "",
  };
}

/** The first broker serving the group's %RETRY% topic: where its consumers heartbeat. */
async function groupBroker(ctx: AdminContext, group: string): Promise<string> {
  const route = await topicRoute(ctx, retryTopicOf(group));
  const addr = route.brokerDatas.map(masterAddrOf).find((a) => a !== undefined);
  if (addr === undefined) throw new AdminError(1, `no broker serves consumer group ${group}`, "");
  return addr;
}

export async function consumerRunningInfo(ctx: AdminContext, group: string, clientId: string, jstack: boolean): Promise<ConsumerRunningInfo> {
  const addr = await groupBroker(ctx, group);
  const res = await invokeOk(ctx, addr, RequestCode.GET_CONSUMER_RUNNING_INFO,
    encodeConsumerRunningInfoHeader({ consumerGroup: group, clientId, jstackEnable: jstack }));
  return readRunningInfo(res.body);
}

export interface DirectResult {
  order: boolean;
  autoCommit: boolean;
  consumeResult: string;
  remark: string | undefined;
  spentTimeMills: number;
}

/** Hands a stored message to one consumer, through the broker that stores it. */
export async function consumeMessageDirectly(ctx: AdminContext, group: string, clientId: string, view: MessageView): Promise<DirectResult> {
  const storeHost = `${view.storeHost.ip}:${view.storeHost.port}`;
  const res = await invokeOk({ ...ctx, timeoutMs: ctx.timeoutMs * 3 }, storeHost, RequestCode.CONSUME_MESSAGE_DIRECTLY, encodeConsumeMessageDirectlyHeader({
    consumerGroup: group, clientId, msgId: view.offsetMsgId, brokerName: undefined, topic: view.topic, topicSysFlag: undefined, groupSysFlag: undefined,
  }));
  const o = asFields(parseBody(res.body), "ConsumeMessageDirectlyResult");
  return {
    order: o.order === true, autoCommit: o.autoCommit !== false, consumeResult: String(o.consumeResult ?? ""),
    remark: typeof o.remark === "string" ? o.remark : undefined, spentTimeMills: Number(o.spentTimeMills ?? 0),
  };
}

/** Per client, the offsets it holds for topic's queues (getConsumerStatus). */
export async function consumerStatusFromClients(ctx: AdminContext, topic: string, group: string, clientId = ""): Promise<Array<[string, MessageQueue, number]>> {
  const route = await topicRoute(ctx, topic);
  const rows: Array<[string, MessageQueue, number]> = [];
  for (const addr of route.brokerDatas.map(masterAddrOf)) {
    if (addr === undefined) continue;
    const res = await invokeOk(ctx, addr, RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
      encodeConsumerStatusHeader({ topic, group, clientAddr: clientId }));
    for (const [client, table] of Object.entries(record(asFields(parseBody(res.body), "GetConsumerStatusBody"), "consumerTable"))) {
      for (const [key, offset] of Object.entries(asFields(table, "messageQueueTable"))) {
        const k = asFields(JSON.parse(key), "MessageQueue");
        rows.push([client, { topic: String(k.topic), brokerName: String(k.brokerName), queueId: Number(k.queueId) }, Number(offset)]);
      }
    }
  }
  return rows;
}

