// consumeMessage: which offsets of which queues mqadmin's ConsumeMessageCommand reads. Without -b
// and -i: each queue of the topic from its min offset (or the first stored at -s), at most count
// messages over all queues; with -b -i (and -o): that queue from the offset. The end is the queue's
// max offset (or the first stored at -e), inclusive as mqadmin pulls it.
import { decodeOffsetResponseHeader, encodeSearchOffsetHeader, encodeTopicQueueHeader, MASTER_ID, RequestCode } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { mastersOf, type TimeRange } from "./message-query.ts";
import { topicRoute } from "./topic.ts";

export interface ConsumeRange {
  addr: string;
  topic: string;
  brokerName: string;
  queueId: number;
  minOffset: number;
  /** Inclusive. */
  maxOffset: number;
  /** mqadmin's line when the count cuts the range short ("The older 3 message of the 0 queue will be provided"). */
  notice?: string;
}

async function bound(ctx: AdminContext, addr: string, q: { topic: string; queueId: number }, end: "min" | "max", atMs: number | undefined): Promise<number> {
  const res = atMs !== undefined && atMs > 0
    ? await invokeOk(ctx, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader({ ...q, timestamp: atMs, boundaryType: undefined }))
    : await invokeOk(ctx, addr, end === "min" ? RequestCode.GET_MIN_OFFSET : RequestCode.GET_MAX_OFFSET, encodeTopicQueueHeader(q));
  return decodeOffsetResponseHeader(res.extFields, 0);
}

/** Every queue of the topic, the count shared out in queue order (mqadmin's executeDefault). */
export async function consumeRanges(ctx: AdminContext, topic: string, range: TimeRange, count: number): Promise<ConsumeRange[]> {
  const route = await topicRoute(ctx, topic);
  const out: ConsumeRange[] = [];
  let left = count;
  for (const { brokerName, addr } of mastersOf(route)) {
    const queueNums = route.queueDatas.find((q) => q.brokerName === brokerName)?.readQueueNums ?? 0;
    for (let queueId = 0; queueId < queueNums && left > 0; queueId++) {
      const q = { topic, queueId };
      const minOffset = await bound(ctx, addr, q, "min", range.beginMs);
      let maxOffset = await bound(ctx, addr, q, "max", range.endMs);
      let notice: string | undefined;
      if (maxOffset - minOffset > left) {
        notice = `The older ${left} message of the ${queueId} queue will be provided`;
        maxOffset = minOffset + left - 1;
        left = 0;
      } else {
        left -= maxOffset - minOffset + 1;
      }
      out.push({ addr, topic, brokerName, queueId, minOffset, maxOffset, notice });
    }
  }
  return out;
}

/** One queue from offset (mqadmin's executeByCondition); undefined when offset is past its end. */
export async function consumeRangeOf(
  ctx: AdminContext, topic: string, brokerName: string, queueId: number, offset: number, range: TimeRange, count: number,
): Promise<ConsumeRange | undefined> {
  const route = await topicRoute(ctx, topic);
  const addr = route.brokerDatas.find((b) => b.brokerName === brokerName)?.brokerAddrs[String(MASTER_ID)];
  if (addr === undefined) throw new Error(`broker ${brokerName} has no master serving topic ${topic}`);
  const q = { topic, queueId };
  const minOffset = Math.max(await bound(ctx, addr, q, "min", range.beginMs), offset);
  let maxOffset = await bound(ctx, addr, q, "max", range.endMs);
  if (offset > maxOffset) return undefined;
  let notice: string | undefined;
  if (maxOffset - minOffset > count) {
    notice = `The oldler ${count} message will be provided`;
    maxOffset = minOffset + count - 1;
  }
  return { addr, topic, brokerName, queueId, minOffset, maxOffset, notice };
}
