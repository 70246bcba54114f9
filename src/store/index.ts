// The store's public surface: the contract (api.ts) and openStore. Everything else in
// src/store is private to it.
export type * from "./api.ts";
export { openStore } from "./open-store.ts";
export { realDisk } from "./disk.ts";
export { MemoryDisk } from "./memory-disk.ts";
export { PowerLossDisk } from "./power-loss-disk.ts";
