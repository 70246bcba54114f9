// Subscription groups: a map in memory, written through to store.meta.subscriptionGroups.
// Unknown groups are created with RocketMQ's defaults when autoCreateSubscriptionGroup allows,
// and the system groups always exist (SubscriptionGroupManager.init).
import type { Logger, SubscriptionGroupConfig } from "../../common/index.ts";
import type { KeyedTable } from "../../store/index.ts";
import type { GroupTable } from "../context.ts";
import { groupNameProblem } from "./topic-name.ts";

export interface GroupTableDeps {
  persisted: KeyedTable<SubscriptionGroupConfig>;
  log: Logger;
  autoCreateSubscriptionGroup: boolean;
  now?: () => number;
}

const SYSTEM_GROUPS = [
  "TOOLS_CONSUMER",
  "FILTERSRV_CONSUMER",
  "SELF_TEST_C_GROUP",
  "CID_ONS-HTTP-PROXY",
  "CID_ONSAPI_PULL",
  "CID_ONSAPI_PERMISSION",
  "CID_ONSAPI_OWNER",
  "CID_SYS_RMQ_TRANS",
];

export function newGroupConfig(groupName: string): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
  };
}

export function createGroupTable(deps: GroupTableDeps): GroupTable {
  const now = deps.now ?? Date.now;
  const configs = new Map<string, SubscriptionGroupConfig>();
  for (const config of deps.persisted.all()) configs.set(config.groupName, config);
  const version = { timestamp: now(), counter: 0 };

  const put = (config: SubscriptionGroupConfig): void => {
    configs.set(config.groupName, config);
    deps.persisted.put(config);
    version.timestamp = now();
    version.counter += 1;
  };
  for (const group of SYSTEM_GROUPS) if (!configs.has(group)) put(newGroupConfig(group));

  return {
    get: (group) => configs.get(group),
    all: () => [...configs.values()],
    put,
    delete(group) {
      if (!configs.delete(group)) return;
      deps.persisted.delete(group);
      version.timestamp = now();
      version.counter += 1;
    },
    findOrCreate(group) {
      const existing = configs.get(group);
      if (existing !== undefined || !deps.autoCreateSubscriptionGroup || groupNameProblem(group) !== undefined) return existing;
      const created = newGroupConfig(group);
      deps.log.info("subscription group created", { group });
      put(created);
      return created;
    },
    dataVersion: () => ({ ...version }),
  };
}
