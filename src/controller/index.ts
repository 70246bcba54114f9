// The controller role (RocketMQ 5's controller mode, issue 18): masters, SyncStateSets and epochs
// of every broker group, and the elections.
export { Controller, UPDATABLE_KEYS, type ControllerOptions } from "./controller.ts";
export { openSqliteStateStore, type ControllerStateStore } from "./state-store.ts";
export type { GroupState, BrokerRecord } from "./group-state.ts";
export { ControllerServer, type ControllerServerOptions } from "./controller-server.ts";
export { EtcdState, type EtcdStateOptions } from "./etcd-state.ts";
export { stateOf } from "./state-of.ts";
