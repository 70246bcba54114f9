// Master/slave replication over RocketMQ 4.x's HA protocol, on top of the store's public API.
export { HaMaster, type HaMasterOptions, type ReplicaState } from "./ha-master.ts";
export { HaSlave, type HaSlaveOptions, type HaSlaveState } from "./ha-slave.ts";
export { GroupTransfer, type SlaveStatus } from "./group-transfer.ts";
export type { SlaveState } from "./ha-connection.ts";
export { identityReport, encodeReport, encodeTransferHeader, ReportReader, TransferDecoder, REPORT_BYTES, TRANSFER_HEADER_BYTES, type Transfer } from "./wire.ts";
