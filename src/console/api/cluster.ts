// Cluster: every broker of every cluster with role, version, TPS and disk (GET_BROKER_RUNTIME_INFO),
// and replication (GET_BROKER_HA_STATUS: a master's slaves and how far behind, whom a slave follows).
import { Hono } from "hono";
import { clusterInfo, clusterList, haStatus, type AdminContext } from "../../admin/index.ts";
import type { HaRuntimeInfo } from "../../common/index.ts";
import { BadRequest } from "./errors.ts";
import { brokerRow, type BrokerRow } from "./views.ts";

/** One line about replication, or "" when the broker cannot say (4.x answers no HA status). */
export function replicationText(info: HaRuntimeInfo | undefined): string {
  if (info === undefined) return "";
  if (!info.master) return info.haClientRuntimeInfo.masterAddr ? `follows ${info.haClientRuntimeInfo.masterAddr}` : "follows no master yet";
  const slaves = info.haConnectionInfo;
  if (slaves.length === 0) return "no slave";
  const behind = Math.max(...slaves.map((c) => c.diff));
  return `${info.inSyncSlaveNums}/${slaves.length} slaves in sync, ${behind} bytes behind at most`;
}

export async function loadCluster(admin: AdminContext, withReplication = true): Promise<BrokerRow[]> {
  const rows = (await clusterList(admin)).map(brokerRow);
  if (!withReplication) return rows;
  return Promise.all(rows.map(async (r) => {
    if (r.error !== undefined) return r;
    const info = await haStatus(admin, { brokerAddr: r.addr }).then(([one]) => one?.[1], () => undefined);
    return { ...r, replication: replicationText(info) };
  }));
}

/** The cluster a change goes to: the one asked for, else the only one there is. */
export async function clusterOf(admin: AdminContext, asked: string | undefined): Promise<string> {
  if (asked) return asked;
  const clusters = Object.keys((await clusterInfo(admin)).clusterAddrTable).sort();
  if (clusters.length !== 1) throw new BadRequest(`say which cluster: ${clusters.length === 0 ? "no broker is registered" : clusters.join(", ")}`);
  return clusters[0] as string;
}

export function clusterApi(admin: AdminContext): Hono {
  return new Hono().get("/", async (c) => c.json(await loadCluster(admin)));
}
