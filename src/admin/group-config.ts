// Subscription groups as the brokers hold them: deleteSubGroup (DELETE_SUBSCRIPTIONGROUP 207:
// groupName, removeOffset / cleanOffset) on the target brokers, and every group's name from
// GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201; body {"subscriptionGroupTable":{name:config},...}) on
// every master, which lists a group created by updateSubGroup before any consumer of it ran; and
// getConsumerConfig: a group's config on every broker that has it (201 of each broker's master,
// else any of its addresses, as mqadmin asks).
import { asFields, encodeDeleteSubscriptionGroupHeader, MASTER_ID, parseBody, RequestCode } from "../common/index.ts";
import { clusterInfo } from "./cluster.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

/** The groups every broker has from the start (RocketMQ's SubscriptionGroupManager.init). */
export const SYSTEM_GROUPS: ReadonlySet<string> = new Set([
  "TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PULL",
  "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER", "CID_SYS_RMQ_TRANS", "__MONITOR_CONSUMER",
]);

export async function deleteSubGroup(ctx: AdminContext, group: string, target: BrokerTarget, removeOffset = false): Promise<string[]> {
  return eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.DELETE_SUBSCRIPTIONGROUP, encodeDeleteSubscriptionGroupHeader({ groupName: group, removeOffset }));
    return addr;
  });
}

/** Names of the subscription groups on every master, sorted, without duplicates. */
export async function subscriptionGroupNames(ctx: AdminContext): Promise<string[]> {
  const info = await clusterInfo(ctx);
  const names = new Set<string>();
  for (const broker of Object.values(info.brokerAddrTable)) {
    const addr = broker.brokerAddrs[String(MASTER_ID)];
    if (addr === undefined) continue;
    const res = await invokeOk(ctx, addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
    const table = asFields(asFields(parseBody(res.body), "SubscriptionGroupWrapper").subscriptionGroupTable ?? {}, "subscriptionGroupTable");
    for (const name of Object.keys(table)) names.add(name);
  }
  return [...names].sort();
}

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
