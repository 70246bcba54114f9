// Cluster: every broker of every cluster with role, version, TPS and disk (GET_BROKER_RUNTIME_INFO).
import { Hono } from "hono";
import { clusterList, type AdminContext } from "../../admin/index.ts";
import { brokerRow, type BrokerRow } from "./views.ts";

export async function loadCluster(admin: AdminContext): Promise<BrokerRow[]> {
  return (await clusterList(admin)).map(brokerRow);
}

export function clusterApi(admin: AdminContext): Hono {
  return new Hono().get("/", async (c) => c.json(await loadCluster(admin)));
}
