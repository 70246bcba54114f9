// The controller's keys (RocketMQ 5's ControllerConfig, issue 18): read by `mq controller` and, with
// enableControllerInNamesrv=true, by the NameServer that embeds it.
import { homedir } from "node:os";
import { join } from "node:path";
import { bool, int, long, oneOf, str } from "./spec.ts";

/** What the controller reads wherever it runs (the NameServer has its own listenPort and scan). */
export const controllerSharedKeys = {
  controllerType: oneOf(["DLedger", "jRaft", "etcd"], "DLedger",
    "etcd: the state in etcd (controllerEtcdEndpoints), one active controller among several; DLedger and jRaft: one controller, its state in SQLite (controllerStorePath), no Raft group"),
  controllerEtcdEndpoints: str("", "controllerType=etcd: etcd's client URLs, e.g. http://127.0.0.1:2379;http://127.0.0.1:22379"),
  controllerStorePath: str(() => join(homedir(), "DledgerController"), "directory of controller.db, the controller's state",
    { defaultText: "~/DledgerController", min: 1 }),
  enableElectUncleanMaster: bool(false, "elect a master outside the SyncStateSet when no member is alive (may lose messages)"),
  notifyBrokerRoleChanged: bool(true, "tell the brokers of a group at once when its master changes (NOTIFY_BROKER_ROLE_CHANGED)"),
  scanInactiveMasterInterval: long(5000, "period of the scan for groups without a live master", { unit: "ms", min: 100 }),
  controllerDLegerGroup: str("", "mq's controller has no Raft group", { ignored: true }),
  controllerDLegerPeers: str("", "mq's controller has no Raft group", { ignored: true }),
  controllerDLegerSelfId: str("", "mq's controller has no Raft group", { ignored: true }),
} as const;

export const controllerKeys = {
  // RocketMQ's controller answers brokers on its DLedger port (controllerDLegerPeers, 9878 in every
  // sample config); mq's listens there for the same requests.
  listenPort: int(9878, "remoting port brokers (controllerAddr) and mqadmin connect to", { min: 0, max: 65535 }),
  scanNotActiveBrokerInterval: long(5000, "period of the scan for brokers whose heartbeats stopped", { unit: "ms", min: 100 }),
  ...controllerSharedKeys,
} as const;
