// Request headers (and the header-only replies) of RocketMQ 5's controller codes, as its
// controller/*RequestHeader classes and namesrv/BrokerHeartbeatRequestHeader name them. The broker
// encodes them (src/broker/controller-mode/controller-link.ts), admin encodes electMaster's
// (src/admin/controller.ts), the controller decodes them (src/controller/handlers.ts). Bodies and
// MasterInfo: controller.ts. (mq) marks mq's additions, which a Java peer ignores.
//
// code                              field                  type     presence
// BROKER_HEARTBEAT 904              clusterName            string   NN
//                                   brokerAddr             string   NN
//                                   brokerName             string   NN
//                                   brokerId               long     NN (Java: nullable; mq needs it)
//                                   epoch                  int      opt   default 0
//                                   maxOffset              long     opt   default 0
//                                   confirmOffset          long     opt   default 0
//                                   heartbeatTimeoutMills  long     opt   default 10000
//                                   electionPriority       int      opt   default Integer.MAX_VALUE
// CONTROLLER_GET_NEXT_BROKER_ID     clusterName brokerName           string   NN
//   1012                            reply: clusterName brokerName nextBrokerId
// CONTROLLER_APPLY_BROKER_ID 1013   clusterName brokerName           string   NN
//                                   appliedBrokerId        long     NN
//                                   registerCheckCode      string   NN
//                                   reply: clusterName brokerName
// CONTROLLER_REGISTER_BROKER 1003   clusterName brokerName brokerAddress  string  NN
//                                   brokerId               long     NN
//                                   haAddress (mq)         string   opt
// CONTROLLER_ELECT_MASTER 1002      clusterName brokerName           string   NN
//                                   brokerId               long     NN    default -1: any
//                                   designateElect         boolean  NN    default false
// CONTROLLER_ALTER_SYNC_STATE_SET   brokerName             string   NN
//   1001                            masterBrokerId         long     NN
//                                   masterEpoch            int      NN
//                                   reply: newSyncStateSetEpoch
// CONTROLLER_GET_REPLICA_INFO 1004  brokerName             string   NN
// CONTROLLER_GET_METADATA_INFO 1005 reply: group controllerLeaderId controllerLeaderAddress isLeader peers
// CLEAN_BROKER_DATA 1011            brokerName             string   NN
//                                   clusterName            string   opt
//                                   brokerControllerIdsToClean string opt  "1;2;3"; absent: the whole group
//                                   isCleanLivingBroker    boolean  opt   default false
import { need, needInt, optBool, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface ControllerBrokerHeartbeat {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  brokerId: number;
  epoch: number;
  maxOffset: number;
  confirmOffset: number;
  heartbeatTimeoutMills: number;
  electionPriority: number;
}

export const encodeControllerHeartbeat = (h: ControllerBrokerHeartbeat): ExtFieldsInit => ({
  clusterName: h.clusterName, brokerAddr: h.brokerAddr, brokerName: h.brokerName, brokerId: h.brokerId, epoch: h.epoch,
  maxOffset: h.maxOffset, confirmOffset: h.confirmOffset, heartbeatTimeoutMills: h.heartbeatTimeoutMills, electionPriority: h.electionPriority,
});

export function readControllerHeartbeat(ext: ExtFields): ControllerBrokerHeartbeat {
  return {
    clusterName: need(ext, "clusterName"), brokerName: need(ext, "brokerName"), brokerAddr: need(ext, "brokerAddr"),
    brokerId: needInt(ext, "brokerId"), epoch: optInt(ext, "epoch", 0), maxOffset: optInt(ext, "maxOffset", 0),
    confirmOffset: optInt(ext, "confirmOffset", 0), heartbeatTimeoutMills: optInt(ext, "heartbeatTimeoutMills", 10_000),
    electionPriority: optInt(ext, "electionPriority", 2_147_483_647),
  };
}

/** A broker group as a controller names it: GET_NEXT_BROKER_ID's header, and its and APPLY_BROKER_ID's reply. */
export interface ControllerGroupRef {
  clusterName: string;
  brokerName: string;
}

export const encodeControllerGroupRef = (g: ControllerGroupRef): ExtFieldsInit => ({ clusterName: g.clusterName, brokerName: g.brokerName });

export const decodeControllerGroupRef = (ext: ExtFields): ControllerGroupRef =>
  ({ clusterName: need(ext, "clusterName"), brokerName: need(ext, "brokerName") });

export const encodeNextBrokerIdResponse = (g: ControllerGroupRef, nextBrokerId: number): ExtFieldsInit =>
  ({ ...encodeControllerGroupRef(g), nextBrokerId });

export const decodeNextBrokerIdResponse = (ext: ExtFields): number => needInt(ext, "nextBrokerId");

export interface ApplyBrokerIdHeader extends ControllerGroupRef {
  appliedBrokerId: number;
  registerCheckCode: string;
}

export const encodeApplyBrokerIdHeader = (h: ApplyBrokerIdHeader): ExtFieldsInit =>
  ({ ...encodeControllerGroupRef(h), appliedBrokerId: h.appliedBrokerId, registerCheckCode: h.registerCheckCode });

export const decodeApplyBrokerIdHeader = (ext: ExtFields): ApplyBrokerIdHeader => ({
  ...decodeControllerGroupRef(ext), appliedBrokerId: needInt(ext, "appliedBrokerId"), registerCheckCode: need(ext, "registerCheckCode"),
});

export interface RegisterToControllerHeader extends ControllerGroupRef {
  brokerId: number;
  brokerAddress: string;
  haAddress: string;
}

export const encodeRegisterToControllerHeader = (h: RegisterToControllerHeader): ExtFieldsInit =>
  ({ ...encodeControllerGroupRef(h), brokerId: h.brokerId, brokerAddress: h.brokerAddress, haAddress: h.haAddress });

/** clusterName is not needed to register (the group is known by brokerName), as mq has always read it. */
export const decodeRegisterToControllerHeader = (ext: ExtFields): RegisterToControllerHeader => ({
  clusterName: ext.clusterName ?? "", brokerName: need(ext, "brokerName"), brokerId: needInt(ext, "brokerId"),
  brokerAddress: need(ext, "brokerAddress"), haAddress: ext.haAddress ?? "",
});

export interface ElectMasterHeader extends ControllerGroupRef {
  /** -1: any broker of the SyncStateSet. */
  brokerId: number;
  designateElect: boolean;
}

export const encodeElectMasterHeader = (h: ElectMasterHeader): ExtFieldsInit =>
  ({ ...encodeControllerGroupRef(h), brokerId: h.brokerId, designateElect: h.designateElect });

export const decodeElectMasterHeader = (ext: ExtFields): ElectMasterHeader => ({
  clusterName: ext.clusterName ?? "", brokerName: need(ext, "brokerName"),
  brokerId: optInt(ext, "brokerId", -1), designateElect: optBool(ext, "designateElect", false),
});

export interface AlterSyncStateSetHeader {
  brokerName: string;
  masterBrokerId: number;
  masterEpoch: number;
}

export const encodeAlterSyncStateSetHeader = (h: AlterSyncStateSetHeader): ExtFieldsInit =>
  ({ brokerName: h.brokerName, masterBrokerId: h.masterBrokerId, masterEpoch: h.masterEpoch });

export const decodeAlterSyncStateSetHeader = (ext: ExtFields): AlterSyncStateSetHeader =>
  ({ brokerName: need(ext, "brokerName"), masterBrokerId: needInt(ext, "masterBrokerId"), masterEpoch: needInt(ext, "masterEpoch") });

export const encodeAlterSyncStateSetResponse = (newSyncStateSetEpoch: number): ExtFieldsInit => ({ newSyncStateSetEpoch });

/** CONTROLLER_GET_REPLICA_INFO's header. */
export const encodeReplicaInfoHeader = (brokerName: string): ExtFieldsInit => ({ brokerName });

export const decodeReplicaInfoHeader = (ext: ExtFields): string => need(ext, "brokerName");

export interface ControllerMetaData {
  group: string;
  controllerLeaderId: string;
  controllerLeaderAddress: string;
  isLeader: boolean;
  /** ';'-separated on the wire. */
  peers: string[];
}

export const encodeControllerMetaData = (m: ControllerMetaData): ExtFieldsInit => ({
  group: m.group, controllerLeaderId: m.controllerLeaderId, controllerLeaderAddress: m.controllerLeaderAddress,
  isLeader: m.isLeader, peers: m.peers.join(";"),
});

export const decodeControllerMetaData = (e: ExtFields): ControllerMetaData => ({
  group: e.group ?? "", controllerLeaderId: e.controllerLeaderId ?? "", controllerLeaderAddress: e.controllerLeaderAddress ?? "",
  isLeader: e.isLeader === "true", peers: (e.peers ?? "").split(";").filter(Boolean),
});

/** CLEAN_BROKER_DATA's header (RocketMQ's CleanControllerBrokerDataRequestHeader). */
export interface CleanBrokerDataHeader {
  brokerName: string;
  clusterName?: string;
  brokerControllerIdsToClean?: string;
  isCleanLivingBroker: boolean;
}

export const encodeCleanBrokerDataHeader = (h: CleanBrokerDataHeader): ExtFieldsInit => ({
  brokerName: h.brokerName, clusterName: h.clusterName, brokerControllerIdsToClean: h.brokerControllerIdsToClean,
  isCleanLivingBroker: h.isCleanLivingBroker,
});

export const decodeCleanBrokerDataHeader = (ext: ExtFields): CleanBrokerDataHeader => ({
  brokerName: need(ext, "brokerName"), clusterName: ext.clusterName, brokerControllerIdsToClean: ext.brokerControllerIdsToClean,
  isCleanLivingBroker: optBool(ext, "isCleanLivingBroker", false),
});
