// printMsg (printMsgByQueue: one queue): every message of a topic, queue by queue, optionally within a store-time range and a
// tag expression (mqadmin PrintMessageSubCommand); queryMsgByTime: the newest of a range. Offsets come from GET_MIN/MAX_OFFSET and
// SEARCH_OFFSET_BY_TIMESTAMP; messages from TOOLS_CONSUMER pulls of 32.
import {
  decodeOffsetResponseHeader, encodeSearchOffsetHeader, encodeTopicQueueHeader, RequestCode, ResponseCode, type ExtFieldsInit,
} from "../common/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { mastersOf, pullOnce, type TimeRange } from "./message-query.ts";
import type { MessageView } from "./message-view.ts";
import { topicRoute } from "./topic.ts";

const PRINT_BATCH = 32;

export interface QueueScan {
  topic: string;
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
}

export interface PrintMsgSink {
  queue(scan: QueueScan): void;
  messages(views: MessageView[]): void;
  /** The queue ended early: nothing more matched, or the offset left the queue. */
  finished(scan: QueueScan, status: string, offset: number): void;
}

async function offsetOf(ctx: AdminContext, addr: string, code: number, ext: ExtFieldsInit): Promise<number> {
  return decodeOffsetResponseHeader((await invokeOk(ctx, addr, code, ext)).extFields, 0);
}

/** Every read queue of the topic on its masters, with the offsets the range spans. */
async function* queueScans(ctx: AdminContext, topic: string, range: TimeRange): AsyncGenerator<{ addr: string; scan: QueueScan }> {
  const route = await topicRoute(ctx, topic);
  for (const { brokerName, addr } of mastersOf(route)) {
    const queueNums = route.queueDatas.find((q) => q.brokerName === brokerName)?.readQueueNums ?? 0;
    for (let queueId = 0; queueId < queueNums; queueId++) {
      const scan = await scanOf(ctx, addr, topic, brokerName, queueId, range);
      yield { addr, scan };
    }
  }
}

async function scanOf(ctx: AdminContext, addr: string, topic: string, brokerName: string, queueId: number, range: TimeRange): Promise<QueueScan> {
  const q = { topic, queueId };
  return {
    topic, brokerName, queueId,
    minOffset: range.beginMs !== undefined
      ? await offsetOf(ctx, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader({ ...q, timestamp: range.beginMs, boundaryType: undefined }))
      : await offsetOf(ctx, addr, RequestCode.GET_MIN_OFFSET, encodeTopicQueueHeader(q)),
    maxOffset: range.endMs !== undefined
      ? await offsetOf(ctx, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader({ ...q, timestamp: range.endMs, boundaryType: undefined }))
      : await offsetOf(ctx, addr, RequestCode.GET_MAX_OFFSET, encodeTopicQueueHeader(q)),
  };
}

/** printMsgByQueue: one queue's messages within the range. */
export async function printMsgByQueue(
  ctx: AdminContext, topic: string, brokerName: string, queueId: number, subExpression: string, range: TimeRange, sink: PrintMsgSink,
): Promise<void> {
  const addr = mastersOf(await topicRoute(ctx, topic)).find((m) => m.brokerName === brokerName)?.addr;
  if (addr === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, `broker ${brokerName} does not serve topic ${topic}`, "");
  const scan = await scanOf(ctx, addr, topic, brokerName, queueId, range);
  sink.queue(scan);
  await scanQueue(ctx, addr, scan, subExpression, sink);
}

export async function printMsg(ctx: AdminContext, topic: string, subExpression: string, range: TimeRange, sink: PrintMsgSink): Promise<void> {
  for await (const { addr, scan } of queueScans(ctx, topic, range)) {
    sink.queue(scan);
    await scanQueue(ctx, addr, scan, subExpression, sink);
  }
}

/**
 * The messages of the topic stored within the range (as rocketmq-dashboard's topic-and-time
 * query), newest first: from each queue the last perQueueMax of the range, at most totalMax.
 */
export async function queryMsgByTime(ctx: AdminContext, topic: string, range: TimeRange, perQueueMax = 32, totalMax = 256): Promise<MessageView[]> {
  const found: MessageView[] = [];
  const inRange = (m: MessageView) => (range.beginMs ?? 0) <= m.storeTimestamp && m.storeTimestamp <= (range.endMs ?? Number.MAX_SAFE_INTEGER);
  const keep: PrintMsgSink = { queue() {}, messages: (views) => found.push(...views.filter(inRange)), finished() {} };
  for await (const { addr, scan } of queueScans(ctx, topic, range)) {
    await scanQueue(ctx, addr, { ...scan, minOffset: Math.max(scan.minOffset, scan.maxOffset - perQueueMax) }, "*", keep);
  }
  return found.sort((a, b) => b.storeTimestamp - a.storeTimestamp).slice(0, totalMax);
}

async function scanQueue(ctx: AdminContext, addr: string, scan: QueueScan, subExpression: string, sink: PrintMsgSink): Promise<void> {
  for (let offset = scan.minOffset; offset < scan.maxOffset; ) {
    const page = await pullOnce(ctx, addr, scan, offset, Math.min(PRINT_BATCH, scan.maxOffset - offset), subExpression);
    const before = offset;
    offset = page.nextBeginOffset;
    if (page.code === ResponseCode.SUCCESS) {
      sink.messages(page.messages.filter((m) => m.queueOffset < scan.maxOffset));
    } else if (page.code !== ResponseCode.PULL_RETRY_IMMEDIATELY || offset <= before) {
      sink.finished(scan, page.code === ResponseCode.PULL_NOT_FOUND ? "NO_NEW_MSG" : "OFFSET_ILLEGAL", offset);
      return;
    }
  }
}
