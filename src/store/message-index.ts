// The message index, store side. Building it runs in a Bun Worker (index-worker.ts) that reads
// the commitlog itself, so the put path only posts "dispatched up to end" once per batch.
// Promises:
// - query() reads index.db through this thread's own connection, in one snapshot with the
//   worker's indexedOffset; the caller scans the commitlog from there to the dispatched end
//   (key-query.ts), so a query sees every dispatched record without waiting for the worker.
// - Before start() (recovery) this thread may cut the index (truncateFrom); after it, only the
//   worker writes.
// - close() waits until the worker has indexed everything dispatched, then stops it. A worker
//   that fails or is killed loses nothing: the next start indexes from indexedOffset again.

import type { Database } from "bun:sqlite";
import { assert, MAGIC_BLANK, MAGIC_V1, MAGIC_V2, MessageSysFlag, type Logger } from "../common/index.ts";
import { RECORD_CONSTANTS } from "./index-builder.ts";
import { indexedOffsetOf, keyHashOf, openIndexDb, truncateIndex } from "./index-db.ts";

const common = { MAGIC_V1, MAGIC_V2, MAGIC_BLANK, ...MessageSysFlag };
for (const [name, value] of Object.entries(RECORD_CONSTANTS)) {
  assert(common[name as keyof typeof common] === value, `index-builder.ts's ${name} differs from common's`);
}

export type ToIndexWorker =
  | { type: "open"; dbFile: string; commitLogDir: string; segmentBytes: number; end: number }
  | { type: "indexTo"; end: number }
  | { type: "skipTo"; offset: number }
  | { type: "deleteBelow"; offset: number }
  | { type: "truncateFrom"; offset: number }
  | { type: "drain"; id: number }
  | { type: "close"; id: number };

type FromIndexWorker = { type: "drained" | "closed"; id: number } | { type: "failed"; reason: string };

export interface IndexHit {
  storeTimestamp: number;
  physicalOffset: number;
}

/** Where index-worker.ts is. From source: next to this file. In the compiled binary (`bun build
 *  --compile src/main.ts src/store/index-worker.ts`, see package.json) every module's
 *  import.meta.url is the binary's, and the worker is embedded under the entry points' common
 *  root (src/) as store/index-worker. */
function workerSpecifier(): string {
  const compiled = import.meta.url.startsWith("file:///$bunfs/");
  return compiled ? "./store/index-worker.ts" : new URL("./index-worker.ts", import.meta.url).href;
}

const NOTIFY_INTERVAL_MS = 20;

/** close() gives up waiting for the worker after this long (the next start re-indexes). */
const CLOSE_WAIT_MS = 60_000;

export class MessageIndex {
  private readonly db: Database;
  private worker: Worker | undefined;
  private failed = false;
  private end = 0;
  private notified = 0;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly replies = new Map<number, () => void>();

  constructor(
    private readonly dbFile: string,
    private readonly commitLogDir: string,
    private readonly segmentBytes: number,
    private readonly log: Logger,
  ) {
    this.db = openIndexDb(dbFile);
  }

  /** Every record below this is in index.db. */
  get indexedOffset(): number {
    return indexedOffsetOf(this.db);
  }

  /** The commitlog was cut at offset: rows past it go. Before start() (recovery) this thread
   *  cuts index.db itself; after it the worker does, in order with what it was told before. */
  truncateFrom(offset: number): void {
    if (this.worker === undefined) return truncateIndex(this.db, offset);
    this.end = Math.min(this.end, offset);
    this.notified = Math.min(this.notified, offset);
    this.post({ type: "truncateFrom", offset });
  }

  start(): void {
    const worker = new Worker(workerSpecifier());
    worker.onmessage = (event: MessageEvent<FromIndexWorker>) => this.onReply(event.data);
    worker.onerror = (event) => this.onFailure(String(event.message));
    worker.unref();
    this.worker = worker;
    this.post({ type: "open", dbFile: this.dbFile, commitLogDir: this.commitLogDir, segmentBytes: this.segmentBytes, end: this.end });
    this.notified = this.end;
  }

  /** Records below end are dispatched: the worker may index them. Told at most every
   *  NOTIFY_INTERVAL_MS (a postMessage per batch cost the put path ~10% of its time, and a
   *  transaction per notice cost the worker ~20 µs a message at 2,000 msg/s); queries scan the
   *  records not indexed yet, so a later index misses nothing. */
  indexTo(end: number): void {
    if (end <= this.end) return;
    this.end = end;
    this.notifyTimer ??= setTimeout(() => this.notify(), NOTIFY_INTERVAL_MS);
  }

  private notify(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    if (this.end > this.notified) this.post({ type: "indexTo", end: this.end });
    this.notified = this.end;
  }

  /** Nothing below offset will ever be indexed (a replica starting mid-log). */
  skipTo(offset: number): void {
    this.post({ type: "skipTo", offset });
  }

  deleteBelow(offset: number): void {
    this.post({ type: "deleteBelow", offset });
  }

  /** Indexed hits for hash(topic#key) in [beginMs, endMs], newest first, at most maxCount (hash
   *  collisions included), and the offset from which the index has nothing yet. */
  query(topic: string, key: string, maxCount: number, beginMs: number, endMs: number): { hits: IndexHit[]; indexedOffset: number } {
    return this.db.transaction(() => {
      const indexedOffset = indexedOffsetOf(this.db);
      const hits = this.db
        .query<IndexHit, [number, number, number, number, number, number]>(
          "SELECT m.store_timestamp AS storeTimestamp, m.physical_offset AS physicalOffset " +
            "FROM index_buckets b CROSS JOIN message_index m ON m.bucket = b.bucket AND m.key_hash = ? AND m.store_timestamp BETWEEN ? AND ? " +
            "WHERE b.max_timestamp >= ? AND b.min_timestamp <= ? ORDER BY m.store_timestamp DESC, m.physical_offset DESC LIMIT ?",
        )
        .all(keyHashOf(topic, key), beginMs, endMs, beginMs, endMs, maxCount);
      return { hits, indexedOffset };
    })();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.notify();
    if (worker && !this.failed) {
      worker.ref();
      const id = this.nextId++;
      const closed = new Promise<void>((resolve) => this.replies.set(id, resolve));
      this.post({ type: "close", id });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
      await Promise.race([closed, gaveUp]);
      clearTimeout(timer);
    }
    worker?.terminate();
    this.worker = undefined;
    this.db.close();
  }

  private post(message: ToIndexWorker): void {
    this.worker?.postMessage(message);
  }

  private onReply(reply: FromIndexWorker): void {
    if (reply.type === "failed") return this.onFailure(reply.reason);
    this.replies.get(reply.id)?.();
    this.replies.delete(reply.id);
  }

  /** The index stops growing; queries still see every record (they scan the unindexed tail). */
  private onFailure(reason: string): void {
    this.failed = true;
    this.log.error("the message index worker failed; queries scan the commitlog past it", { reason });
    for (const resolve of this.replies.values()) resolve();
    this.replies.clear();
  }
}
