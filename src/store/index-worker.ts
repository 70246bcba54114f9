// The index worker: a Bun Worker that owns index.db's writer connection and an IndexBuilder,
// so building the message index costs the put path one postMessage per dispatch batch.
// Protocol (message-index.ts is the other side), processed in order:
//   → open {dbFile, commitLogDir, segmentBytes, end}   → indexTo {end}   → skipTo {offset}
//   → deleteBelow {offset}   → truncateFrom {offset} (the commitlog was cut there)   → drain {id}: reply drained {id} once everything told so far is indexed
//   → close {id}: drain, close the database, reply closed {id}
//   ← failed {reason}: the builder stopped (the store goes on; queries scan the unindexed tail)

import type { Database } from "bun:sqlite";
import os from "node:os";
import { IndexBuilder } from "./index-builder.ts";
import { deleteIndexBelow, openIndexDb, truncateIndex } from "./index-db.ts";
import type { ToIndexWorker } from "./message-index.ts";

declare const self: Worker;

/** Background work: on Linux the nice value is per thread, so this lowers only this worker and
 *  the put path keeps the CPU when both want it. */
const WORKER_NICE = 10;
try {
  os.setPriority(WORKER_NICE);
} catch {
  // not permitted here: run at normal priority
}

/** Time to let rows gather before a step when the builder is idle. */
const GATHER_MS = 2;

let db: Database | undefined;
let builder: IndexBuilder | undefined;
let target = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let failed = false;
const drains: { id: number; end: number; close: boolean }[] = [];

function run(): void {
  timer = undefined;
  if (!builder || failed) return;
  try {
    if (builder.step(target) && builder.indexedOffset < target) timer = setTimeout(run, 0);
  } catch (error) {
    failed = true;
    postMessage({ type: "failed", reason: String(error) });
  }
  answerDrains();
}

function answerDrains(): void {
  const reached = failed ? Number.MAX_SAFE_INTEGER : (builder?.indexedOffset ?? 0);
  while (drains.length > 0 && (drains[0] as { end: number }).end <= reached) {
    const drain = drains.shift() as { id: number; end: number; close: boolean };
    if (drain.close) {
      builder?.close();
      db?.close();
      db = undefined;
      builder = undefined;
      postMessage({ type: "closed", id: drain.id });
    } else {
      postMessage({ type: "drained", id: drain.id });
    }
  }
}

function schedule(delayMs: number): void {
  if (timer !== undefined && delayMs > 0) return;
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(run, delayMs);
}

self.onmessage = (event: MessageEvent<ToIndexWorker>): void => {
  const message = event.data;
  switch (message.type) {
    case "open":
      db = openIndexDb(message.dbFile);
      builder = new IndexBuilder(db, message.commitLogDir, message.segmentBytes);
      target = message.end;
      return schedule(0);
    case "indexTo":
      target = Math.max(target, message.end);
      return schedule(GATHER_MS);
    case "skipTo":
      builder?.skipTo(message.offset);
      target = Math.max(target, message.offset);
      return;
    case "truncateFrom":
      builder?.close(); // its open segment may be cut
      if (db && !failed) truncateIndex(db, message.offset);
      if (builder) builder.indexedOffset = Math.min(builder.indexedOffset, message.offset);
      target = Math.min(target, message.offset);
      return;
    case "deleteBelow":
      builder?.close(); // the segment it kept open may be among those deleted
      if (db && !failed) deleteIndexBelow(db, message.offset);
      return;
    case "drain":
    case "close":
      drains.push({ id: message.id, end: Math.max(target, builder?.indexedOffset ?? 0), close: message.type === "close" });
      answerDrains();
      return schedule(0);
  }
};
