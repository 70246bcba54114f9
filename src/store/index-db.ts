// <rootDir>/index.db (bun:sqlite, WAL): the message index (RocketMQ's IndexFile), written only by
// the index worker (index-worker.ts) and read by queryByKey on the store's thread.
//
//   message_index(bucket, key_hash, store_timestamp, physical_offset)   one B-tree (WITHOUT ROWID)
//       bucket   = physical_offset / 16 MiB: new rows land in the newest bucket's few pages, so a
//                  transaction of thousands of rows rewrites a few hundred pages, not one page a
//                  row (random key hashes first made each insert touch its own leaf page)
//       key_hash = 53-bit hash of the UTF-8 bytes of "topic#key" (keyHash below)
//   index_buckets(bucket PK, min_timestamp, max_timestamp)   which buckets a time range needs
//   kv(key PK, value)   "indexedOffset": every record below it is indexed (same transaction as
//                       its rows)

import { Database } from "bun:sqlite";

export const BUCKET_BYTES = 16 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS index_buckets (
  bucket INTEGER PRIMARY KEY, min_timestamp INTEGER NOT NULL, max_timestamp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS message_index (
  bucket INTEGER NOT NULL, key_hash INTEGER NOT NULL, store_timestamp INTEGER NOT NULL, physical_offset INTEGER NOT NULL,
  PRIMARY KEY (bucket, key_hash, store_timestamp, physical_offset)) WITHOUT ROWID;
`;

/** The index is derived data (rebuilt from the commitlog after a loss), so commits skip fsync. */
export function openIndexDb(file: string): Database {
  const db = new Database(file, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}

export function indexedOffsetOf(db: Database): number {
  const row = db.query<{ value: string }, []>("SELECT value FROM kv WHERE key = 'indexedOffset'").get();
  return Number(row?.value ?? 0);
}

export function setIndexedOffset(db: Database, offset: number): void {
  db.query("INSERT INTO kv (key, value) VALUES ('indexedOffset', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
    String(offset),
  );
}

/** Rows at or past offset are dropped (the commitlog was cut there) and indexedOffset follows. */
export function truncateIndex(db: Database, offset: number): void {
  db.transaction(() => {
    db.query("DELETE FROM message_index WHERE bucket >= ? AND physical_offset >= ?").run(Math.floor(offset / BUCKET_BYTES), offset);
    if (indexedOffsetOf(db) > offset) setIndexedOffset(db, offset);
  })();
}

/** Drops every bucket wholly below offset (retention deleted those commitlog segments). */
export function deleteIndexBelow(db: Database, offset: number): void {
  const bucket = Math.floor(offset / BUCKET_BYTES);
  db.transaction(() => {
    db.query("DELETE FROM message_index WHERE bucket < ?").run(bucket);
    db.query("DELETE FROM index_buckets WHERE bucket < ?").run(bucket);
  })();
}

// keyHash: FNV-1a (32 bits) and a second multiplicative hash (21 bits) over the same bytes.
// Hits are checked against the record, so a collision costs a read, never a wrong answer.
const FNV_PRIME = 0x01000193;
const ALT_PRIME = 0x5bd1e995;
const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x2f6b1d3b;
const HASH = 0x23; // '#'

export interface HashState {
  a: number;
  b: number;
}

/** The hash state after the bytes of "topic#". */
export function topicHashState(bytes: Uint8Array, from: number, to: number): HashState {
  const state = hashInto({ a: SEED_A, b: SEED_B }, bytes, from, to);
  state.a = Math.imul(state.a ^ HASH, FNV_PRIME);
  state.b = Math.imul(state.b ^ HASH, ALT_PRIME);
  return state;
}

function hashInto(state: HashState, bytes: Uint8Array, from: number, to: number): HashState {
  let a = state.a;
  let b = state.b;
  for (let i = from; i < to; i++) {
    const byte = bytes[i] as number;
    a = Math.imul(a ^ byte, FNV_PRIME);
    b = Math.imul(b ^ byte, ALT_PRIME) ^ (b >>> 15);
  }
  return { a, b };
}

/** The 53-bit key hash of "topic#" (as a state) followed by the key's bytes. */
export function keyHash(topic: HashState, bytes: Uint8Array, from: number, to: number): number {
  const { a, b } = hashInto(topic, bytes, from, to);
  return (a >>> 0) * 0x200000 + ((b >>> 11) & 0x1fffff);
}

const utf8 = new TextEncoder();

export function keyHashOf(topic: string, key: string): number {
  const topicBytes = utf8.encode(topic);
  const keyBytes = utf8.encode(key);
  return keyHash(topicHashState(topicBytes, 0, topicBytes.length), keyBytes, 0, keyBytes.length);
}
