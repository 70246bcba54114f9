// The message index (RocketMQ's IndexFile, kept in meta.db): one row per UNIQ_KEY and per
// space-separated KEYS entry, for query by key within a store-time range. Rows are buffered off
// the put path and written in one transaction every few milliseconds (or every 2000 rows),
// together with indexedOffset, so the table always covers exactly the records below it.

import type { Database } from "bun:sqlite";
import { MessageProperty, MessageSysFlag, propertyOf } from "../common/index.ts";
import { kvGet, kvSet } from "./meta-db.ts";
import type { DispatchRequest } from "./dispatch.ts";

const FLUSH_DELAY_MS = 5;
const FLUSH_ROWS = 2000;
type Row = [topic: string, key: string, physicalOffset: number, storeTimestamp: number];

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
    if (uniqKey) this.pending.push([topic, uniqKey, physicalOffset, storeTimestamp]);
    const keys = propertyOf(properties, MessageProperty.KEYS);
    if (keys) {
      for (const key of keys.split(" ")) if (key.length > 0) this.pending.push([topic, key, physicalOffset, storeTimestamp]);
    }
    if (this.pending.length >= FLUSH_ROWS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    const end = this.pendingEnd;
    this.pending = [];
    const insert = this.db.query(
      "INSERT INTO message_index (topic, key, physical_offset, store_timestamp) VALUES (?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const row of rows) insert.run(...row);
      kvSet(this.db, "indexedOffset", String(end));
    })();
  }

  /** Physical offsets of records of topic indexed under key, stored in [beginMs, endMs], newest first. */
  query(topic: string, key: string, maxCount: number, beginMs: number, endMs: number): number[] {
    this.flush();
    return this.db
      .query<{ physical_offset: number }, [string, string, number, number, number]>(
        "SELECT physical_offset FROM message_index WHERE topic = ? AND key = ? AND store_timestamp BETWEEN ? AND ? " +
          "ORDER BY store_timestamp DESC, physical_offset DESC LIMIT ?",
      )
      .all(topic, key, beginMs, endMs, maxCount)
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

  deleteTopic(topic: string): void {
    this.flush();
    this.db.query("DELETE FROM message_index WHERE topic = ?").run(topic);
  }

  close(): void {
    this.flush();
  }
}
