// The broker and NameServer calls a client makes, one function each, with the request header
// fields as the Java client 4.9 writes them (remoting-protocol.md §2.2-§2.5). Every value goes
// out as an extFields string; every answer other than the expected codes becomes a ClientError.
import {
  decodeOffsetResponseHeader,
  encodeQueryConsumerOffsetHeader,
  encodeUpdateConsumerOffsetHeader,
  decodeConsumerIdList,
  decodeTopicRouteData,
  encodeConsumerGroupHeader,
  encodeHeartbeatData,
  encodeRouteRequest,
  encodeSendBackHeader,
  encodeSearchOffsetHeader,
  encodeTopicQueueHeader,
  encodeUnregisterClientHeader,
  jsonBody,
  parseBody,
  physicalOffset,
  RequestCode,
  ResponseCode,
  type ExtFieldsInit,
  type HeartbeatData,
  type SubscriptionData,
  type TopicRouteData,
  type UnregisterClientHeader,
} from "../common/index.ts";
import { request, type RemotingClient, type RemotingCommand } from "../remoting/index.ts";
import { ClientError } from "./errors.ts";
import type { MessageQueue } from "./message.ts";

export function expectCode(res: RemotingCommand, what: string, ...codes: number[]): RemotingCommand {
  const ok = codes.length === 0 ? [ResponseCode.SUCCESS] : codes;
  if (!ok.includes(res.code)) throw new ClientError(res.code, `${what}: code ${res.code}, ${res.remark ?? "no remark"}`);
  return res;
}

/** The topic's route, or undefined when the NameServer knows no such topic. */
export async function getRouteInfo(rc: RemotingClient, namesrv: string, topic: string, timeoutMs: number): Promise<TopicRouteData | undefined> {
  const res = await rc.invoke(namesrv, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest({ topic, acceptStandardJsonOnly: false })), timeoutMs);
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
  group: UnregisterClientHeader,
  timeoutMs: number,
): Promise<void> {
  const res = await rc.invoke(addr, request(RequestCode.UNREGISTER_CLIENT, encodeUnregisterClientHeader(group)), timeoutMs);
  expectCode(res, `unregister from ${addr}`);
}

export async function getConsumerIdList(rc: RemotingClient, addr: string, consumerGroup: string, timeoutMs: number): Promise<string[]> {
  const res = await rc.invoke(addr, request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, encodeConsumerGroupHeader(consumerGroup)), timeoutMs);
  return decodeConsumerIdList(expectCode(res, `consumers of ${consumerGroup}`).body);
}

export interface QueueRef {
  topic: string;
  queueId: number;
}

/** The group's committed offset, or -1 when the broker has none (QUERY_NOT_FOUND). */
export async function queryConsumerOffset(rc: RemotingClient, addr: string, group: string, q: QueueRef, timeoutMs: number): Promise<number> {
  const header = encodeQueryConsumerOffsetHeader({ consumerGroup: group, topic: q.topic, queueId: q.queueId, setZeroIfNotFound: true });
  const res = await rc.invoke(addr, request(RequestCode.QUERY_CONSUMER_OFFSET, header), timeoutMs);
  if (res.code === ResponseCode.QUERY_NOT_FOUND) return -1;
  return decodeOffsetResponseHeader(expectCode(res, `offset of ${group} on ${q.topic}:${q.queueId}`).extFields, -1);
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
  const header = encodeUpdateConsumerOffsetHeader({ consumerGroup: group, topic: q.topic, queueId: q.queueId, commitOffset: offset });
  const cmd = request(RequestCode.UPDATE_CONSUMER_OFFSET, header);
  if (awaitTimeoutMs === undefined) return rc.invokeOneway(addr, cmd);
  expectCode(await rc.invoke(addr, cmd, awaitTimeoutMs), `commit offset of ${group}`);
}

async function offsetCall(rc: RemotingClient, addr: string, code: number, header: ExtFieldsInit, timeoutMs: number): Promise<number> {
  const res = await rc.invoke(addr, request(code, header), timeoutMs);
  return decodeOffsetResponseHeader(expectCode(res, `offset call ${code} on ${addr}`).extFields, 0);
}

export const getMaxOffset = (rc: RemotingClient, addr: string, q: QueueRef, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.GET_MAX_OFFSET, encodeTopicQueueHeader(q), timeoutMs);

export const getMinOffset = (rc: RemotingClient, addr: string, q: QueueRef, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.GET_MIN_OFFSET, encodeTopicQueueHeader(q), timeoutMs);

export const searchOffset = (rc: RemotingClient, addr: string, q: QueueRef, timestampMs: number, timeoutMs: number): Promise<number> =>
  offsetCall(rc, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
    encodeSearchOffsetHeader({ topic: q.topic, queueId: q.queueId, timestamp: timestampMs, boundaryType: undefined }), timeoutMs);

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
  const header = encodeSendBackHeader({
    offset: physicalOffset(r.commitLogOffset),
    group: r.group,
    delayLevel: r.delayLevel,
    originMsgId: r.originMsgId,
    originTopic: r.originTopic,
    unitMode: false,
    maxReconsumeTimes: r.maxReconsumeTimes,
  });
  expectCode(await rc.invoke(addr, request(RequestCode.CONSUMER_SEND_MSG_BACK, header), timeoutMs), "send message back");
}

export interface LockBatch {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
}

const queueOf = (mq: MessageQueue): MessageQueue => ({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic });

/** LOCK_BATCH_MQ (§4.7): the queues of mqSet this client holds now (granted or refreshed). */
export async function lockBatchMq(rc: RemotingClient, addr: string, b: LockBatch, timeoutMs: number): Promise<MessageQueue[]> {
  const body = jsonBody({ consumerGroup: b.consumerGroup, clientId: b.clientId, mqSet: b.mqSet.map(queueOf) });
  const res = expectCode(await rc.invoke(addr, request(RequestCode.LOCK_BATCH_MQ, {}, body), timeoutMs), `lock queues on ${addr}`);
  const parsed = parseBody(res.body) as { lockOKMQSet?: unknown };
  if (!Array.isArray(parsed.lockOKMQSet)) throw new ClientError(res.code, `lock queues on ${addr}: reply has no lockOKMQSet`);
  return parsed.lockOKMQSet.map((v) => {
    const mq = v as Record<string, unknown>;
    return { topic: String(mq.topic), brokerName: String(mq.brokerName), queueId: Number(mq.queueId) };
  });
}

/** UNLOCK_BATCH_MQ: releases the queues this client holds. */
export async function unlockBatchMq(rc: RemotingClient, addr: string, b: LockBatch, timeoutMs: number): Promise<void> {
  const body = jsonBody({ consumerGroup: b.consumerGroup, clientId: b.clientId, mqSet: b.mqSet.map(queueOf) });
  expectCode(await rc.invoke(addr, request(RequestCode.UNLOCK_BATCH_MQ, {}, body), timeoutMs), `unlock queues on ${addr}`);
}

/** CHECK_CLIENT_CONFIG (46): the broker's verdict on a subscription (SQL92 support, syntax). */
export async function checkClientConfig(
  rc: RemotingClient,
  addr: string,
  check: { clientId: string; group: string; subscriptionData: SubscriptionData },
  timeoutMs: number,
): Promise<void> {
  const res = await rc.invoke(addr, request(RequestCode.CHECK_CLIENT_CONFIG, {}, jsonBody(check)), timeoutMs);
  expectCode(res, `subscription of ${check.group} to ${check.subscriptionData.topic} refused by ${addr}`);
}
