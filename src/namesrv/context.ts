// What every NameServer handler works on.
import type { Logger } from "../common/index.ts";
import type { KvConfig } from "./kv-config.ts";
import type { RouteRegistry } from "./route-registry.ts";

export interface NamesrvContext {
  registry: RouteRegistry;
  kv: KvConfig;
  /** Serve ORDER_TOPIC_CONFIG entries as orderTopicConf in routes. */
  orderMessageEnable: boolean;
  log: Logger;
}

/** RocketMQ V4_9_4: requesters at or above it get standard JSON (quoted brokerId keys). */
export const STANDARD_JSON_VERSION_MIN = 401;
