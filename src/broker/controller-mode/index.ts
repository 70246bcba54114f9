// Controller mode on the broker side (RocketMQ 5's ReplicasManager, issue 18): the epoch file, the
// log's preparation before serving, and the agent that runs a Broker in the role the controller
// gives it.
import type { MasterInfo, SyncStateSet } from "../../common/index.ts";
import type { ReplicaRole } from "../replication/index.ts";
import type { EpochFile } from "./epoch-file.ts";

export { EpochFile, truncationPoint, type EpochStart } from "./epoch-file.ts";
export { prepareReplicaLog, registerReplicaHandlers } from "./replica-log.ts";

/** What a Broker started by the agent is told of its place in the group. */
export interface ControllerRole extends ReplicaRole {
  /** The controller made this broker its group's master (else it is a slave, following masterAddr when known). */
  master: boolean;
  masterEpoch: number;
  epochFile: EpochFile;
  onRoleChanged: (info: MasterInfo, syncStateSet: SyncStateSet) => void;
}
