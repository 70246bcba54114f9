// The broker role's surface.
export { Broker, type BrokerInit, type BrokerDeps } from "./broker.ts";
export { ControllerAgent, type ControllerModeKeys } from "./controller-mode/agent.ts";
export { requestKindsOf, type BrokerFlowKeys } from "./request-kinds.ts";
export { parseDelayLevels, storeOptionsOf, type BrokerStoreKeys, type BrokerConfigKeys } from "./store-options.ts";
export type {
  BrokerOptions,
  BrokerContext,
  TopicTable,
  GroupTable,
  ClientRegistry,
  HandlerRegistry,
} from "./context.ts";
export { encodeSendHeaderV2, decodeSendHeaderV2, type SendHeader } from "./send/index.ts";
export { REGISTER_PERIOD_MS_MIN, REGISTER_PERIOD_MS_MAX } from "./registration/index.ts";
export { BrokerMeters, brokerRegistry, consumerLag, type MessageType } from "./metrics/index.ts";
