// queryMsgTraceById: the trace records of a message (mqadmin QueryMsgTraceByIdSubCommand). Clients
// with message tracing send them to the trace topic (RMQ_SYS_TRACE_TOPIC), keyed by the traced
// message's msgId; a record body holds contexts split by \u0002, fields by \u0001
// (TraceDataEncoder):
//   Pub       type, timestamp, regionId, group, topic, msgId, tags, keys, storeHost, bodyLength,
//             costTime, msgType, [offsetMsgId,] success[, clientHost]
//   SubBefore type, timestamp, regionId, group, requestId, msgId, retryTimes, keys
//   SubAfter  type, requestId, msgId, costTime, success, keys[, contextCode[, timestamp, group]]
// A record's client host is the IP the trace message was born at.
import { queryMsgByKey, type TimeRange } from "./message-query.ts";

export const TRACE_TOPIC_DEFAULT = "RMQ_SYS_TRACE_TOPIC";

export interface TraceView {
  msgType: "Pub" | "SubBefore" | "SubAfter";
  groupName: string;
  clientHost: string;
  timestamp: number;
  costTimeMs: number;
  status: "success" | "failed";
  msgId: string;
}

function decode(text: string, clientHost: string): TraceView[] {
  const views: TraceView[] = [];
  for (const context of text.split("\u0002")) {
    const f = context.split("\u0001");
    const int = (i: number) => Number.parseInt(f[i] ?? "0", 10) || 0;
    if (f[0] === "Pub" && f.length >= 13) {
      const success = f.length === 13 ? f[12] : f[13];
      views.push({ msgType: "Pub", timestamp: int(1), groupName: f[3] ?? "", msgId: f[5] ?? "", costTimeMs: int(10), status: success === "true" ? "success" : "failed", clientHost });
    } else if (f[0] === "SubBefore" && f.length >= 8) {
      views.push({ msgType: "SubBefore", timestamp: int(1), groupName: f[3] ?? "", msgId: f[5] ?? "", costTimeMs: 0, status: "failed", clientHost });
    } else if (f[0] === "SubAfter" && f.length >= 6) {
      views.push({
        msgType: "SubAfter", msgId: f[2] ?? "", costTimeMs: int(3), status: f[4] === "true" ? "success" : "failed",
        timestamp: f.length >= 9 ? int(7) : 0, groupName: f.length >= 9 ? (f[8] ?? "") : "", clientHost,
      });
    }
  }
  return views;
}

/** The traces of msgId found in the trace topic (by key), in the order stored. */
export async function queryMsgTrace(
  ctx: Parameters<typeof queryMsgByKey>[0], msgId: string, traceTopic = TRACE_TOPIC_DEFAULT, maxNum = 64, range: TimeRange = {},
): Promise<TraceView[]> {
  const records = await queryMsgByKey(ctx, traceTopic, msgId, maxNum, range);
  const text = new TextDecoder();
  return records.flatMap((r) => decode(text.decode(r.body), r.bornHost.ip)).filter((v) => v.msgId === msgId);
}
