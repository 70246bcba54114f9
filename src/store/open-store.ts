// openStore: the file store's start-up, in order — lock the store directory (store-lock.ts: a
// second process on it is refused before it touches a file), open the commitlog, queues and meta.db,
// recover (recovery.ts), mark the store running (abort marker), start the flush, offset
// persistence and retention timers. close() undoes it in reverse.

import fs from "node:fs";
import path from "node:path";
import { assert } from "../common/index.ts";
import type { MessageStore, StoreOptions } from "./api.ts";
import { readCheckpoint, writeCheckpoint, writeCheckpointAsync } from "./checkpoint.ts";
import { CommitLog } from "./commit-log.ts";
import { Dispatcher } from "./dispatch.ts";
import { FlushService } from "./flush-service.ts";
import { MessageIndex } from "./message-index.ts";
import { openMetaDb } from "./meta-db.ts";
import { SqliteMetaStore } from "./meta-store.ts";
import { FileMessageStore } from "./message-store.ts";
import { QueueTable } from "./queue-table.ts";
import { recover } from "./recovery.ts";
import { runRetention } from "./retention.ts";
import { StoreLock } from "./store-lock.ts";

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
  const locked = StoreLock.acquire(options.rootDir, options.owner ?? "mq");
  if (locked.kind === "IN_USE") throw new Error(locked.message);
  if (locked.kind === "UNLOCKED") logger.warn(`store not locked against a second process: ${locked.reason}`);
  const lock = locked.kind === "LOCKED" ? locked.lock : undefined;
  try {
    return openLocked(options, logger, now, lock);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

function openLocked(options: StoreOptions, logger: ReturnType<StoreOptions["log"]["child"]>, now: () => number, lock: StoreLock | undefined): MessageStore {
  const abortFile = path.join(options.rootDir, "abort");
  const checkpointFile = path.join(options.rootDir, "checkpoint");
  const queueDir = path.join(options.rootDir, "consumequeue");
  const cleanExit = !fs.existsSync(abortFile);
  const queuesExisted = fs.existsSync(queueDir);
  fs.mkdirSync(queueDir, { recursive: true });

  const db = openMetaDb(path.join(options.rootDir, "meta.db"));
  const commitLogDir = options.commitLogDir ?? path.join(options.rootDir, "commitlog");
  const index = options.messageIndexEnable
    ? new MessageIndex(path.join(options.rootDir, "index.db"), commitLogDir, options.commitLogSegmentBytes, logger)
    : undefined;
  const log = new CommitLog(commitLogDir, options.commitLogSegmentBytes, logger);
  log.open();
  const queues = new QueueTable(queueDir, options.consumeQueueSegmentBytes);
  queues.load();
  const dispatcher = new Dispatcher(queues, index, options.delayLevelsMs, logger);
  const checkpoint = readCheckpoint(checkpointFile);
  recover({ log, queues, dispatcher, index, checkpoint, cleanExit, queuesExisted, checkCrc: options.checkCRCOnRecover, logger });
  fs.writeFileSync(abortFile, String(process.pid));

  // Every thorough flush: the fsyncs run on the thread pool, so a broker with thousands of queues
  // does not stop serving while they run; at close (sync), nothing else is waiting.
  const saveCheckpoint = async (sync: boolean): Promise<void> => {
    const dispatchedOffset = dispatcher.dispatchedOffset;
    if (sync) queues.sync();
    else await queues.syncAsync();
    const checkpoint = { flushedOffset: log.flushedOffset, dispatchedOffset, timestampMs: now() };
    if (sync) writeCheckpoint(checkpointFile, checkpoint);
    else await writeCheckpointAsync(checkpointFile, checkpoint);
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
  const retentionParts = { options, log, queues, index, now, logger };
  store = new FileMessageStore(
    { options, log, queues, dispatcher, index, db, meta, flush, now, onClose: () => {
      for (const timer of timers) clearInterval(timer);
      fs.rmSync(abortFile, { force: true });
      lock?.release();
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
