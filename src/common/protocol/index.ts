// JSON body types shared by namesrv, broker, client and admin, with their codecs.
export * from "./fastjson.ts";
export * from "./header-fields.ts";
export * from "./data-version.ts";
export * from "./route.ts";
export * from "./register-broker.ts";
export * from "./namesrv-headers.ts";
export * from "./kv-table.ts";
export * from "./heartbeat.ts";
export * from "./stats.ts";
export * from "./connection.ts";
export * from "./broker-stats.ts";
export * from "./ha-runtime-info.ts";
export * from "./pull-header.ts";
export { asFields, fieldsOf, malformed, type Fields } from "./shape.ts";
