// One broker group as the controller keeps it (RocketMQ's SyncStateInfo and BrokerReplicaInfo):
// its brokers by id, its master, the MasterEpoch (raised at every election) and the SyncStateSet
// (the replicas a master may be elected from) with its own epoch (raised at every change).
//
// Invariants (asserted by check()): a master is a member of the SyncStateSet and a registered
// broker; SyncStateSet members are registered brokers; broker ids are positive and unique.
import { assert } from "../common/index.ts";

export interface BrokerRecord {
  brokerId: number;
  /** Remoting address, "" until the broker registered. */
  address: string;
  /** HA address (mq): where its slaves connect when it is master. */
  haAddress: string;
  /** What the broker wrote when it applied for the id (RocketMQ's registerCheckCode). */
  registerCheckCode: string;
}

export interface GroupState {
  clusterName: string;
  brokerName: string;
  brokers: BrokerRecord[];
  masterBrokerId?: number;
  masterEpoch: number;
  syncStateSet: number[];
  syncStateSetEpoch: number;
}

export function newGroup(clusterName: string, brokerName: string): GroupState {
  return { clusterName, brokerName, brokers: [], masterEpoch: 0, syncStateSet: [], syncStateSetEpoch: 0 };
}

export function brokerOf(group: GroupState, brokerId: number | undefined): BrokerRecord | undefined {
  return brokerId === undefined ? undefined : group.brokers.find((b) => b.brokerId === brokerId);
}

export function check(group: GroupState): GroupState {
  const ids = group.brokers.map((b) => b.brokerId);
  assert(new Set(ids).size === ids.length && ids.every((id) => id > 0), `group ${group.brokerName}: broker ids ${ids.join(",")}`);
  for (const id of group.syncStateSet) assert(ids.includes(id), `group ${group.brokerName}: SyncStateSet member ${id} is not registered`);
  if (group.masterBrokerId !== undefined) {
    assert(group.syncStateSet.includes(group.masterBrokerId), `group ${group.brokerName}: master ${group.masterBrokerId} outside its SyncStateSet`);
  }
  return group;
}
