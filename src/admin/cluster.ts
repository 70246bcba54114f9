// Cluster-level reads: the ClusterInfo of the name servers, the brokers of a cluster, and
// `clusterList` rows built from each broker's GET_BROKER_RUNTIME_INFO.
import {
  MASTER_ID,
  RequestCode,
  ResponseCode,
  decodeClusterInfo,
  decodeKVTable,
  type BrokerData,
  type ClusterInfo,
  type KVTable,
} from "../common/index.ts";
import { AdminError, invokeNamesrv, invokeOk, type AdminContext } from "./context.ts";

export async function clusterInfo(ctx: AdminContext): Promise<ClusterInfo> {
  return decodeClusterInfo((await invokeNamesrv(ctx, RequestCode.GET_BROKER_CLUSTER_INFO)).body);
}

/** The brokers of one cluster, sorted by name; AdminError when the cluster is unknown. */
export function brokersOfCluster(info: ClusterInfo, cluster: string): BrokerData[] {
  const names = info.clusterAddrTable[cluster];
  if (!names) {
    const known = Object.keys(info.clusterAddrTable).sort();
    const hint = known.length > 0 ? `known clusters: ${known.join(", ")}` : "no broker has registered with the name server";
    throw new AdminError(ResponseCode.SYSTEM_ERROR, `cluster ${cluster} not found; ${hint}`, "");
  }
  return [...names].sort().flatMap((n) => info.brokerAddrTable[n] ?? []);
}

/** The master address of every broker in the cluster. */
export const masterAddrsOfCluster = (info: ClusterInfo, cluster: string): string[] =>
  brokersOfCluster(info, cluster).flatMap((b) => b.brokerAddrs[String(MASTER_ID)] ?? []);

/** The brokerName an address belongs to, if the name servers know it. */
export function brokerNameOfAddr(info: ClusterInfo, addr: string): string | undefined {
  return Object.values(info.brokerAddrTable).find((b) => Object.values(b.brokerAddrs).includes(addr))?.brokerName;
}

export async function brokerRuntimeInfo(ctx: AdminContext, brokerAddr: string): Promise<KVTable> {
  return decodeKVTable((await invokeOk(ctx, brokerAddr, RequestCode.GET_BROKER_RUNTIME_INFO)).body);
}

/** One line of `clusterList`: a broker address with its runtime figures (undefined if it did not answer). */
export interface ClusterListRow {
  cluster: string;
  brokerName: string;
  brokerId: number;
  addr: string;
  runtime: KVTable | undefined;
  error?: string;
}

/** Every broker address of every cluster (or of one), sorted, with its runtime info. */
export async function clusterList(ctx: AdminContext, cluster?: string): Promise<ClusterListRow[]> {
  const info = await clusterInfo(ctx);
  const clusters = cluster === undefined ? Object.keys(info.clusterAddrTable).sort() : [cluster];
  const rows: ClusterListRow[] = [];
  for (const c of clusters) {
    for (const b of brokersOfCluster(info, c)) {
      const ids = Object.keys(b.brokerAddrs).map(Number).sort((x, y) => x - y);
      for (const id of ids) rows.push({ cluster: c, brokerName: b.brokerName, brokerId: id, addr: b.brokerAddrs[String(id)] ?? "", runtime: undefined });
    }
  }
  await Promise.all(rows.map(async (row) => {
    try {
      row.runtime = await brokerRuntimeInfo(ctx, row.addr);
    } catch (e) {
      row.error = e instanceof Error ? e.message : String(e);
    }
  }));
  return rows;
}
