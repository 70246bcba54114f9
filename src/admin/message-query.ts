// Finding messages (mqadmin queryMsgByKey, queryMsgById, queryMsgByUniqueKey, queryMsgByOffset):
// QUERY_MESSAGE on every master of the topic, VIEW_MESSAGE_BY_ID at the store host an offsetMsgId
// names, or one PULL_MESSAGE at a queue offset. Index hits are filtered again here (hash
// collisions), as RocketMQ's client does.
import {
  decodeOffsetMsgId,
  encodeQueryMessageHeader,
  encodeViewMessageHeader,
  MASTER_ID,
  MessageProperty,
  decodePullResponseHeader,
  PullSysFlag,
  pullMessageExtFields,
  RequestCode,
  ResponseCode,
  type TopicRouteData,
} from "../common/index.ts";
import { request } from "../remoting/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { keysOf, viewsOf, type MessageView } from "./message-view.ts";
import { topicRoute } from "./topic.ts";

/** RocketMQ's defaults: 64 hits for a key, 32 for a unique key. */
export const QUERY_MAX_NUM_DEFAULT = 64;
const UNIQUE_QUERY_MAX_NUM = 32;
/** The group admin pulls use (RocketMQ's TOOLS_CONSUMER). */
export const TOOLS_CONSUMER_GROUP = "TOOLS_CONSUMER";

export interface TimeRange {
  beginMs?: number;
  endMs?: number;
}

export function mastersOf(route: TopicRouteData): Array<{ brokerName: string; addr: string }> {
  return route.brokerDatas.flatMap((b) => {
    const addr = b.brokerAddrs[String(MASTER_ID)];
    return addr === undefined ? [] : [{ brokerName: b.brokerName, addr }];
  });
}

async function queryIndex(ctx: AdminContext, topic: string, key: string, unique: boolean, maxNum: number, range: TimeRange) {
  const found: MessageView[] = [];
  for (const { brokerName, addr } of mastersOf(await topicRoute(ctx, topic))) {
    const ext = encodeQueryMessageHeader({
      topic, key, maxNum, beginTimestamp: range.beginMs ?? 0, endTimestamp: range.endMs ?? Number.MAX_SAFE_INTEGER, uniqueKeyQuery: unique,
    });
    try {
      found.push(...viewsOf((await invokeOk(ctx, addr, RequestCode.QUERY_MESSAGE, ext)).body, brokerName));
    } catch (e) {
      if (!(e instanceof AdminError && e.code === ResponseCode.QUERY_NOT_FOUND)) throw e;
    }
  }
  return found;
}

/** Messages of the topic whose KEYS hold key, oldest first. */
export async function queryMsgByKey(ctx: AdminContext, topic: string, key: string, maxNum = QUERY_MAX_NUM_DEFAULT, range: TimeRange = {}) {
  const hits = await queryIndex(ctx, topic, key, false, maxNum, range);
  return hits.filter((m) => keysOf(m).includes(key)).sort((a, b) => a.storeTimestamp - b.storeTimestamp).slice(0, maxNum);
}

/** Messages whose UNIQ_KEY is uniqKey, oldest first (a retried message is stored more than once). */
export async function queryMsgByUniqueKey(ctx: AdminContext, topic: string, uniqKey: string): Promise<MessageView[]> {
  const hits = await queryIndex(ctx, topic, uniqKey, true, UNIQUE_QUERY_MAX_NUM, {});
  return hits.filter((m) => m.propertyMap.get(MessageProperty.UNIQ_KEY) === uniqKey).sort((a, b) => a.storeTimestamp - b.storeTimestamp);
}

/** The message an offsetMsgId names, read from the broker at its store host. */
export async function viewMessage(ctx: AdminContext, offsetMsgId: string): Promise<MessageView> {
  const id = decodeOffsetMsgId(offsetMsgId);
  if (id === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, `${offsetMsgId} is not an offset message id (32 hex characters)`, "");
  const addr = `${id.storeHost.ip}:${id.storeHost.port}`;
  const [view] = viewsOf((await invokeOk(ctx, addr, RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageHeader({ topic: undefined, offset: id.physicalOffset }))).body);
  if (view === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, `no message at ${offsetMsgId}`, addr);
  return view;
}

export interface PullPage {
  code: number;
  nextBeginOffset: number;
  /** The queue's offsets as the broker answered them: min..max-1 hold messages. */
  minOffset: number;
  maxOffset: number;
  messages: MessageView[];
}

/** One PULL_MESSAGE as TOOLS_CONSUMER (no commit, no long polling). */
export async function pullOnce(
  ctx: AdminContext, addr: string, q: { topic: string; brokerName: string; queueId: number }, offset: number, maxNums: number, subExpression = "*",
): Promise<PullPage> {
  const res = await ctx.client.invoke(addr, pullRequest(q, offset, maxNums, subExpression), ctx.timeoutMs);
  const ok = [ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED];
  if (!(ok as number[]).includes(res.code)) throw new AdminError(res.code, res.remark ?? "", addr);
  const h = decodePullResponseHeader(res.extFields, offset);
  return {
    code: res.code, nextBeginOffset: h.nextBeginOffset, minOffset: h.minOffset, maxOffset: h.maxOffset,
    messages: res.code === ResponseCode.SUCCESS ? viewsOf(res.body, q.brokerName) : [],
  };
}

function pullRequest(q: { topic: string; queueId: number }, offset: number, maxNums: number, subExpression: string) {
  return request(RequestCode.PULL_MESSAGE, pullMessageExtFields({
    consumerGroup: TOOLS_CONSUMER_GROUP, topic: q.topic, queueId: q.queueId, queueOffset: offset, maxMsgNums: maxNums,
    sysFlag: PullSysFlag.SUBSCRIPTION, commitOffset: 0, suspendTimeoutMillis: 0, subscription: subExpression, subVersion: 0,
    expressionType: "TAG",
  }));
}

/** The master address of a broker serving the topic. */
export async function brokerAddrOf(ctx: AdminContext, topic: string, brokerName: string): Promise<string> {
  const master = mastersOf(await topicRoute(ctx, topic)).find((m) => m.brokerName === brokerName);
  if (master === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, `broker ${brokerName} does not serve topic ${topic}`, "");
  return master.addr;
}

/** What queryMsgByOffset found: the message, or none and the offsets the queue does hold. */
export type OffsetLookup =
  | { message: MessageView }
  | { message: undefined; minOffset: number; maxOffset: number };

/** The message at a queue offset (mqadmin queryMsgByOffset). */
export async function queryMsgByOffset(
  ctx: AdminContext, topic: string, brokerName: string, queueId: number, offset: number,
): Promise<OffsetLookup> {
  const addr = await brokerAddrOf(ctx, topic, brokerName);
  const page = await pullOnce(ctx, addr, { topic, brokerName, queueId }, offset, 1);
  const message = page.messages.find((m) => m.queueOffset === offset);
  return message ? { message } : { message: undefined, minOffset: page.minOffset, maxOffset: page.maxOffset };
}
