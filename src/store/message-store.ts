// The file store: CommitLog + consume queues + dispatch + flush + meta, behind MessageStore.
// Puts that arrive in the same tick are written together (append-batch.ts) in a microtask,
// dispatched at once, and resolved after the write (ASYNC_FLUSH) or the group fsync
// (SYNC_FLUSH). Built and recovered by openStore (open-store.ts).

import type { Database } from "bun:sqlite";
import { assert, decodeRecord, RECORD_FIXED_BYTES, MessageProperty, physicalOffset, propertyOf, queueOffset, type PhysicalOffset, type QueueOffset } from "../common/index.ts";
import type {
  DispatchEvent, GetResult, MessageFilter, MessageStore, MessageToStore, PutResult, PutRefused, QueueEntries, RetentionReport, StoreDiskUsage,
  StoreOptions, StoreRuntimeInfo,
} from "./api.ts";
import { BatchBuffer, msgIdsOf, undoPoint, writeBatch, type PendingPut, type UndoPoint } from "./append-batch.ts";
import type { CommitLog } from "./commit-log.ts";
import type { Disk } from "./disk.ts";
import { dispatchRequestOf, type Dispatcher } from "./dispatch.ts";
import type { FlushOutcome, FlushService } from "./flush-service.ts";
import { checkReadRecord, getMessages } from "./get-messages.ts";
import { ReadBuffers } from "./read-buffers.ts";
import { offsetsByKey } from "./key-query.ts";
import type { MessageIndex } from "./message-index.ts";
import type { SqliteMetaStore } from "./meta-store.ts";
import { prepareAll } from "./put-request.ts";
import type { QueueTable } from "./queue-table.ts";
import { cleanExpiredQueues, cleanUnusedTopics, queueEntries } from "./queue-maintenance.ts";
import { offsetByTime, storeTimeOfEntry } from "./queue-queries.ts";
import { DiskSpaceGuard, isOutOfSpace } from "./disk-space.ts";
import { ReadFaults } from "./read-faults.ts";
import { checkRecord, scanRecords } from "./record-scan.ts";
import { truncateStore } from "./truncate.ts";

export interface StoreParts {
  options: StoreOptions;
  disk: Disk;
  log: CommitLog;
  queues: QueueTable;
  dispatcher: Dispatcher;
  index: MessageIndex | undefined;
  db: Database;
  meta: SqliteMetaStore;
  flush: FlushService;
  now: () => number;
  /** Runs at close, after the last flush (clean: it succeeded): timers, abort marker, lock. */
  onClose: (clean: boolean) => void;
}

interface Waiting {
  put: PendingPut;
  resolve: (result: PutResult) => void;
}

export class FileMessageStore implements MessageStore {
  readonly meta: SqliteMetaStore;
  /** Refuses puts while the disk is above diskSpaceWarningLevelRatio (measured on the put path too). */
  private readonly space: DiskSpaceGuard;
  private failure: PutRefused | undefined;
  private closed = false;
  private waiting: Waiting[] = [];
  private lastStoreTimestamp = 0;
  private readonly buffer = new BatchBuffer();
  private readonly readBuffers = new ReadBuffers();
  private readonly stats = { putTimes: 0, putBytes: 0, getTimes: 0 };
  /** Records found corrupt on read: skipped, counted, logged once per segment. */
  private readonly faults: ReadFaults;

  constructor(
    private readonly parts: StoreParts,
    private readonly retention: (manual: boolean) => RetentionReport,
  ) {
    this.meta = parts.meta;
    this.faults = new ReadFaults(parts.options.log, (physical) => parts.log.segmentStartOf(physical));
    const probe = parts.options.diskUsedRatio ?? ((dir: string) => parts.disk.usedRatio(dir));
    this.space = new DiskSpaceGuard(probe, parts.log.dir, parts.options.diskSpaceWarningLevelRatio, parts.now, parts.options.log);
  }

  runRetention(manual = false): RetentionReport {
    const report = this.retention(manual);
    this.space.observe(report.diskUsedRatio);
    return report;
  }

  put(message: MessageToStore): Promise<PutResult> {
    return this.putBatch([message]);
  }

