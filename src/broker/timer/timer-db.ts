// <storePathRootDir>/timer.db (bun:sqlite, WAL, synchronous=NORMAL): the index of pending timer
// messages by due time, owned by the broker's timer service (the store's own files stay as they
// are). Only the rows due next are ever read, so a million pending timers cost disk, not memory.
//
//   timers(deliver_ms, queue_offset PK part, physical_offset)   one row per pending timer message
//     deliver_ms       TIMER_OUT_MS of the record
//     queue_offset     its offset in rmq_sys_wheel_timer queue 0 (checked on read: a commitlog
//                      cut back by a crash may reuse the physical offset)
//     physical_offset  where the record is in the commitlog
//   progress(key PK, value)   "enqueued": the next queue offset to index
//
// Rows and progress change in one transaction, so the index never holds a message twice nor
// skips one; a row is deleted only after its message was put to its real topic.
import { Database } from "bun:sqlite";

export interface TimerRow {
  deliverMs: number;
  queueOffset: number;
  physicalOffset: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS timers (
  deliver_ms INTEGER NOT NULL, queue_offset INTEGER NOT NULL, physical_offset INTEGER NOT NULL,
  PRIMARY KEY (deliver_ms, queue_offset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS progress (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

type Row = { deliver_ms: number; queue_offset: number; physical_offset: number };

export class TimerDb {
  private readonly db: Database;

  constructor(file: string) {
    this.db = new Database(file, { create: true, strict: true });
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec(SCHEMA);
  }

  /** The next timer-topic queue offset to index. */
  enqueuedOffset(): number {
    return this.db.query<{ value: number }, []>("SELECT value FROM progress WHERE key = 'enqueued'").get()?.value ?? 0;
  }

  /** Adds rows and moves the enqueue progress to nextOffset, atomically. */
  add(rows: readonly TimerRow[], nextOffset: number): void {
    const insert = this.db.query("INSERT OR IGNORE INTO timers (deliver_ms, queue_offset, physical_offset) VALUES (?, ?, ?)");
    const progress = this.db.query("INSERT INTO progress (key, value) VALUES ('enqueued', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    this.db.transaction(() => {
      for (const r of rows) insert.run(r.deliverMs, r.queueOffset, r.physicalOffset);
      progress.run(nextOffset);
    })();
  }

  /** At most `limit` rows due at or before nowMs, earliest first. */
  due(nowMs: number, limit: number): TimerRow[] {
    return this.db
      .query<Row, [number, number]>("SELECT deliver_ms, queue_offset, physical_offset FROM timers WHERE deliver_ms <= ? ORDER BY deliver_ms, queue_offset LIMIT ?")
      .all(nowMs, limit)
      .map((r) => ({ deliverMs: r.deliver_ms, queueOffset: r.queue_offset, physicalOffset: r.physical_offset }));
  }

  remove(rows: readonly TimerRow[]): void {
    const del = this.db.query("DELETE FROM timers WHERE deliver_ms = ? AND queue_offset = ?");
    this.db.transaction(() => {
      for (const r of rows) del.run(r.deliverMs, r.queueOffset);
    })();
  }

  /** Forgets rows at or past queue offset `from` (the timer queue was cut back) and rewinds progress. */
  truncate(from: number): void {
    this.db.transaction(() => {
      this.db.query("DELETE FROM timers WHERE queue_offset >= ?").run(from);
      this.db.query("UPDATE progress SET value = ? WHERE key = 'enqueued' AND value > ?").run(from, from);
    })();
  }

  /** The rows due exactly at deliverMs (a recall looks its message up among them). */
  dueAt(deliverMs: number): TimerRow[] {
    return this.db
      .query<Row, [number]>("SELECT deliver_ms, queue_offset, physical_offset FROM timers WHERE deliver_ms = ?")
      .all(deliverMs)
      .map((r) => ({ deliverMs: r.deliver_ms, queueOffset: r.queue_offset, physicalOffset: r.physical_offset }));
  }

  /** The earliest due time, or undefined when nothing is pending. */
  nextDueMs(): number | undefined {
    return this.db.query<{ at: number | null }, []>("SELECT MIN(deliver_ms) AS at FROM timers").get()?.at ?? undefined;
  }

  pendingCount(): number {
    return this.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM timers").get()?.n ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
