// openStore: the file store's start-up, in order — lock the store directory (store-lock.ts: a
// second process on it is refused before it touches a file), open the commitlog, queues and meta.db,
// recover (recovery.ts), mark the store running (abort marker), start the flush, offset
// persistence and retention timers. close() undoes it in reverse.

import path from "node:path";
import { assert, type Logger } from "../common/index.ts";
import type { MessageStore, StoreOptions } from "./api.ts";
import { readCheckpoint, writeCheckpoint, writeCheckpointAsync, type Checkpoint } from "./checkpoint.ts";
import { CommitLog } from "./commit-log.ts";
import { realDisk, type Disk } from "./disk.ts";
import { isOutOfSpace } from "./disk-space.ts";
import { Dispatcher } from "./dispatch.ts";
import { FlushService } from "./flush-service.ts";
import { MessageIndex } from "./message-index.ts";
import { openMetaDb } from "./meta-db.ts";
import { SqliteMetaStore } from "./meta-store.ts";
import { FileMessageStore } from "./message-store.ts";
import { QueueTable } from "./queue-table.ts";
import { recover } from "./recovery.ts";
import { runRetention } from "./retention.ts";
import type { HeldLock } from "./store-lock.ts";

function checkOptions(options: StoreOptions): void {
  assert(options.commitLogSegmentBytes >= 4096, "commitLogSegmentBytes must be at least 4096");
  assert(options.consumeQueueSegmentBytes % 20 === 0, "consumeQueueSegmentBytes must be a multiple of 20");
  assert(options.maxMessageSizeBytes > 0, "maxMessageSizeBytes must be positive");
  assert(options.flushIntervalMs > 0 && options.cleanResourceIntervalMs > 0, "intervals must be positive");
}

export async function openStore(options: StoreOptions): Promise<MessageStore> {
  checkOptions(options);
  const logger = options.log.child("store");
  const now = options.now ?? Date.now;
  const disk = options.disk ?? realDisk;
  const locked = disk.lock(options.rootDir, options.owner ?? "mq");
  if (locked.kind === "IN_USE") throw new Error(locked.message);
  if (locked.kind === "UNLOCKED") logger.warn(`store not locked against a second process: ${locked.reason}`);
  const lock = locked.kind === "LOCKED" ? locked.lock : undefined;
  try {
    return openLocked(options, disk, logger, now, lock);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** The abort marker says the store is running; it is synced, so a power cut cannot lose it and
 *  make the next start take a crash for a clean stop. */
function markRunning(disk: Disk, abortFile: string): void {
  const file = disk.create(abortFile);
  try {
    file.write(new TextEncoder().encode(String(process.pid)), 0);
    file.syncNow();
  } finally {
    file.close();
  }
}

/** A checkpoint past the recovered end of the commitlog (its tail lost, or cut at a bad record)
 *  is brought back to it, durably, before anything is written there: left as it was, the next
 *  recovery would start scanning in the middle of the records written next. */
function clampCheckpoint(disk: Disk, file: string, checkpoint: Checkpoint, end: number, nowMs: number): void {
  if (checkpoint.flushedOffset <= end && checkpoint.dispatchedOffset <= end) return;
  const clamped = { flushedOffset: Math.min(checkpoint.flushedOffset, end), dispatchedOffset: Math.min(checkpoint.dispatchedOffset, end), timestampMs: nowMs };
  writeCheckpoint(disk, file, clamped);
}

function openLocked(options: StoreOptions, disk: Disk, logger: Logger, now: () => number, lock: HeldLock | undefined): MessageStore {
  const abortFile = path.join(options.rootDir, "abort");
  const checkpointFile = path.join(options.rootDir, "checkpoint");
  const queueDir = path.join(options.rootDir, "consumequeue");
  const cleanExit = !disk.exists(abortFile);
  const queuesExisted = disk.exists(queueDir);
  disk.mkdir(queueDir);

  // Files the disk seam does not cover (disk.ts): SQLite, and the index worker reading by path.
  const db = openMetaDb(disk.realFiles ? path.join(options.rootDir, "meta.db") : ":memory:");
  const commitLogDir = options.commitLogDir ?? path.join(options.rootDir, "commitlog");
  const index = options.messageIndexEnable && disk.realFiles
    ? new MessageIndex(path.join(options.rootDir, "index.db"), commitLogDir, options.commitLogSegmentBytes, logger)
    : undefined;
  const log = new CommitLog(disk, commitLogDir, options.commitLogSegmentBytes, logger);
  log.open();
  const queues = new QueueTable(disk, queueDir, options.consumeQueueSegmentBytes);
  queues.load();
  const dispatcher = new Dispatcher(queues, index, options.delayLevelsMs, logger);
  const checkpoint = readCheckpoint(disk, checkpointFile);
  const { end } = recover({ log, queues, dispatcher, index, checkpoint, cleanExit, queuesExisted, checkCrc: options.checkCRCOnRecover, logger });
  if (checkpoint) clampCheckpoint(disk, checkpointFile, checkpoint, end, now());
  markRunning(disk, abortFile);

  // Every thorough flush: the fsyncs run on the thread pool, so a broker with thousands of queues
  // does not stop serving while they run; at close (sync), nothing else is waiting.
  const saveCheckpoint = async (sync: boolean): Promise<void> => {
    const dispatchedOffset = dispatcher.dispatchedOffset;
    try {
      if (sync) queues.sync();
      else await queues.syncAsync();
    } catch (error) {
      // A full disk is not a failed fsync: the entries stay buffered and are written at the next
      // flush; the checkpoint stays where it was, so recovery re-dispatches what it does not cover.
      if (!isOutOfSpace(error)) throw error;
      logger.warn("consume queues not written: the disk is full; they are written at the next flush", { error: String(error) });
      return;
    }
    const checkpoint = { flushedOffset: log.flushedOffset, dispatchedOffset, timestampMs: now() };
    if (sync) writeCheckpoint(disk, checkpointFile, checkpoint);
    else await writeCheckpointAsync(disk, checkpointFile, checkpoint);
  };
  const timers: ReturnType<typeof setInterval>[] = [];
  const meta = new SqliteMetaStore(db, now);
  let store: FileMessageStore | undefined;
  const flush = new FlushService(
    log,
    { ...options, asyncFlush: options.flushDiskType === "ASYNC_FLUSH" },
    saveCheckpoint,
    (reason) => store?.failWrite(reason),
  );
  const retentionParts = { options, disk, log, queues, index, now, logger };
  store = new FileMessageStore(
    { options, disk, log, queues, dispatcher, index, db, meta, flush, now, onClose: (clean) => {
      for (const timer of timers) clearInterval(timer);
      try {
        if (clean) disk.remove(abortFile);
      } finally {
        lock?.release();
      }
    } },
    (manual) => runRetention(retentionParts, manual),
  );
  const opened = store;
  flush.start();
  timers.push(setInterval(() => meta.persist(), options.flushConsumerOffsetIntervalMs));
  timers.push(setInterval(() => opened.runRetention(false), options.cleanResourceIntervalMs));
  opened.runRetention(false);
  return opened;
}
