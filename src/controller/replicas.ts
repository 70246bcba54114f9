// The controller's state machine (RocketMQ's ReplicasInfoManager): every broker group, and the
// operations the request codes ask of it. Each change is checked, saved (one transaction) and
// only then visible; a refused one throws a BrokerError with the controller response code
// RocketMQ answers, and changes nothing. Changes run one at a time (exclusive()), each reading
// the state the one before it left, since a save may wait on the network (etcd).
import { BrokerError, ResponseCode, type MasterInfo, type SyncStateSet } from "../common/index.ts";
import { electFrom } from "./elect.ts";
import { brokerOf, check, newGroup, type GroupState } from "./group-state.ts";
import type { LiveBroker } from "./liveness.ts";
import type { ControllerStateStore } from "./state-store.ts";

export type ElectOutcome = { elected: true; info: MasterInfo } | { elected: false; info: MasterInfo; reason: string };

export class Replicas {
  private readonly groups = new Map<string, GroupState>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: ControllerStateStore, loaded: readonly GroupState[]) {
    for (const group of loaded) this.groups.set(group.brokerName, check(group));
  }

  /** Runs fn after every change queued before it has been saved or refused. */
  exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  all(): GroupState[] {
    return [...this.groups.values()];
  }

  get(brokerName: string): GroupState | undefined {
    return this.groups.get(brokerName);
  }

  need(brokerName: string): GroupState {
    const group = this.groups.get(brokerName);
    if (group === undefined) {
      throw new BrokerError(ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST, `the controller knows no broker group ${brokerName}: register its brokers first`);
    }
    return group;
  }

  masterInfo(group: GroupState): MasterInfo {
    const master = brokerOf(group, group.masterBrokerId);
    return {
      masterBrokerId: master?.brokerId, masterAddress: master?.address, masterHaAddress: master?.haAddress,
      masterEpoch: group.masterEpoch, syncStateSetEpoch: group.syncStateSetEpoch,
    };
  }

  nextBrokerId(clusterName: string, brokerName: string): number {
    const group = this.groups.get(brokerName) ?? newGroup(clusterName, brokerName);
    return Math.max(0, ...group.brokers.map((b) => b.brokerId)) + 1;
  }

  async applyBrokerId(clusterName: string, brokerName: string, brokerId: number, registerCheckCode: string): Promise<void> {
    const group = this.groups.get(brokerName) ?? newGroup(clusterName, brokerName);
    const held = brokerOf(group, brokerId);
    if (held !== undefined && held.registerCheckCode !== registerCheckCode) {
      throw new BrokerError(ResponseCode.CONTROLLER_BROKER_ID_INVALID, `broker id ${brokerId} of ${brokerName} is held by another broker: ask CONTROLLER_GET_NEXT_BROKER_ID for a free one`);
    }
    if (brokerId <= 0) throw new BrokerError(ResponseCode.CONTROLLER_BROKER_ID_INVALID, `broker id ${brokerId}: ids start at 1`);
    if (held !== undefined) return;
    await this.commit({ ...group, brokers: [...group.brokers, { brokerId, address: "", haAddress: "", registerCheckCode }] });
  }

  async registerBroker(brokerName: string, brokerId: number, address: string, haAddress: string): Promise<GroupState> {
    const group = this.need(brokerName);
    const held = brokerOf(group, brokerId);
    if (held === undefined) {
      throw new BrokerError(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED, `broker id ${brokerId} of ${brokerName} was never applied for: apply for it first`);
    }
    if (held.address === address && held.haAddress === haAddress) return group;
    return this.commit({ ...group, brokers: group.brokers.map((b) => (b.brokerId === brokerId ? { ...b, address, haAddress } : b)) });
  }

  /** Elects a master; with none to elect the group is left without one (its SyncStateSet kept,
   *  so a member that comes back can be elected). */
  async elect(brokerName: string, alive: LiveBroker[], unclean: boolean, o: { designated?: number; excluded?: number } = {}): Promise<ElectOutcome> {
    const group = this.need(brokerName);
    const chosen = electFrom({ group, alive, unclean, ...o });
    if (chosen === undefined) {
      const reason = o.designated !== undefined
        ? `broker ${o.designated} of ${brokerName} cannot be master: it is not alive${unclean ? "" : " or not in the SyncStateSet [" + group.syncStateSet.join(",") + "]"}`
        : `no live broker of ${brokerName} in its SyncStateSet [${group.syncStateSet.join(",")}]${unclean ? "" : " (enableElectUncleanMaster=false)"}`;
      const cleared = group.masterBrokerId === undefined ? group : await this.commit({ ...group, masterBrokerId: undefined });
      return { elected: false, info: this.masterInfo(cleared), reason };
    }
    const next = await this.commit({
      ...group, masterBrokerId: chosen, masterEpoch: group.masterEpoch + 1, syncStateSet: [chosen], syncStateSetEpoch: group.syncStateSetEpoch + 1,
    });
    return { elected: true, info: this.masterInfo(next) };
  }

  /** The master's request to change its SyncStateSet, fenced by both epochs. */
  async alterSyncStateSet(
    brokerName: string, masterBrokerId: number, masterEpoch: number, proposed: SyncStateSet, isAlive: (id: number) => boolean,
  ): Promise<GroupState> {
    const group = this.need(brokerName);
    const fail = (code: number, why: string) => new BrokerError(code, `alter SyncStateSet of ${brokerName} refused: ${why}`);
    if (group.masterBrokerId !== masterBrokerId) throw fail(ResponseCode.CONTROLLER_INVALID_MASTER, `broker ${masterBrokerId} is not its master (${group.masterBrokerId ?? "none"})`);
    if (group.masterEpoch !== masterEpoch) throw fail(ResponseCode.CONTROLLER_FENCED_MASTER_EPOCH, `master epoch ${masterEpoch}, the controller's is ${group.masterEpoch}`);
    if (group.syncStateSetEpoch !== proposed.syncStateSetEpoch) {
      throw fail(ResponseCode.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH, `SyncStateSet epoch ${proposed.syncStateSetEpoch}, the controller's is ${group.syncStateSetEpoch}`);
    }
    const ids = [...new Set(proposed.syncStateSet)].sort((a, b) => a - b);
    if (!ids.includes(masterBrokerId)) throw fail(ResponseCode.CONTROLLER_INVALID_REPLICAS, "the master must stay a member");
    for (const id of ids) {
      if (brokerOf(group, id) === undefined) throw fail(ResponseCode.CONTROLLER_INVALID_REPLICAS, `broker ${id} is not registered`);
      if (!group.syncStateSet.includes(id) && !isAlive(id)) throw fail(ResponseCode.CONTROLLER_INVALID_REPLICAS, `broker ${id} is not alive`);
    }
    return this.commit({ ...group, syncStateSet: ids, syncStateSetEpoch: group.syncStateSetEpoch + 1 });
  }

  /** CLEAN_BROKER_DATA (RocketMQ's cleanBrokerData): forgets the group (ids undefined) or those
   *  broker ids of it. Without cleanLiving it refuses a group that still has a master (when no
   *  ids are named) and any named id still alive; a refusal is CONTROLLER_INVALID_CLEAN_BROKER_METADATA. */
  async cleanBrokerData(brokerName: string, ids: number[] | undefined, cleanLiving: boolean, isAlive: (id: number) => boolean): Promise<void> {
    const refuse = (why: string) => new BrokerError(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA, why);
    const group = this.groups.get(brokerName);
    if (!cleanLiving) {
      if (ids === undefined && group?.masterBrokerId !== undefined) {
        throw refuse(`Broker ${brokerName} is still alive, clean up failure (its master is ${group.masterBrokerId}: stop its brokers first, or pass -l)`);
      }
      const living = (ids ?? []).find(isAlive);
      if (living !== undefined) throw refuse(`Broker [${brokerName},  ${living}] is still alive, clean up failure`);
    }
    if (group === undefined) throw refuse(`Broker ${brokerName} is not existed,clean broker data failure.`);
    const gone = new Set(ids ?? group.brokers.map((b) => b.brokerId));
    const brokers = group.brokers.filter((b) => !gone.has(b.brokerId));
    if (brokers.length === 0) {
      await this.store.remove(brokerName);
      this.groups.delete(brokerName);
      return;
    }
    // The epochs stay: a broker that returns compares its epoch file against them.
    const masterBrokerId = group.masterBrokerId !== undefined && gone.has(group.masterBrokerId) ? undefined : group.masterBrokerId;
    await this.commit({ ...group, brokers, masterBrokerId, syncStateSet: group.syncStateSet.filter((id) => !gone.has(id)) });
  }

  private async commit(group: GroupState): Promise<GroupState> {
    check(group);
    await this.store.save(group);
    this.groups.set(group.brokerName, group);
    return group;
  }
}
