// Topic: list (with rocketmq-dashboard's kinds), create or update, delete, route, status, and
// send a test message.
import { Hono } from "hono";
import { z } from "zod";
import {
  clusterInfo, deleteTopic, sendMessage, topicConfigOf, topicList, topicRoute, topicStatus, updateTopic, type AdminContext,
} from "../../admin/index.ts";
import { parseBody } from "./body.ts";
import { clusterOf } from "./cluster.ts";
import { topicKind, type TopicKind } from "./views.ts";

export interface TopicRow {
  topic: string;
  kind: TopicKind;
}

export async function loadTopics(admin: AdminContext): Promise<TopicRow[]> {
  const [topics, info] = await Promise.all([topicList(admin), clusterInfo(admin)]);
  const systemNames = new Set([...Object.keys(info.clusterAddrTable), ...Object.keys(info.brokerAddrTable)]);
  return topics.sort().map((topic) => ({ topic, kind: topicKind(topic, systemNames) }));
}

const TopicBody = z.object({
  topic: z.string().regex(/^[%|a-zA-Z0-9_-]{1,127}$/, "letters, digits, %, |, _ and - only, at most 127"),
  cluster: z.string().optional(),
  readQueueNums: z.number().int().min(1).max(1024).default(8),
  writeQueueNums: z.number().int().min(1).max(1024).default(8),
  perm: z.coerce.number().refine((p) => p === 2 || p === 4 || p === 6, "2 (write), 4 (read) or 6 (read and write)").default(6),
  order: z.boolean().default(false),
});

const SendBody = z.object({
  body: z.string().min(1, "a test message needs a body").max(4 * 1024 * 1024),
  tags: z.string().max(255).optional(),
  keys: z.string().max(255).optional(),
});

export function topicsApi(admin: AdminContext): Hono {
  return new Hono()
    .get("/", async (c) => c.json(await loadTopics(admin)))
    .post("/", async (c) => {
      const body = await parseBody(c, TopicBody);
      const cluster = await clusterOf(admin, body.cluster);
      const { topic, cluster: _, ...config } = body;
      const brokers = await updateTopic(admin, topicConfigOf(topic, config), { cluster });
      return c.json({ topic, cluster, brokers });
    })
    .delete("/:topic", async (c) => {
      const topic = c.req.param("topic");
      const cluster = await clusterOf(admin, c.req.query("cluster"));
      return c.json({ topic, cluster, brokers: await deleteTopic(admin, topic, cluster) });
    })
    .post("/:topic/send", async (c) => {
      const topic = c.req.param("topic");
      const { body, tags, keys } = await parseBody(c, SendBody);
      const r = await sendMessage(admin, { topic, body, ...(tags ? { tags } : {}), ...(keys ? { keys } : {}) });
      return c.json({ topic, sendStatus: r.sendStatus, msgId: r.msgId, offsetMsgId: r.offsetMsgId, messageQueue: r.messageQueue, queueOffset: r.queueOffset });
    })
    .get("/:topic/route", async (c) => c.json(await topicRoute(admin, c.req.param("topic"))))
    .get("/:topic/status", async (c) => c.json(await topicStatus(admin, c.req.param("topic"))));
}
