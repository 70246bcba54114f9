// `queryMsgTraceById -i msgId [-t traceTopic]`: the trace records RocketMQ clients with message
// trace on write to RMQ_SYS_TRACE_TOPIC, keyed by the traced msgId (and its keys). A trace
// message's body is records separated by \u0002, fields by \u0001 (TraceDataEncoder):
//   Pub            type ts region group topic msgId tags keys storeHost bodyLength costTime
//                  msgType [offsetMsgId] success [clientHost]
//   SubBefore      type ts region group requestId msgId retryTimes keys
//   SubAfter       type requestId msgId costTime success keys [contextCode [ts group]]
//   EndTransaction type ts region group topic msgId tags keys storeHost msgType transactionId
//                  transactionState fromTransactionCheck
//   Recall         type ts region group topic msgId success
import type { AdminContext } from "./context.ts";
import { queryMsgByKey } from "./message-query.ts";

export const TRACE_TOPIC_DEFAULT = "RMQ_SYS_TRACE_TOPIC";

export type TraceType = "Pub" | "SubBefore" | "SubAfter" | "EndTransaction" | "Recall";

export interface TraceRecord {
  type: TraceType;
  msgId: string;
  /** Epoch ms when the client recorded it (0 when the record does not carry one). */
  timestampMs: number;
  group: string;
  topic: string;
  tags: string;
  keys: string;
  storeHost: string;
  clientHost: string;
  costTimeMs: number;
  success: boolean | undefined;
  retryTimes: number;
  /** EndTransaction: COMMIT_MESSAGE, ROLLBACK_MESSAGE or UNKNOW. */
  transactionState: string;
}

const FIELD_SEPARATOR = "\u0002";
const CONTENT_SEPARATOR = "\u0001";

function blank(type: TraceType, msgId: string): TraceRecord {
  return {
    type, msgId, timestampMs: 0, group: "", topic: "", tags: "", keys: "", storeHost: "", clientHost: "",
    costTimeMs: 0, success: undefined, retryTimes: 0, transactionState: "",
  };
}

const bool = (s: string | undefined) => (s === undefined ? undefined : s === "true");

function decodeOne(f: string[]): TraceRecord | undefined {
  const at = (i: number) => f[i] ?? "";
  const n = (i: number) => Number(f[i] ?? 0) || 0;
  switch (f[0]) {
    case "Pub": {
      const withOffsetId = f.length >= 14;
      return { ...blank("Pub", at(5)), timestampMs: n(1), group: at(3), topic: at(4), tags: at(6), keys: at(7), storeHost: at(8),
        costTimeMs: n(10), success: bool(f[withOffsetId ? 13 : 12]), clientHost: at(14) };
    }
    case "SubBefore":
      return { ...blank("SubBefore", at(5)), timestampMs: n(1), group: at(3), retryTimes: n(6), keys: at(7) };
    case "SubAfter":
      return { ...blank("SubAfter", at(2)), costTimeMs: n(3), success: bool(f[4]), keys: at(5), timestampMs: n(7), group: at(8) };
    case "EndTransaction":
      return { ...blank("EndTransaction", at(5)), timestampMs: n(1), group: at(3), topic: at(4), tags: at(6), keys: at(7),
        storeHost: at(8), transactionState: at(11) };
    case "Recall":
      return { ...blank("Recall", at(5)), timestampMs: n(1), group: at(3), topic: at(4), success: bool(f[6]) };
    default:
      return undefined;
  }
}

/** Every record of one trace message's body; unknown record types are skipped. */
export function decodeTraceData(text: string): TraceRecord[] {
  return text.split(FIELD_SEPARATOR).filter((s) => s.length > 0)
    .flatMap((s) => decodeOne(s.split(CONTENT_SEPARATOR)) ?? []);
}

/** One record in RocketMQ's trace format (what a tracing client writes), for tools and tests. */
export function encodeTraceRecord(fields: ReadonlyArray<string | number | boolean>): string {
  return fields.map(String).join(CONTENT_SEPARATOR) + FIELD_SEPARATOR;
}

/** The trace of msgId, in the order it was recorded (Pub first, then each consume attempt). */
export async function queryMsgTraceById(ctx: AdminContext, msgId: string, traceTopic = TRACE_TOPIC_DEFAULT): Promise<TraceRecord[]> {
  const messages = await queryMsgByKey(ctx, traceTopic, msgId);
  const records = messages.flatMap((m) => decodeTraceData(new TextDecoder().decode(m.body)));
  return records.filter((r) => r.msgId === msgId);
}
