// Consumer: every group with clients and backlog; one group's lag per queue and its clients;
// create or update, delete, and reset a group's offsets on a topic to a time.
import { Hono } from "hono";
import { z } from "zod";
import {
  consumerConnection, consumerGroups, consumerProgress, deleteSubGroup, resetOffsetByTime, subGroupConfigOf, subscriptionGroupNames,
  SYSTEM_GROUPS, updateSubGroup, type AdminContext, type GroupProgress, type GroupSummary,
} from "../../admin/index.ts";
import type { ClientConnection } from "../../common/index.ts";
import { parseBody } from "./body.ts";
import { clusterOf } from "./cluster.ts";

export interface GroupDetail {
  group: string;
  progress: GroupProgress;
  clients: ClientConnection[];
  consumeType?: string;
  messageModel?: string;
  /** Why the group shows no clients: it is offline, or its broker could not say. */
  offline?: string;
  /** Why there is no progress: no consumer has used the group yet (it has no %RETRY% topic). */
  progressError?: string;
}

export async function loadGroup(admin: AdminContext, group: string): Promise<GroupDetail> {
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  let progressError: string | undefined;
  const progress = await consumerProgress(admin, group).catch((e: unknown) => {
    progressError = `no consumer has used ${group} yet: ${why(e)}`;
    return { queues: [], consumeTps: 0, diffTotal: 0 };
  });
  const known = progressError === undefined ? {} : { progressError };
  try {
    const conn = await consumerConnection(admin, group);
    return { group, progress, clients: conn.connectionSet, consumeType: conn.consumeType, messageModel: conn.messageModel, ...known };
  } catch (e) {
    return { group, progress, clients: [], offline: why(e), ...known };
  }
}

/** The groups consumers have used (their %RETRY% topics), then those only configured so far. */
export async function loadGroups(admin: AdminContext): Promise<GroupSummary[]> {
  const [used, configured] = await Promise.all([consumerGroups(admin), subscriptionGroupNames(admin).catch(() => [])]);
  const known = new Set(used.map((g) => g.group));
  const idle = configured.filter((g) => !known.has(g) && !SYSTEM_GROUPS.has(g)).map((group): GroupSummary => ({
    group, count: 0, version: undefined, consumeType: undefined, messageModel: undefined, consumeTps: 0, diffTotal: 0,
  }));
  return [...used, ...idle].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

const GroupBody = z.object({
  group: z.string().regex(/^[%|a-zA-Z0-9_-]{1,255}$/, "letters, digits, %, |, _ and - only, at most 255"),
  cluster: z.string().optional(),
  retryMaxTimes: z.number().int().min(0).max(64).default(16),
  consumeBroadcastEnable: z.boolean().default(false),
  consumeEnable: z.boolean().default(true),
});

const ResetBody = z.object({
  topic: z.string().min(1),
  /** Epoch ms; -1 = the end of each queue (skip the backlog). */
  timestampMs: z.number().int().min(-1),
});

export function consumersApi(admin: AdminContext): Hono {
  return new Hono()
    .get("/", async (c) => c.json(await loadGroups(admin)))
    .post("/", async (c) => {
      const { group, cluster: asked, ...over } = await parseBody(c, GroupBody);
      const cluster = await clusterOf(admin, asked);
      return c.json({ group, cluster, brokers: await updateSubGroup(admin, subGroupConfigOf(group, over), { cluster }) });
    })
    .get("/:group", async (c) => c.json(await loadGroup(admin, c.req.param("group"))))
    .delete("/:group", async (c) => {
      const group = c.req.param("group");
      const cluster = await clusterOf(admin, c.req.query("cluster"));
      return c.json({ group, cluster, brokers: await deleteSubGroup(admin, group, { cluster }, c.req.query("removeOffset") === "true") });
    })
    .post("/:group/reset-offset", async (c) => {
      const group = c.req.param("group");
      const { topic, timestampMs } = await parseBody(c, ResetBody);
      return c.json({ group, topic, timestampMs, queues: await resetOffsetByTime(admin, group, topic, timestampMs) });
    });
}
