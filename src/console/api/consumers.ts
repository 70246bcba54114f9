// Consumer: every group with clients and backlog; one group's lag per queue and its clients.
import { Hono } from "hono";
import { consumerConnection, consumerGroups, consumerProgress, type AdminContext, type GroupProgress } from "../../admin/index.ts";
import type { ClientConnection } from "../../common/index.ts";

export interface GroupDetail {
  group: string;
  progress: GroupProgress;
  clients: ClientConnection[];
  consumeType?: string;
  messageModel?: string;
  /** Why the group shows no clients: it is offline, or its broker could not say. */
  offline?: string;
}

export async function loadGroup(admin: AdminContext, group: string): Promise<GroupDetail> {
  const progress = await consumerProgress(admin, group);
  try {
    const conn = await consumerConnection(admin, group);
    return { group, progress, clients: conn.connectionSet, consumeType: conn.consumeType, messageModel: conn.messageModel };
  } catch (e) {
    return { group, progress, clients: [], offline: e instanceof Error ? e.message : String(e) };
  }
}

export function consumersApi(admin: AdminContext): Hono {
  return new Hono()
    .get("/", async (c) => c.json(await consumerGroups(admin)))
    .get("/:group", async (c) => c.json(await loadGroup(admin, c.req.param("group"))));
}
