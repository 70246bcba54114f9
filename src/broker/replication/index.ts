// Replication as the broker runs it: the HA services of its role and the metadata sync of a slave.
export { Replication, type BrokerHaKeys, type ReplicaRole, type ReplicationStatus } from "./replication.ts";
export { SlaveSync, type SlaveSyncOptions } from "./slave-sync.ts";
export { registerHaStatusHandler } from "./ha-status.ts";
export { reclaimOffsetsFromSlaves, type OffsetReclaimOptions } from "./offset-reclaim.ts";
export { startSlaveServices, type SlaveServices, type SlaveServicesOptions } from "./slave-services.ts";
