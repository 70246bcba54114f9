// getConsumerConfig: a group's SubscriptionGroupConfig on every broker that has it, as mqadmin
// asks (GET_ALL_SUBSCRIPTIONGROUP_CONFIG 201 of each broker's master, else any of its addresses).
import { asFields, MASTER_ID, parseBody, RequestCode } from "../common/index.ts";
import { clusterInfo } from "./cluster.ts";
import { invokeOk, type AdminContext } from "./context.ts";

export interface GroupConfigOnBroker {
  cluster: string;
  brokerName: string;
  /** The config's fields in the order the broker sent them. */
  config: Record<string, unknown>;
}

export async function getConsumerConfig(ctx: AdminContext, group: string): Promise<GroupConfigOnBroker[]> {
  const info = await clusterInfo(ctx);
  const out: GroupConfigOnBroker[] = [];
  for (const b of Object.values(info.brokerAddrTable).sort((x, y) => (x.brokerName < y.brokerName ? -1 : 1))) {
    const addr = b.brokerAddrs[String(MASTER_ID)] ?? Object.values(b.brokerAddrs)[0];
    if (addr === undefined) continue;
    const res = await invokeOk(ctx, addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
    const table = asFields(asFields(parseBody(res.body), "SubscriptionGroupWrapper").subscriptionGroupTable ?? {}, "subscriptionGroupTable");
    const config = table[group];
    if (config === undefined || config === null) continue;
    const cluster = Object.entries(info.clusterAddrTable).find(([, names]) => names.includes(b.brokerName))?.[0] ?? "";
    out.push({ cluster, brokerName: b.brokerName, config: asFields(config, "SubscriptionGroupConfig") });
  }
  return out;
}
