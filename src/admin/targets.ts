// The brokers an admin write goes to: `-b brokerAddr` (one broker) or `-c clusterName` (every
// master of the cluster), as mqadmin's updateTopic, updateSubGroup and deleteTopic take them.
import { ResponseCode, type ClusterInfo } from "../common/index.ts";
import { clusterInfo, masterAddrsOfCluster } from "./cluster.ts";
import { AdminError, type AdminContext } from "./context.ts";

export interface BrokerTarget {
  brokerAddr?: string;
  cluster?: string;
}

export async function targetAddrs(ctx: AdminContext, target: BrokerTarget, info?: ClusterInfo): Promise<string[]> {
  if (target.brokerAddr !== undefined) return [target.brokerAddr];
  if (target.cluster === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, "either -b brokerAddr or -c clusterName is required", "");
  const addrs = masterAddrsOfCluster(info ?? (await clusterInfo(ctx)), target.cluster);
  if (addrs.length === 0) throw new AdminError(ResponseCode.SYSTEM_ERROR, `no master broker in cluster ${target.cluster}`, "");
  return addrs;
}
