// The message index (RocketMQ's IndexFile, kept in meta.db): one row per UNIQ_KEY and per
// space-separated KEYS entry, for query by key within a store-time range. Like RocketMQ's it
// stores a hash of "topic#key", not the key: rows are three integers, cheap to insert, and
// the store checks each hit against the record (a collision is dropped there). Rows are
// buffered off the put path and written in one transaction every few milliseconds (or every
// 8000 rows), together with indexedOffset, so the table always covers exactly the records
// below it.

import type { Database } from "bun:sqlite";
import { javaStringHash, MessageProperty, MessageSysFlag, propertyOf } from "../common/index.ts";
import { kvGet, kvSet } from "./meta-db.ts";
import type { DispatchRequest } from "./dispatch.ts";

const FLUSH_DELAY_MS = 10;
const FLUSH_ROWS = 8000;
const ROWS_PER_INSERT = 200;
type Row = [keyHash: number, storeTimestamp: number, physicalOffset: number];

/** 53-bit hash of "topic#key": Java's String.hashCode in the high 32 bits, FNV-1a in the low 21. */
export function indexKeyHash(topic: string, key: string): number {
  const text = topic + "#" + key;
  let fnv = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) fnv = Math.imul(fnv ^ text.charCodeAt(i), 0x01000193);
  return javaStringHash(text) * 0x200000 + ((fnv >>> 0) & 0x1fffff);
}

export class MessageIndex {
  /** Records below this offset are indexed (committed or buffered). */
  indexedOffset: number;
  private pending: Row[] = [];
  private pendingEnd: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly db: Database) {
    this.indexedOffset = Number(kvGet(db, "indexedOffset") ?? 0);
    this.pendingEnd = this.indexedOffset;
  }

  add(request: DispatchRequest): void {
    this.indexedOffset = request.physicalOffset + request.size;
    this.pendingEnd = this.indexedOffset;
    if ((request.sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_ROLLBACK) return;
    const { topic, physicalOffset, storeTimestamp, properties } = request;
    const uniqKey = propertyOf(properties, MessageProperty.UNIQ_KEY);
    if (uniqKey) this.pending.push([indexKeyHash(topic, uniqKey), storeTimestamp, physicalOffset]);
    const keys = propertyOf(properties, MessageProperty.KEYS);
    if (keys) {
      for (const key of keys.split(" ")) {
        if (key.length > 0) this.pending.push([indexKeyHash(topic, key), storeTimestamp, physicalOffset]);
      }
    }
    if (this.pending.length >= FLUSH_ROWS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending.sort((a, b) => a[0] - b[0]); // B-tree pages touched in order
    const end = this.pendingEnd;
    this.pending = [];
    const insertOne = this.db.query("INSERT OR IGNORE INTO message_index VALUES (?, ?, ?)");
    const insertMany = this.db.query(`INSERT OR IGNORE INTO message_index VALUES ${"(?, ?, ?), ".repeat(ROWS_PER_INSERT - 1)}(?, ?, ?)`);
    this.db.transaction(() => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) insertMany.run(...rows.slice(i, i + ROWS_PER_INSERT).flat());
      for (; i < rows.length; i++) insertOne.run(...(rows[i] as Row));
      kvSet(this.db, "indexedOffset", String(end));
    })();
  }

  /** Physical offsets indexed under hash(topic#key), stored in [beginMs, endMs], newest first;
   *  may include hash collisions, which the caller drops by checking the record. */
  query(topic: string, key: string, maxCount: number, beginMs: number, endMs: number): number[] {
    this.flush();
    return this.db
      .query<{ physical_offset: number }, [number, number, number, number]>(
        "SELECT physical_offset FROM message_index WHERE key_hash = ? AND store_timestamp BETWEEN ? AND ? " +
          "ORDER BY store_timestamp DESC, physical_offset DESC LIMIT ?",
      )
      .all(indexKeyHash(topic, key), beginMs, endMs, maxCount)
      .map((row) => row.physical_offset);
  }

  /** Drops rows at or past offset (recovery cut the commitlog there). */
  truncateFrom(offset: number): void {
    this.flush();
    this.db.query("DELETE FROM message_index WHERE physical_offset >= ?").run(offset);
    if (this.indexedOffset > offset) this.indexedOffset = offset;
    this.pendingEnd = this.indexedOffset;
    kvSet(this.db, "indexedOffset", String(this.indexedOffset));
  }

  /** Moves indexedOffset back so the next dispatch re-indexes from offset. */
  rewindTo(offset: number): void {
    this.truncateFrom(offset);
  }

  deleteBelow(offset: number): void {
    this.db.query("DELETE FROM message_index WHERE physical_offset < ?").run(offset);
  }

  close(): void {
    this.flush();
  }
}
