// `topicStatus -t`: min and max offset of every write queue of a topic, per master broker.
// Uses GET_TOPIC_STATS_INFO; a broker that does not support it is asked queue by queue with
// GET_MIN_OFFSET / GET_MAX_OFFSET (then the last-updated time is unknown, 0).
import {
  MASTER_ID,
  RequestCode,
  ResponseCode,
  compareMessageQueue,
  decodeOffsetResponseHeader,
  decodeTopicStatsTable,
  encodeTopicHeader,
  encodeTopicQueueHeader,
  type MessageQueue,
  type TopicOffset,
} from "../common/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { topicRoute } from "./topic.ts";

export interface QueueStatus extends MessageQueue, TopicOffset {}

export async function topicStatus(ctx: AdminContext, topic: string): Promise<QueueStatus[]> {
  const route = await topicRoute(ctx, topic);
  const rows: QueueStatus[] = [];
  for (const broker of route.brokerDatas) {
    const master = broker.brokerAddrs[String(MASTER_ID)];
    if (master === undefined) continue;
    const queues = route.queueDatas.find((q) => q.brokerName === broker.brokerName)?.writeQueueNums ?? 0;
    rows.push(...(await brokerTopicStatus(ctx, master, topic, broker.brokerName, queues)));
  }
  return rows.sort(compareMessageQueue);
}

async function brokerTopicStatus(
  ctx: AdminContext, addr: string, topic: string, brokerName: string, queueNums: number,
): Promise<QueueStatus[]> {
  try {
    const res = await invokeOk(ctx, addr, RequestCode.GET_TOPIC_STATS_INFO, encodeTopicHeader(topic));
    return decodeTopicStatsTable(res.body).offsetTable.map(([mq, o]) => ({ ...mq, ...o }));
  } catch (e) {
    if (!(e instanceof AdminError) || e.code !== ResponseCode.REQUEST_CODE_NOT_SUPPORTED) throw e;
  }
  const rows: QueueStatus[] = [];
  for (let queueId = 0; queueId < queueNums; queueId++) {
    const ext = encodeTopicQueueHeader({ topic, queueId });
    const min = await invokeOk(ctx, addr, RequestCode.GET_MIN_OFFSET, ext);
    const max = await invokeOk(ctx, addr, RequestCode.GET_MAX_OFFSET, ext);
    rows.push({
      topic, brokerName, queueId,
      minOffset: decodeOffsetResponseHeader(min.extFields, 0),
      maxOffset: decodeOffsetResponseHeader(max.extFields, 0),
      lastUpdateTimestamp: 0,
    });
  }
  return rows;
}
