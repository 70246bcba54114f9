// The broker and NameServer calls a client makes, one function each, with the request header
// fields as the Java client 4.9 writes them (remoting-protocol.md §2.2-§2.5). Every value goes
// out as an extFields string; every answer other than the expected codes becomes a ClientError.
import {
  decodeConsumerIdList,
  decodeTopicRouteData,
  encodeHeartbeatData,
  RequestCode,
  ResponseCode,
  type HeartbeatData,
  type TopicRouteData,
} from "../common/index.ts";
import { request, type RemotingClient, type RemotingCommand } from "../remoting/index.ts";
import { ClientError } from "./errors.ts";

export function expectCode(res: RemotingCommand, what: string, ...codes: number[]): RemotingCommand {
  const ok = codes.length === 0 ? [ResponseCode.SUCCESS] : codes;
  if (!ok.includes(res.code)) throw new ClientError(res.code, `${what}: code ${res.code}, ${res.remark ?? "no remark"}`);
  return res;
}

/** The topic's route, or undefined when the NameServer knows no such topic. */
export async function getRouteInfo(rc: RemotingClient, namesrv: string, topic: string, timeoutMs: number): Promise<TopicRouteData | undefined> {
  const res = await rc.invoke(namesrv, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), timeoutMs);
  if (res.code === ResponseCode.TOPIC_NOT_EXIST) return undefined;
  expectCode(res, `route of ${topic}`);
  return decodeTopicRouteData(res.body);
}

/** HEART_BEAT; resolves with the broker's remoting version. */
export async function heartbeat(rc: RemotingClient, addr: string, data: HeartbeatData, timeoutMs: number): Promise<number> {
  const res = await rc.invoke(addr, request(RequestCode.HEART_BEAT, {}, encodeHeartbeatData(data)), timeoutMs);
  return expectCode(res, `heartbeat to ${addr}`).version;
}

export async function unregisterClient(
  rc: RemotingClient,
  addr: string,
  group: { clientID: string; producerGroup?: string; consumerGroup?: string },
  timeoutMs: number,
): Promise<void> {
  const res = await rc.invoke(addr, request(RequestCode.UNREGISTER_CLIENT, group), timeoutMs);
  expectCode(res, `unregister from ${addr}`);
}

export async function getConsumerIdList(rc: RemotingClient, addr: string, consumerGroup: string, timeoutMs: number): Promise<string[]> {
  const res = await rc.invoke(addr, request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup }), timeoutMs);
  return decodeConsumerIdList(expectCode(res, `consumers of ${consumerGroup}`).body);
}

export interface QueueRef {
  topic: string;
  queueId: number;
}

/** The group's committed offset, or -1 when the broker has none (QUERY_NOT_FOUND). */
export async function queryConsumerOffset(rc: RemotingClient, addr: string, group: string, q: QueueRef, timeoutMs: number): Promise<number> {
  const header = { consumerGroup: group, topic: q.topic, queueId: q.queueId };
  const res = await rc.invoke(addr, request(RequestCode.QUERY_CONSUMER_OFFSET, header), timeoutMs);
  if (res.code === ResponseCode.QUERY_NOT_FOUND) return -1;
  return Number(expectCode(res, `offset of ${group} on ${q.topic}:${q.queueId}`).extFields.offset ?? -1);
}

/** UPDATE_CONSUMER_OFFSET: oneway as Java sends it, or awaited (at shutdown and for commit()). */
export async function updateConsumerOffset(
  rc: RemotingClient,
  addr: string,
  group: string,
  q: QueueRef,
  offset: number,
  awaitTimeoutMs?: number,
): Promise<void> {
  const cmd = request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: group, topic: q.topic, queueId: q.queueId, commitOffset: offset });
  if (awaitTimeoutMs === undefined) return rc.invokeOneway(addr, cmd);
  expectCode(await rc.invoke(addr, cmd, awaitTimeoutMs), `commit offset of ${group}`);
}

async function offsetCall(rc: RemotingClient, addr: string, code: number, header: Record<string, string | number>, timeoutMs: number): Promise<number> {
  const res = await rc.invoke(addr, request(code, header), timeoutMs);
  return Number(expectCode(res, `offset call ${code} on ${addr}`).extFields.offset ?? 0);
}

export const getMaxOffset = (rc: RemotingClient, addr: string, q: QueueRef, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.GET_MAX_OFFSET, { topic: q.topic, queueId: q.queueId }, timeoutMs);

export const getMinOffset = (rc: RemotingClient, addr: string, q: QueueRef, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.GET_MIN_OFFSET, { topic: q.topic, queueId: q.queueId }, timeoutMs);

export const searchOffset = (rc: RemotingClient, addr: string, q: QueueRef, timestampMs: number, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { topic: q.topic, queueId: q.queueId, timestamp: timestampMs }, timeoutMs);

export interface SendBackRequest {
  commitLogOffset: number;
  group: string;
  delayLevel: number;
  originMsgId: string;
  originTopic: string;
  maxReconsumeTimes: number;
}

/** CONSUMER_SEND_MSG_BACK: the broker copies the message at that physical offset to %RETRY%. */
export async function consumerSendMsgBack(rc: RemotingClient, addr: string, r: SendBackRequest, timeoutMs: number): Promise<void> {
  const header = {
    offset: r.commitLogOffset,
    group: r.group,
    delayLevel: r.delayLevel,
    originMsgId: r.originMsgId,
    originTopic: r.originTopic,
    unitMode: false,
    maxReconsumeTimes: r.maxReconsumeTimes,
  };
  expectCode(await rc.invoke(addr, request(RequestCode.CONSUMER_SEND_MSG_BACK, header), timeoutMs), "send message back");
}
