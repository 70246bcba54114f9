// The store's public contract. The broker, replication and tools use only this surface
// (re-exported by index.ts); everything else in src/store is private to it.
//
// Contract summary:
// - put/putBatch resolve once the record is handed to the OS (ASYNC_FLUSH) or fsynced
//   (SYNC_FLUSH, or FLUSH_DISK_TIMEOUT after syncFlushTimeoutMs). The record is then readable.
// - Consume queues and the index are derived from the commitlog by dispatch (reput); a record
//   becomes visible to getMessages once dispatched, and every dispatch is announced to
//   onDispatch listeners (long polling hangs on this).
// - appendRaw writes replicated commitlog bytes at an exact physical offset (slave side) and
//   dispatches them the same way, so a slave ends with the same queues and index. onWritten runs
//   once the bytes are in the commitlog (handed to the OS) and before they are dispatched: a slave
//   acknowledges there, as RocketMQ's, whose reput runs apart from the HA client.
// - Reads are synchronous positional reads; they never return bytes past the dispatched tail.

import type {
  AuthAcl, AuthUser, HostAddress, Logger, PhysicalOffset, QueueOffset, SubscriptionGroupConfig, TopicConfig,
} from "../common/index.ts";
import type { Disk } from "./disk.ts";

/** The disk seam (disk.ts): what it covers and promises, and its three implementations. */
export type { Disk, DiskFile } from "./disk.ts";
export type { PowerLossFaults } from "./power-loss-disk.ts";

export type FlushDiskType = "ASYNC_FLUSH" | "SYNC_FLUSH";

export interface StoreOptions {
  /** storePathRootDir: holds commitlog/, consumequeue/, meta.db, index.db, checkpoint, abort, lock. */
  rootDir: string;
  /** Who holds the store, written into its lock file and named when a second process is refused
   *  ("mq broker broker-a"). */
  owner?: string;
  /** storePathCommitLog; defaults to <rootDir>/commitlog. */
  commitLogDir?: string;
  /** mappedFileSizeCommitLog. */
  commitLogSegmentBytes: number;
  /** mappedFileSizeConsumeQueue (a multiple of 20). */
  consumeQueueSegmentBytes: number;
  flushDiskType: FlushDiskType;
  flushIntervalMs: number;
  flushLeastPages: number;
  flushThoroughIntervalMs: number;
  syncFlushTimeoutMs: number;
  /** maxMessageSize: the largest body accepted. */
  maxMessageSizeBytes: number;
  /** deleteWhen, e.g. "04" or "04;16". */
  deleteWhen: string;
  fileReservedTimeHours: number;
  diskMaxUsedSpaceRatio: number;
  diskSpaceCleanForciblyRatio: number;
  /** cleanFileForciblyEnable (default true): above diskSpaceCleanForciblyRatio, or while the disk is
   *  full, retention deletes the oldest segments even before fileReservedTimeHours. */
  cleanFileForciblyEnable?: boolean;
  diskSpaceWarningLevelRatio: number;
  cleanResourceIntervalMs: number;
  checkCRCOnRecover: boolean;
  messageIndexEnable: boolean;
  flushConsumerOffsetIntervalMs: number;
  /** messageDelayLevel parsed to milliseconds; level n is index n-1. Used for SCHEDULE_TOPIC tagsCode. */
  delayLevelsMs: readonly number[];
  /** The broker's advertised address, written into every record's storeHost. */
  storeHost: HostAddress;
  log: Logger;
  /** Clock, injectable for retention tests. Defaults to Date.now. */
  now?: () => number;
  /** Disk usage probe (ratio 0..100 of the filesystem holding rootDir), injectable for tests;
   *  defaults to the disk's usedRatio. */
  diskUsedRatio?: (path: string) => number;
  /** Where the store's own files live (disk.ts); defaults to realDisk, this machine's files.
   *  MemoryDisk keeps them in memory (meta.db too, and no message index). */
  disk?: Disk;
}

/** Moved to src/common/message (the record codec needs it); re-exported here unchanged. */
export type { HostAddress } from "../common/index.ts";

/** One message as the broker hands it to the store (from SEND_MESSAGE or a batch element). */
export interface MessageToStore {
  topic: string;
  queueId: number;
  flag: number;
  body: Uint8Array;
  /** RocketMQ properties string: name \u0001 value \u0002 ... (TAGS, KEYS, UNIQ_KEY, DELAY ...). */
  properties: string;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
}

export type PutStatus =
  | "PUT_OK"
  | "FLUSH_DISK_TIMEOUT"
  | "MESSAGE_ILLEGAL"
  | "PROPERTIES_SIZE_EXCEEDED"
  | "SERVICE_NOT_AVAILABLE"
  | "UNKNOWN_ERROR";

