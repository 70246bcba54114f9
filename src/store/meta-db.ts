// <rootDir>/meta.db (bun:sqlite, WAL, synchronous=FULL): metadata tables. (The message index lives in index.db,
// index-db.ts; a message_index table left here by older versions is dropped.)
//
//   topics(name PK, json)                 TopicConfig as JSON
//   subscription_groups(name PK, json)    SubscriptionGroupConfig as JSON
//   consumer_offsets(consumer_group, topic, queue_id, offset)   PK (group, topic, queue_id)
//   delay_offsets(level PK, offset)
//   kv(key PK, value)                     topic data version, index progress
//   auth_users(name PK, json)             ACL 2.0 users (UserInfo JSON, password included)
//   auth_acls(name PK, json)              ACL 2.0 ACLs by subject (AclInfo JSON)

import { Database } from "bun:sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS topics (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscription_groups (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS consumer_offsets (
  consumer_group TEXT NOT NULL, topic TEXT NOT NULL, queue_id INTEGER NOT NULL, offset INTEGER NOT NULL,
  PRIMARY KEY (consumer_group, topic, queue_id));
CREATE TABLE IF NOT EXISTS delay_offsets (level INTEGER PRIMARY KEY, offset INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_users (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_acls (name TEXT PRIMARY KEY, json TEXT NOT NULL);
DROP TABLE IF EXISTS message_index;
`;

export function openMetaDb(file: string): Database {
  const db = new Database(file, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: a commit fsyncs the WAL, so a topic or group is on disk before its admin reply (NORMAL
  // lost a topic made by updateTopic to a power cut, leaving its messages unreachable). Offsets
  // are written here only every flushConsumerOffsetInterval, so the fsync costs little.
  db.exec("PRAGMA synchronous = FULL");
  db.exec(SCHEMA);
  return db;
}

export function kvGet(db: Database, key: string): string | undefined {
  return db.query<{ value: string }, [string]>("SELECT value FROM kv WHERE key = ?").get(key)?.value;
}

export function kvSet(db: Database, key: string, value: string): void {
  db.query("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}
