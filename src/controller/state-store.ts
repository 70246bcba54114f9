// The controller's persisted state: one row per broker group in <controllerStorePath>/controller.db
// (bun:sqlite, WAL, synchronous=FULL), written in one transaction per change, so a group's
// master, MasterEpoch, SyncStateSet and broker ids survive the controller's restart.
//
//   groups(broker_name PK, json)    GroupState as JSON
//
// Promises: save() returns once the row is durable; load() returns every group saved.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { GroupState } from "./group-state.ts";

/** Where a controller keeps its state: SQLite (this file) or etcd (etcd-state.ts). save() resolves
 *  once the change is durable, or rejects (a BrokerError for the requester) and nothing changed. */
export interface ControllerStateStore {
  load(): GroupState[] | Promise<GroupState[]>;
  save(group: GroupState): void | Promise<void>;
  /** Forgets a group (CLEAN_BROKER_DATA), durably as save(). */
  remove(brokerName: string): void | Promise<void>;
  close(): void | Promise<void>;
}

export function openSqliteStateStore(dir: string): ControllerStateStore {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, "controller.db"), { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("CREATE TABLE IF NOT EXISTS groups (broker_name TEXT PRIMARY KEY, json TEXT NOT NULL)");
  const upsert = db.query("INSERT INTO groups (broker_name, json) VALUES (?, ?) ON CONFLICT (broker_name) DO UPDATE SET json = excluded.json");
  const remove = db.query("DELETE FROM groups WHERE broker_name = ?");
  return {
    load: () => db.query<{ json: string }, []>("SELECT json FROM groups ORDER BY broker_name").all().map((r) => JSON.parse(r.json) as GroupState),
    save: (group) => void db.transaction(() => upsert.run(group.brokerName, JSON.stringify(group)))(),
    remove: (brokerName) => void db.transaction(() => remove.run(brokerName))(),
    close: () => db.close(),
  };
}