export interface PutOk {
  status: "PUT_OK" | "FLUSH_DISK_TIMEOUT";
  /** First record's physical offset. */
  physicalOffset: PhysicalOffset;
  /** First record's queue offset. */
  queueOffset: QueueOffset;
  /** End of the last record written (RocketMQ's wroteOffset + wroteBytes): what a SYNC_MASTER's
   *  slave must have acknowledged before the send is answered. */
  nextPhysicalOffset: PhysicalOffset;
  /** Number of records written (1 for put, n for putBatch). */
  count: number;
  /** offsetMsgId of each record (storeHost + port + physicalOffset, uppercase hex). */
  msgIds: string[];
  storeTimestamp: number;
}

export interface PutRefused {
  status: Exclude<PutStatus, "PUT_OK" | "FLUSH_DISK_TIMEOUT">;
  /** Why, in words a user can act on ("disk 91% used, above diskSpaceWarningLevelRatio=90"). */
  reason: string;
}

export type PutResult = PutOk | PutRefused;

export type GetStatus =
  | "FOUND"
  | "NO_MATCHED_MESSAGE"
  | "NO_MESSAGE_IN_QUEUE"
  | "OFFSET_FOUND_NULL"
  | "OFFSET_OVERFLOW_BADLY"
  | "OFFSET_OVERFLOW_ONE"
  | "OFFSET_TOO_SMALL"
  | "NO_MATCHED_LOGIC_QUEUE";

export interface GetResult {
  status: GetStatus;
  nextBeginOffset: QueueOffset;
  minOffset: QueueOffset;
  maxOffset: QueueOffset;
  /** Stored records, exactly as on disk (v1 layout), ready to concatenate into a PULL body.
   *  Each is a view of a buffer made for this read alone; the bytes of that buffer before its
   *  records are free for the caller to write (a reply's frame header: READ_HEADROOM_BYTES). */
  records: Uint8Array[];
  /** When set, the records' buffers go back to the store's pool once this is called: call it
   *  when nothing refers to any record any more (later reads overwrite them), or never. */
  release?: () => void;
}

/** Decides which entries a pull returns: first by tags hash code, then (optionally) by the record. */
export interface MessageFilter {
  matchTagsCode(tagsCode: number): boolean;
  /** Second stage on the stored record (SQL92 on properties, exact tag string). */
  matchRecord?(record: Uint8Array): boolean;
}

/** What dispatch (reput) announces for each record that reaches a consume queue. */
export interface DispatchEvent {
  topic: string;
  queueId: number;
  queueOffset: QueueOffset;
  physicalOffset: PhysicalOffset;
  size: number;
  tagsCode: number;
  storeTimestamp: number;
  properties: string;
}

export interface ConsumerOffsetEntry {
  group: string;
  topic: string;
  queueId: number;
  offset: QueueOffset;
}

/** Metadata kept in SQLite (bun:sqlite, WAL). Writes are cheap: offsets are buffered and persisted
 *  every flushConsumerOffsetIntervalMs and at close. */
export interface MetaStore {
  topics: KeyedTable<TopicConfig>;
  subscriptionGroups: KeyedTable<SubscriptionGroupConfig>;
  consumerOffsets: {
    commit(group: string, topic: string, queueId: number, offset: QueueOffset): void;
    query(group: string, topic: string, queueId: number): QueueOffset | undefined;
    all(): ConsumerOffsetEntry[];
    deleteGroup(group: string): void;
    deleteTopic(topic: string): void;
  };
  /** Delay-level progress in SCHEDULE_TOPIC_XXXX (queueId = level - 1). */
  delayOffsets: {
    get(level: number): QueueOffset | undefined;
    set(level: number, offset: QueueOffset): void;
    all(): Map<number, QueueOffset>;
  };
  /** Data version of the topic table, bumped on every topic change (registration uses it). */
  topicDataVersion(): { timestamp: number; counter: number };
  /** ACL 2.0 users by username and ACLs by subject ("User:alice"); written at once (fsynced). */
  authUsers: KeyedTable<AuthUser>;
  authAcls: KeyedTable<AuthAcl>;
  /** A slave's record of its master's flushed commitlog offset (RocketMQ keeps it in its
   *  checkpoint file; RESET_MASTER_FLUSH_OFFSET sets it, haStatus shows it); 0 until set. Written at once. */
  masterFlushedOffset: { get(): number; set(offset: number): void };
}

export interface KeyedTable<T> {
  all(): T[];
  get(name: string): T | undefined;
  put(value: T): void;
  delete(name: string): void;
}

