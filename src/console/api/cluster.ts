// Cluster: every broker of every cluster with role, version, TPS and disk (GET_BROKER_RUNTIME_INFO).
import { Hono } from "hono";
import { clusterInfo, clusterList, type AdminContext } from "../../admin/index.ts";
import { BadRequest } from "./errors.ts";
import { brokerRow, type BrokerRow } from "./views.ts";

export async function loadCluster(admin: AdminContext): Promise<BrokerRow[]> {
  return (await clusterList(admin)).map(brokerRow);
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
