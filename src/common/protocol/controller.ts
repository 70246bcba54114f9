// Headers and bodies of RocketMQ 5's controller codes (issue 18), as its header classes name them;
// the request headers' codecs are in controller-headers.ts.
// Fields marked (mq) are mq's additions, which a Java peer ignores: the HA address travels with the
// remoting address, so a slave needs no NameServer round to find its master's HA port.
//
// code                               request extFields                                      response extFields / body
// BROKER_HEARTBEAT 904               clusterName brokerAddr brokerName brokerId epoch        —
//                                    maxOffset confirmOffset heartbeatTimeoutMills
//                                    electionPriority
// CONTROLLER_GET_NEXT_BROKER_ID 1012 clusterName brokerName                                 clusterName brokerName nextBrokerId
// CONTROLLER_APPLY_BROKER_ID 1013    clusterName brokerName appliedBrokerId registerCheckCode clusterName brokerName
// CONTROLLER_REGISTER_BROKER 1003    clusterName brokerName brokerId brokerAddress           MasterInfo; body SyncStateSet
//                                    haAddress(mq)
// CONTROLLER_ELECT_MASTER 1002       clusterName brokerName brokerId designateElect          MasterInfo; body ElectMasterResponseBody
// CONTROLLER_ALTER_SYNC_STATE_SET    brokerName masterBrokerId masterEpoch; body SyncStateSet  newSyncStateSetEpoch; body SyncStateSet
//   1001
// CONTROLLER_GET_REPLICA_INFO 1004   brokerName                                             MasterInfo; body SyncStateSet
// CONTROLLER_GET_METADATA_INFO 1005  —                                                      group controllerLeaderId
//                                                                                           controllerLeaderAddress isLeader peers
// CONTROLLER_GET_SYNC_STATE_DATA     body: JSON array of brokerNames                        body BrokerReplicasInfo
//   1006
// GET_BROKER_EPOCH_CACHE 1007        — (to a broker)                                        body EpochEntryCache
// NOTIFY_BROKER_ROLE_CHANGED 1008    MasterInfo; body SyncStateSet (to a broker)            —
// GET/UPDATE_CONTROLLER_CONFIG       body: properties text                                  body: properties text
//   1010/1009
// MasterInfo = masterBrokerId masterAddress masterEpoch syncStateSetEpoch masterHaAddress(mq);
// masterBrokerId and masterAddress are absent while the group has no master.
import { asFields, malformed, num, optStr, str, type Fields } from "./shape.ts";
import { optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

/** Who a group's master is, as the controller answers REGISTER, ELECT, GET_REPLICA_INFO and NOTIFY. */
export interface MasterInfo {
  masterBrokerId?: number;
  masterAddress?: string;
  masterHaAddress?: string;
  masterEpoch: number;
  syncStateSetEpoch: number;
}

export const masterInfoExtFields = (m: MasterInfo): ExtFieldsInit => ({ ...m });

export function readMasterInfo(ext: ExtFields): MasterInfo {
  const id = ext.masterBrokerId;
  return {
    masterBrokerId: id === undefined || id === "" ? undefined : Number(id),
    masterAddress: ext.masterAddress || undefined,
    masterHaAddress: ext.masterHaAddress || undefined,
    masterEpoch: optInt(ext, "masterEpoch", 0),
    syncStateSetEpoch: optInt(ext, "syncStateSetEpoch", 0),
  };
}

/** RocketMQ's SyncStateSet body: {"syncStateSet":[1,2],"syncStateSetEpoch":3}. */
export interface SyncStateSet {
  syncStateSet: number[];
  syncStateSetEpoch: number;
}

export function readSyncStateSet(body: unknown): SyncStateSet {
  const o = asFields(body, "SyncStateSet");
  return { syncStateSet: idList(o.syncStateSet, "syncStateSet"), syncStateSetEpoch: num(o, "syncStateSetEpoch", 0) };
}

function idList(v: unknown, what: string): number[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw malformed(`${what} is not an array`);
  return v.map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n)) throw malformed(`${what} holds ${String(x)}, not a broker id`);
    return n;
  });
}

/** One (epoch, start offset) of a broker's epoch file; endOffset as RocketMQ's EpochEntry. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
  endOffset: number;
}

export interface EpochEntryCache {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  epochList: EpochEntry[];
  maxOffset: number;
}

export function readEpochEntryCache(body: unknown): EpochEntryCache {
  const o = asFields(body, "EpochEntryCache");
  const list = Array.isArray(o.epochList) ? o.epochList : [];
  return {
    clusterName: str(o, "clusterName"), brokerName: str(o, "brokerName"), brokerId: num(o, "brokerId", 0),
    maxOffset: num(o, "maxOffset", 0),
    epochList: list.map((e) => {
      const f = asFields(e, "EpochEntry");
      return { epoch: num(f, "epoch"), startOffset: num(f, "startOffset"), endOffset: num(f, "endOffset", Number.MAX_SAFE_INTEGER) };
    }),
  };
}

export interface ReplicaIdentity {
  brokerName: string;
  brokerId: number;
  brokerAddress: string;
  alive: boolean;
}

/** One group of CONTROLLER_GET_SYNC_STATE_DATA's BrokerReplicasInfo. */
export interface ReplicasInfo {
  masterBrokerId?: number;
  masterAddress?: string;
  masterEpoch: number;
  syncStateSetEpoch: number;
  inSyncReplicas: ReplicaIdentity[];
  notInSyncReplicas: ReplicaIdentity[];
}

export function readReplicasInfoTable(body: unknown): Record<string, ReplicasInfo> {
  const table = asFields(asFields(body, "BrokerReplicasInfo").replicasInfoTable ?? {}, "replicasInfoTable");
  const out: Record<string, ReplicasInfo> = {};
  for (const [name, value] of Object.entries(table)) {
    const o = asFields(value, name);
    out[name] = {
      masterBrokerId: o.masterBrokerId === undefined || o.masterBrokerId === null ? undefined : num(o, "masterBrokerId"),
      masterAddress: optStr(o, "masterAddress"), masterEpoch: num(o, "masterEpoch", 0), syncStateSetEpoch: num(o, "syncStateSetEpoch", 0),
      inSyncReplicas: replicas(o.inSyncReplicas), notInSyncReplicas: replicas(o.notInSyncReplicas),
    };
  }
  return out;
}

function replicas(v: unknown): ReplicaIdentity[] {
  if (!Array.isArray(v)) return [];
  return v.map((e) => {
    const f: Fields = asFields(e, "ReplicaIdentity");
    return { brokerName: str(f, "brokerName"), brokerId: num(f, "brokerId"), brokerAddress: optStr(f, "brokerAddress") ?? "", alive: f.alive === true };
  });
}
