// The store's public surface: the contract (api.ts) and openStore. Everything else in
// src/store is private to it.
export type * from "./api.ts";
export { openStore } from "./open-store.ts";
