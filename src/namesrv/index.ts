// The NameServer role.
export { NameServer, NAMESRV_BOOT_MESSAGE, type NamesrvOptions, type NamesrvPlugin } from "./name-server.ts";
export { RouteRegistry, type BrokerChannel, type BrokerRegistration } from "./route-registry.ts";
export { KvConfig } from "./kv-config.ts";
export { namesrvHandlers } from "./handler-table.ts";
export type { NamesrvContext } from "./context.ts";
