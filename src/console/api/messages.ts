// Message: by topic and time range, by topic and key (the index), by id (an offsetMsgId is read at its store host, any
// other id is looked up as the topic's unique key); a DLQ's messages read from the queue; a
// stored message (a dead letter) re-sent to a group's retry topic or to its original topic.
import { Hono } from "hono";
import { z } from "zod";
import {
  AdminError, brokerAddrOf, pullOnce, queryMsgByKey, queryMsgByTime, queryMsgByUniqueKey, resendMessage, topicStatus, viewMessage, type AdminContext,
} from "../../admin/index.ts";
import { decodeOffsetMsgId, dlqTopicOf, ResponseCode } from "../../common/index.ts";
import { needQuery, parseBody } from "./body.ts";
import { BadRequest } from "./errors.ts";
import { messageJson, type MessageJson } from "./views.ts";

export async function messagesByKey(admin: AdminContext, topic: string, key: string): Promise<MessageJson[]> {
  return (await queryMsgByKey(admin, topic, key)).map(messageJson);
}

/** A time given as epoch ms or as a date-time ("2026-12-01T21:00", the console's local time). */
export function timeParam(name: string, text: string | undefined): number | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  const ms = /^\d+$/.test(t) ? Number(t) : new Date(t).getTime();
  if (Number.isNaN(ms)) throw new BadRequest(`${name}: ${t} is neither epoch ms nor a date-time like 2026-12-01T21:00`);
  return ms;
}

/** The newest messages of the topic stored between begin and end (either may be open). */
export async function messagesByTime(admin: AdminContext, topic: string, beginMs: number | undefined, endMs: number | undefined): Promise<MessageJson[]> {
  return (await queryMsgByTime(admin, topic, { ...(beginMs === undefined ? {} : { beginMs }), ...(endMs === undefined ? {} : { endMs }) })).map(messageJson);
}

/** The message an id names: an offsetMsgId anywhere, a msgId (UNIQ_KEY) within topic. */
export async function messageById(admin: AdminContext, id: string, topic: string | undefined): Promise<MessageJson[]> {
  if (decodeOffsetMsgId(id) !== undefined && topic === undefined) return [messageJson(await viewMessage(admin, id))];
  if (topic === undefined) throw new BadRequest(`${id} is not an offset message id: give the topic to look it up as a message id`);
  const found = await queryMsgByUniqueKey(admin, topic, id);
  if (found.length > 0 || decodeOffsetMsgId(id) === undefined) return found.map(messageJson);
  return [messageJson(await viewMessage(admin, id))];
}

const DLQ_PAGE_MAX = 32;

/** The newest messages (up to 32 per queue) in the group's %DLQ% topic. */
export async function dlqMessages(admin: AdminContext, group: string): Promise<MessageJson[]> {
  const topic = dlqTopicOf(group);
  const out: MessageJson[] = [];
  const queues = await topicStatus(admin, topic).catch((e: unknown) => {
    if (e instanceof AdminError && e.code === ResponseCode.TOPIC_NOT_EXIST) return []; // no message ever died
    throw e;
  });
  for (const q of queues) {
    const addr = await brokerAddrOf(admin, topic, q.brokerName);
    const from = Math.max(q.minOffset, q.maxOffset - DLQ_PAGE_MAX);
    const page = await pullOnce(admin, addr, q, from, DLQ_PAGE_MAX);
    out.push(...page.messages.map(messageJson));
  }
  return out.sort((a, b) => b.storeTimestamp - a.storeTimestamp);
}

const ResendBody = z.object({
  group: z.string().min(1, "say which consumer group gets the message again"),
  /** retry: the group's %RETRY% topic (only that group); topic: the original topic (every group). */
  target: z.enum(["retry", "topic"]).default("retry"),
});

export function messagesApi(admin: AdminContext): Hono {
  return new Hono()
    .get("/", async (c) => {
      const topic = needQuery(c, "topic");
      const [begin, end] = [timeParam("begin", c.req.query("begin")), timeParam("end", c.req.query("end"))];
      if (c.req.query("key") === undefined && (begin !== undefined || end !== undefined)) return c.json(await messagesByTime(admin, topic, begin, end));
      return c.json(await messagesByKey(admin, topic, needQuery(c, "key")));
    })
    .get("/dlq/:group", async (c) => c.json(await dlqMessages(admin, c.req.param("group"))))
    .post("/:offsetMsgId/resend", async (c) => {
      const { group, target } = await parseBody(c, ResendBody);
      const m = await viewMessage(admin, c.req.param("offsetMsgId"));
      const r = await resendMessage(admin, m, target, group);
      return c.json({ from: m.msgId, group, target, topic: r.messageQueue.topic, msgId: r.msgId, offsetMsgId: r.offsetMsgId });
    })
    .get("/:id", async (c) => c.json(await messageById(admin, c.req.param("id"), c.req.query("topic") || undefined)));
}