  putBatch(messages: MessageToStore[]): Promise<PutResult> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const { maxMessageSizeBytes, commitLogSegmentBytes } = this.parts.options;
    const prepared = prepareAll(messages, maxMessageSizeBytes, commitLogSegmentBytes);
    if ("status" in prepared) return Promise.resolve(prepared);
    const size = prepared.reduce((sum, p) => sum + p.size, 0);
    const put: PendingPut = { messages: prepared, size, physicalOffset: 0, queueOffset: 0, storeTimestamp: 0, end: 0 };
    return new Promise((resolve) => {
      if (this.waiting.length === 0) queueMicrotask(() => this.writeWaiting());
      this.waiting.push({ put, resolve });
    });
  }

  private refusal(): PutRefused | undefined {
    if (this.closed) return { status: "SERVICE_NOT_AVAILABLE", reason: "the store is closed" };
    if (this.failure) return this.failure;
    const full = this.space.refusal();
    if (full) return { status: "SERVICE_NOT_AVAILABLE", reason: full };
    return undefined;
  }

  /** Writes every waiting put in one batch, dispatches, then resolves (in SYNC_FLUSH after the
   *  group fsync, on the thread pool). Consume queues see the records before the fsync, as RocketMQ's reput does. */
  private writeWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    const refused = this.refusal();
    if (refused) return batch.forEach((w) => w.resolve(refused));
    const { log, queues, dispatcher, options } = this.parts;
    const storeTimestamp = Math.max(this.parts.now(), this.lastStoreTimestamp);
    this.lastStoreTimestamp = storeTimestamp;
    let outcome: FlushOutcome | Promise<FlushOutcome> = "flushed";
    const undo = undoPoint(log, queues, batch.map((w) => w.put));
    let requests: ReturnType<typeof writeBatch>;
    try {
      requests = writeBatch(log, queues, this.buffer, batch.map((w) => w.put), storeTimestamp, options.storeHost);
    } catch (error) {
      return this.writeFailed(batch, error, undo);
    }
    this.space.wrote(log.writeOffset - undo.offset);
    try {
      for (const request of requests) dispatcher.dispatch(request);
      dispatcher.endBatch();
      if (options.flushDiskType === "SYNC_FLUSH") outcome = this.groupCommit((batch.at(-1) as Waiting).put.end);
    } catch (error) {
      this.failWrite(`write to the commitlog failed: ${String(error)}`);
      return batch.forEach((w) => w.resolve({ status: "UNKNOWN_ERROR", reason: String(error) }));
    }
    for (const w of batch) {
      this.stats.putTimes += w.put.messages.length;
      this.stats.putBytes += w.put.size;
    }
    if (typeof outcome === "string") return this.settle(batch, outcome);
    void outcome.then((settled) => this.settle(batch, settled));
  }

  /** A batch whose commitlog write failed. Out of space (the disk filled between two measures):
   *  what it wrote is cut and it is refused, and the store takes puts again once space is freed.
   *  Any other failure is sticky. */
  private writeFailed(batch: Waiting[], error: unknown, undo: UndoPoint): void {
    if (!isOutOfSpace(error)) {
      this.failWrite(`write to the commitlog failed: ${String(error)}`);
      return batch.forEach((w) => w.resolve({ status: "UNKNOWN_ERROR", reason: String(error) }));
    }
    undo.restore();
    this.space.outOfSpace(error);
    const reason = this.space.refusal() ?? `disk full: ${String(error)}`;
    this.parts.options.log.warn("puts refused: the disk is full", { reason });
    batch.forEach((w) => w.resolve({ status: "SERVICE_NOT_AVAILABLE", reason }));
  }

  /** SYNC_FLUSH's group commit: the fsync covering end runs on the thread pool (flush-service.ts),
   *  so a slow disk holds the puts that wait for it, not the event loop — pulls and other
   *  connections go on meanwhile, and the puts they bring share the next fsync. */
  private groupCommit(end: number): Promise<FlushOutcome> {
    return this.parts.flush.waitFlushed(end);
  }

  private settle(batch: Waiting[], outcome: FlushOutcome): void {
    if (outcome === "failed") {
      const failure = this.failure ?? { status: "UNKNOWN_ERROR", reason: "flush failed" };
      return batch.forEach((w) => w.resolve(failure));
    }
    const status = outcome === "flushed" ? "PUT_OK" : "FLUSH_DISK_TIMEOUT";
    for (const w of batch) w.resolve(this.resultOf(w.put, status));
  }

  private resultOf(put: PendingPut, status: "PUT_OK" | "FLUSH_DISK_TIMEOUT"): PutResult {
    return {
      status,
      physicalOffset: physicalOffset(put.physicalOffset),
      queueOffset: queueOffset(put.queueOffset),
      nextPhysicalOffset: physicalOffset(put.end),
      count: put.messages.length,
      msgIds: msgIdsOf(put, this.parts.options.storeHost),
      storeTimestamp: put.storeTimestamp,
    };
  }

  /** Makes a write or fsync failure sticky: every later put is refused with its reason. */
  failWrite(reason: string): void {
    this.parts.options.log.error("the store stops accepting puts", { reason });
    this.failure ??= { status: "SERVICE_NOT_AVAILABLE", reason: `the store is not writeable: ${reason}` };
  }

  getMessages(topic: string, queueId: number, offset: QueueOffset, maxCount: number, filter?: MessageFilter): GetResult {
    const result = getMessages(this.parts.queues, this.parts.log, topic, queueId, offset, maxCount, filter, this.faults.report, this.readBuffers);
    this.stats.getTimes += result.records.length; // messages handed out, as RocketMQ's msgGetTotal counts
    return result;
  }

  maxOffset(topic: string, queueId: number): QueueOffset {
    return queueOffset(this.parts.queues.get(topic, queueId)?.maxOffset ?? 0);
  }

  minOffset(topic: string, queueId: number): QueueOffset {
    return queueOffset(this.parts.queues.get(topic, queueId)?.minOffset ?? 0);
  }

  offsetByTime(topic: string, queueId: number, timestamp: number): QueueOffset {
    const queue = this.parts.queues.get(topic, queueId);
    return queueOffset(queue ? offsetByTime(this.parts.log, queue, timestamp) : 0);
  }

  earliestMessageTime(topic: string, queueId: number): number | undefined {
    const queue = this.parts.queues.get(topic, queueId);
    return queue ? storeTimeOfEntry(this.parts.log, queue, queue.minOffset) : undefined;
  }

  storeTimeOf(topic: string, queueId: number, offset: QueueOffset): number | undefined {
    const queue = this.parts.queues.get(topic, queueId);
    return queue ? storeTimeOfEntry(this.parts.log, queue, offset) : undefined;
  }

  recordAt(offset: PhysicalOffset): Uint8Array | undefined {
    const { log, dispatcher } = this.parts;
    if (offset < log.minOffset() || offset + RECORD_FIXED_BYTES > dispatcher.dispatchedOffset) return undefined;
    const header = log.read(offset, 8);
    if (!header || header.length < 8) return undefined;
    const size = new DataView(header.buffer, header.byteOffset).getInt32(0);
    if (size < RECORD_FIXED_BYTES || offset + size > dispatcher.dispatchedOffset) return undefined;
    const record = log.read(offset, size);
    if (!record || record.length !== size) return undefined;
    if (typeof checkRecord(record, new DataView(record.buffer, record.byteOffset, size), 0, false) === "string") return undefined;
    const fault = checkReadRecord(record, size, offset);
    if (fault !== undefined) this.faults.report(offset, fault);
    return fault === undefined ? record : undefined;
  }

  queryByKey(topic: string, key: string, maxCount: number, beginMs: number, endMs: number): Uint8Array[] {
    const { index, log } = this.parts;
    const offsets = index ? offsetsByKey(log, index, { topic, key, maxCount, beginMs, endMs }) : [];
    return offsets
      .sort((a, b) => a - b)
      .map((offset) => this.recordAt(physicalOffset(offset)))
      .filter((record): record is Uint8Array => record !== undefined && recordHasKey(record, topic, key));
  }

  onDispatch(listener: (event: DispatchEvent) => void): () => void {
    return this.parts.dispatcher.onDispatch(listener);
  }

  deleteTopic(topic: string): void {
    this.parts.queues.deleteTopic(topic);
    this.meta.consumerOffsets.deleteTopic(topic);
  }

  cleanExpiredConsumeQueues(): string[] {
    return cleanExpiredQueues(this.parts.queues, this.parts.log);
  }

  cleanUnusedTopics(retain: (topic: string) => boolean): string[] {
    const dropped = cleanUnusedTopics(this.parts.queues, retain);
    for (const topic of dropped) this.meta.consumerOffsets.deleteTopic(topic);
    return dropped;
  }

  queueEntries(topic: string, queueId: number, from: number, count: number): QueueEntries | undefined {
    return queueEntries(this.parts.queues, topic, queueId, from, count);
  }

  minPhysicalOffset(): PhysicalOffset {
    return physicalOffset(this.parts.log.minOffset());
  }

  maxPhysicalOffset(): PhysicalOffset {
    return physicalOffset(this.parts.log.writeOffset);
  }

  readCommitLog(from: PhysicalOffset, maxBytes: number): Uint8Array {
    if (from < this.parts.log.minOffset()) return new Uint8Array(0);
    return this.parts.log.read(from, maxBytes) ?? new Uint8Array(0);
  }

  async appendRaw(at: PhysicalOffset, bytes: Uint8Array, onWritten?: () => void): Promise<void> {
    const { log, dispatcher, options } = this.parts;
    if (log.writeOffset === 0 && log.segmentInfo().length === 0 && at > 0) {
      log.writeOffset = at;
      log.flushedOffset = at;
      dispatcher.dispatchedOffset = at;
      this.parts.index?.skipTo(at);
    }
    let written = 0;
    while (written < bytes.length) {
      const offset = at + written;
      const segmentEnd = log.segmentStartOf(offset) + log.segmentBytes;
      const piece = bytes.subarray(written, written + Math.min(bytes.length - written, segmentEnd - offset));
      log.write(offset, piece);
      written += piece.length;
    }
    if (options.flushDiskType === "ASYNC_FLUSH") onWritten?.();
    const scanned = scanRecords(log, dispatcher.dispatchedOffset, false, (chunk, view, offset, physical) =>
      dispatcher.dispatch(dispatchRequestOf(chunk, view, offset, physical)),
    );
    dispatcher.endBatch();
    dispatcher.dispatchedOffset = scanned.end;
    if (options.flushDiskType === "SYNC_FLUSH") {
      await this.parts.flush.waitFlushed(log.writeOffset);
      onWritten?.();
    }
  }

  async truncate(to: PhysicalOffset): Promise<number> {
    assert(this.waiting.length === 0, "truncate while puts are waiting");
    return truncateStore(this.parts, to);
  }

  runtimeInfo(): StoreRuntimeInfo {
    const { log, dispatcher } = this.parts;
    return {
      commitLogMinOffset: log.minOffset(),
      commitLogMaxOffset: log.writeOffset,
      commitLogFlushedOffset: log.flushedOffset,
      putMessageTimesTotal: this.stats.putTimes,
      putMessageSizeTotal: this.stats.putBytes,
      getMessageTimesTotal: this.stats.getTimes,
      corruptRecordsSkipped: this.faults.count,
      dispatchBehindBytes: log.writeOffset - dispatcher.dispatchedOffset,
      diskFull: this.space.full,
    };
  }

  diskUsage(): StoreDiskUsage {
    const { log, queues, options } = this.parts;
    const probe = options.diskUsedRatio ?? ((dir: string) => this.parts.disk.usedRatio(dir));
    const ratioOf = (dir: string): number => {
      try {
        return Math.ceil(probe(dir)) / 100;
      } catch {
        return -1;
      }
    };
    return { commitLogDir: log.dir, commitLogUsedRatio: ratioOf(log.dir), consumeQueueDir: queues.dir, consumeQueueUsedRatio: ratioOf(queues.dir) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writeWaiting();
    this.closed = true;
    let clean = false;
    try {
      clean = await this.parts.flush.stop();
      this.meta.persist();
      await this.parts.index?.close();
    } finally {
      // A store whose last flush failed keeps its abort marker: the next start recovers it.
      this.parts.onClose(clean);
      this.parts.log.close();
      this.parts.db.close();
      this.parts.queues.close();
    }
  }
}

/** Index hits are hashes: keep a record only if its topic and UNIQ_KEY or KEYS really match. */
function recordHasKey(record: Uint8Array, topic: string, key: string): boolean {
  const decoded = decodeRecord(record);
  if (decoded.topic !== topic) return false;
  if (propertyOf(decoded.properties, MessageProperty.UNIQ_KEY) === key) return true;
  return (propertyOf(decoded.properties, MessageProperty.KEYS) ?? "").split(" ").includes(key);
}
