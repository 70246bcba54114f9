export * from "./host-address.ts";
export * from "./java-hash.ts";
export * from "./properties.ts";
export * from "./crc.ts";
export * from "./int64.ts";
export * from "./record-codec.ts";
export * from "./batch-body.ts";
export * from "./msg-id.ts";
