// Where a controller keeps its state, from its keys: etcd (controllerType=etcd, several
// controllers, one active) or SQLite in controllerStorePath (the default: one controller).
import type { Logger } from "../common/index.ts";
import type { Leadership } from "./controller.ts";
import { EtcdState } from "./etcd-state.ts";
import type { ControllerStateStore } from "./state-store.ts";

export interface StateKeys {
  controllerType: string;
  controllerEtcdEndpoints: string;
  log: Logger;
}

export function stateOf(o: StateKeys, address: string): { stateStore?: ControllerStateStore; leadership?: Leadership } {
  if (o.controllerType !== "etcd") return {};
  const etcd = new EtcdState({ endpoints: o.controllerEtcdEndpoints, self: address, log: o.log.child("etcd") });
  return { stateStore: etcd, leadership: etcd };
}
