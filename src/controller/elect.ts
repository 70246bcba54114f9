// The election policy (RocketMQ's DefaultElectPolicy): candidates are the live SyncStateSet
// members (every live broker the first time a group elects, when it has never had a master), or,
// only with enableElectUncleanMaster, any live broker when no member is alive. Among them the
// one with the highest epoch, then the highest commitlog offset, then the lowest
// brokerElectionPriority, then the lowest broker id wins. A designated broker (mqadmin
// electMaster -b) wins if it is a candidate at all.
import type { GroupState } from "./group-state.ts";
import type { LiveBroker } from "./liveness.ts";

export interface ElectInput {
  group: GroupState;
  alive: LiveBroker[];
  /** A broker to elect if it may be (designateElect). */
  designated?: number;
  /** Excluded whatever its heartbeats say (the master whose loss started the election). */
  excluded?: number;
  unclean: boolean;
}

export function electFrom(input: ElectInput): number | undefined {
  const { group, designated, excluded } = input;
  const alive = input.alive.filter((b) => b.brokerId !== excluded && group.brokers.some((r) => r.brokerId === b.brokerId));
  const firstTime = group.masterEpoch === 0 && group.syncStateSet.length === 0;
  let candidates = firstTime ? alive : alive.filter((b) => group.syncStateSet.includes(b.brokerId));
  if (candidates.length === 0 && input.unclean) candidates = alive;
  if (designated !== undefined) return candidates.some((b) => b.brokerId === designated) ? designated : undefined;
  candidates.sort((a, b) => b.epoch - a.epoch || b.maxOffset - a.maxOffset || a.electionPriority - b.electionPriority || a.brokerId - b.brokerId);
  return candidates[0]?.brokerId;
}