export interface StoreRuntimeInfo {
  commitLogMinOffset: number;
  commitLogMaxOffset: number;
  /** Every commitlog byte below it is on disk (RocketMQ's flushedWhere). */
  commitLogFlushedOffset: number;
  putMessageTimesTotal: number;
  putMessageSizeTotal: number;
  getMessageTimesTotal: number;
  /** Records found corrupt on read (size or body CRC) and skipped since start. */
  corruptRecordsSkipped: number;
  dispatchBehindBytes: number;
  diskFull: boolean;
}

/**
 * How full the filesystems holding the store are, measured when asked, as RocketMQ's runtime info
 * reports them: a fraction 0..1 rounded up to the next hundredth (0.24 for 23.1 % used), -1 when
 * the directory cannot be measured.
 */
export interface StoreDiskUsage {
  commitLogDir: string;
  commitLogUsedRatio: number;
  consumeQueueDir: string;
  consumeQueueUsedRatio: number;
}

export interface RetentionReport {
  /** Disk usage measured this round, percent 0..100. */
  diskUsedRatio: number;
  /** Start offsets of the commitlog segments deleted this round. */
  deletedSegments: number[];
  /** Set while puts are refused for disk usage. */
  diskFullReason?: string;
}

/** What QUERY_CONSUME_QUEUE shows of one queue: its bounds and some 20-byte entries. */
export interface QueueEntries {
  minOffset: number;
  maxOffset: number;
  entries: { queueOffset: number; physicalOffset: number; size: number; tagsCode: number }[];
}

export interface MessageStore {
  readonly meta: MetaStore;

  put(message: MessageToStore): Promise<PutResult>;
  /** All messages share topic and queueId; stored contiguously with consecutive queue offsets. */
  putBatch(messages: MessageToStore[]): Promise<PutResult>;

  getMessages(
    topic: string,
    queueId: number,
    offset: QueueOffset,
    maxCount: number,
    filter?: MessageFilter,
  ): GetResult;

  /** Next offset to be written in the queue (0 when empty or unknown). */
  maxOffset(topic: string, queueId: number): QueueOffset;
  minOffset(topic: string, queueId: number): QueueOffset;
  /** First offset whose store time is >= timestamp (RocketMQ's getOffsetInQueueByTime). */
  offsetByTime(topic: string, queueId: number, timestamp: number): QueueOffset;
  earliestMessageTime(topic: string, queueId: number): number | undefined;
  storeTimeOf(topic: string, queueId: number, offset: QueueOffset): number | undefined;

  /** One stored record by physical offset, or undefined when it is gone or never existed. */
  recordAt(offset: PhysicalOffset): Uint8Array | undefined;
  /** Records whose KEYS contain key or whose UNIQ_KEY equals key, stored in [beginMs, endMs]. */
  queryByKey(topic: string, key: string, maxCount: number, beginMs: number, endMs: number): Uint8Array[];

  onDispatch(listener: (event: DispatchEvent) => void): () => void;
  /** Drop consume queues and offsets of a deleted topic. */
  deleteTopic(topic: string): void;

  // Replication surface (master reads, slave appends).
  minPhysicalOffset(): PhysicalOffset;
  maxPhysicalOffset(): PhysicalOffset;
  readCommitLog(from: PhysicalOffset, maxBytes: number): Uint8Array;
  appendRaw(at: PhysicalOffset, bytes: Uint8Array, onWritten?: () => void): Promise<void>;
  /** Cuts the commitlog at `to` (a record boundary), with the consume queues and the index
   *  (truncate.ts); resolves to the bytes cut once the cut is durable. Not while puts are in flight. */
  truncate(to: PhysicalOffset): Promise<number>;

  /** CLEAN_EXPIRED_CONSUMEQUEUE: drops the queues all of whose entries point at deleted commitlog
   *  data; returns "topic@queueId" of each. */
  cleanExpiredConsumeQueues(): string[];
  /** CLEAN_UNUSED_TOPIC: drops the queues and consumer offsets of every topic retain() refuses;
   *  returns those topics. */
  cleanUnusedTopics(retain: (topic: string) => boolean): string[];
  /** QUERY_CONSUME_QUEUE: up to count entries of a queue from queue offset from (at most 1000);
   *  undefined when the queue does not exist. */
  queueEntries(topic: string, queueId: number, from: number, count: number): QueueEntries | undefined;

  runtimeInfo(): StoreRuntimeInfo;
  /** Measures the disks now (one statfs per directory). */
  diskUsage(): StoreDiskUsage;
  /** One retention round now (the timer runs one every cleanResourceIntervalMs): disk-full check,
   *  expired segment deletion, queue min-offset correction. manual = TRIGGER_DELETE_FILES (delete
   *  expired segments whatever the hour). */
  runRetention(manual?: boolean): RetentionReport;
  /** Flush, write the checkpoint, remove the abort marker, close files. */
  close(): Promise<void>;
}
