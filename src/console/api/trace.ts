// Message trace: what tracing clients recorded about one message id in the trace topic
// (mqadmin queryMsgTraceById): its send, then each consume attempt, with hosts and times.
import { Hono } from "hono";
import { queryMsgTraceById, TRACE_TOPIC_DEFAULT, type AdminContext, type TraceRecord } from "../../admin/index.ts";

export interface TraceResult {
  msgId: string;
  traceTopic: string;
  records: TraceRecord[];
}

export async function loadTrace(admin: AdminContext, msgId: string, traceTopic = TRACE_TOPIC_DEFAULT): Promise<TraceResult> {
  return { msgId, traceTopic, records: await queryMsgTraceById(admin, msgId, traceTopic) };
}

export function traceApi(admin: AdminContext): Hono {
  return new Hono().get("/:msgId", async (c) =>
    c.json(await loadTrace(admin, c.req.param("msgId"), c.req.query("traceTopic") || TRACE_TOPIC_DEFAULT)));
}
