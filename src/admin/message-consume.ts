// consumeMessage: pulls messages of a topic as mqadmin's ConsumeMessageCommand does, without a
// consumer group's offsets (TOOLS_CONSUMER, nothing committed): every queue up to `count`
// messages in all, or one queue (brokerName + queueId) from an offset. Store-time bounds pick the
// first and last offsets (SEARCH_OFFSET_BY_TIMESTAMP).
import { RequestCode, ResponseCode } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { mastersOf, pullOnce, type TimeRange } from "./message-query.ts";
import type { MessageView } from "./message-view.ts";
import type { QueueScan } from "./message-print.ts";
import { topicRoute } from "./topic.ts";

/** ConsumeMessageCommand's -c default. */
export const CONSUME_COUNT_DEFAULT = 128;

export interface ConsumeSink {
  /** "The older N message of the Q queue will be provided" and the like. */
  notice(text: string): void;
  found(views: MessageView[]): void;
  /** A pull matched nothing (status NO_MATCHED_MSG) and the scan went on, or it ended (NO_NEW_MSG, OFFSET_ILLEGAL). */
  status(scan: QueueScan, status: "NO_MATCHED_MSG" | "NO_NEW_MSG" | "OFFSET_ILLEGAL", offset: number): void;
}

export interface ConsumeOptions {
  /** With queueId: that one queue, from offset. */
  brokerName?: string;
  queueId?: number;
  offset?: number;
  range: TimeRange;
  count: number;
}

async function offsetOf(ctx: AdminContext, addr: string, q: { topic: string; queueId: number }, timestamp: number | undefined, code: number): Promise<number> {
  const ext = timestamp !== undefined && timestamp > 0 ? { ...q, timestamp } : q;
  const res = await invokeOk(ctx, addr, timestamp !== undefined && timestamp > 0 ? RequestCode.SEARCH_OFFSET_BY_TIMESTAMP : code, ext);
  return Number(res.extFields.offset ?? 0);
}

/** pullMessageByQueue: offsets min..max (max included, as the Java loop runs), ending at the queue's end. */
async function pullRange(ctx: AdminContext, addr: string, scan: QueueScan, sink: ConsumeSink): Promise<void> {
  for (let offset = scan.minOffset; offset <= scan.maxOffset; ) {
    const page = await pullOnce(ctx, addr, scan, offset, Math.max(1, scan.maxOffset - offset + 1));
    const before = offset;
    offset = page.nextBeginOffset;
    if (page.code === ResponseCode.SUCCESS) sink.found(page.messages);
    else if (page.code === ResponseCode.PULL_RETRY_IMMEDIATELY && offset > before) sink.status(scan, "NO_MATCHED_MSG", offset);
    else return sink.status(scan, page.code === ResponseCode.PULL_NOT_FOUND ? "NO_NEW_MSG" : "OFFSET_ILLEGAL", offset);
  }
}

async function bounds(ctx: AdminContext, addr: string, topic: string, brokerName: string, queueId: number, range: TimeRange): Promise<QueueScan> {
  const q = { topic, queueId };
  return {
    topic, brokerName, queueId,
    minOffset: await offsetOf(ctx, addr, q, range.beginMs, RequestCode.GET_MIN_OFFSET),
    maxOffset: await offsetOf(ctx, addr, q, range.endMs, RequestCode.GET_MAX_OFFSET),
  };
}

export async function consumeMessage(ctx: AdminContext, topic: string, o: ConsumeOptions, sink: ConsumeSink): Promise<void> {
  const route = await topicRoute(ctx, topic);
  const masters = mastersOf(route);
  if (o.brokerName !== undefined && o.queueId !== undefined) {
    const addr = masters.find((m) => m.brokerName === o.brokerName)?.addr;
    if (addr === undefined) throw new Error(`broker ${o.brokerName} does not serve topic ${topic}`);
    const scan = await bounds(ctx, addr, topic, o.brokerName, o.queueId, o.range);
    const from = o.offset ?? 0;
    const mqText = `MessageQueue [topic=${topic}, brokerName=${o.brokerName}, queueId=${o.queueId}]`;
    if (from > scan.maxOffset) return sink.notice(`${mqText} no matched msg, offset=${from}\n`);
    scan.minOffset = Math.max(scan.minOffset, from);
    if (scan.maxOffset - scan.minOffset > o.count) {
      sink.notice(`The oldler ${o.count} message will be provided\n`);
      scan.maxOffset = scan.minOffset + o.count - 1;
    }
    return pullRange(ctx, addr, scan, sink);
  }
  let left = o.count;
  for (const { brokerName, addr } of masters) {
    const queueNums = route.queueDatas.find((q) => q.brokerName === brokerName)?.readQueueNums ?? 0;
    for (let queueId = 0; queueId < queueNums; queueId++) {
      if (left <= 0) return;
      const scan = await bounds(ctx, addr, topic, brokerName, queueId, o.range);
      if (scan.maxOffset - scan.minOffset > left) {
        sink.notice(`The older ${left} message of the ${queueId} queue will be provided\n`);
        scan.maxOffset = scan.minOffset + left - 1;
        left = 0;
      } else {
        left -= scan.maxOffset - scan.minOffset + 1;
      }
      await pullRange(ctx, addr, scan, sink);
    }
  }
}
