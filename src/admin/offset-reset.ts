// resetOffsetByTime: INVOKE_BROKER_TO_RESET_OFFSET (222) on every master of the topic; each
// answers a ResetOffsetBody ({"offsetTable":{{MessageQueue}:offset}}, fastjson object keys).
import { asFields, compareMessageQueue, encodeResetOffsetHeader, parseBody, RequestCode, type MessageQueue } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { mastersOf } from "./message-query.ts";
import { topicRoute } from "./topic.ts";

export interface QueueOffsetRow extends MessageQueue {
  offset: number;
}

export function decodeResetOffsetBody(body: Uint8Array | undefined): QueueOffsetRow[] {
  const table = asFields(asFields(parseBody(body), "ResetOffsetBody").offsetTable ?? {}, "offsetTable");
  return Object.entries(table).map(([key, offset]) => {
    const mq = asFields(JSON.parse(key), "MessageQueue");
    return { topic: String(mq.topic), brokerName: String(mq.brokerName), queueId: Number(mq.queueId), offset: Number(offset) };
  });
}

/** "now", epoch ms, or yyyy-MM-dd#HH:mm:ss:SSS (local time), as mqadmin -s takes it; -1 = the end. */
export function parseResetTimestamp(text: string, nowMs = Date.now()): number {
  const t = text.trim();
  if (t === "now") return nowMs;
  if (/^-?\d+$/.test(t)) return Number(t);
  const m = /^(\d{4})-(\d{2})-(\d{2})#(\d{2}):(\d{2}):(\d{2}):(\d{3})$/.exec(t);
  if (m === null) throw new Error(`timestamp ${text} is not "now", epoch ms or yyyy-MM-dd#HH:mm:ss:SSS`);
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime();
}

export async function resetOffsetByTime(
  ctx: AdminContext, group: string, topic: string, timestampMs: number, force = true,
): Promise<QueueOffsetRow[]> {
  const rows: QueueOffsetRow[] = [];
  for (const { addr } of mastersOf(await topicRoute(ctx, topic))) {
    const res = await invokeOk(ctx, addr, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
      encodeResetOffsetHeader({ topic, group, timestamp: timestampMs, isForce: force, queueId: -1, offset: undefined }));
    rows.push(...decodeResetOffsetBody(res.body));
  }
  return rows.sort(compareMessageQueue);
}
