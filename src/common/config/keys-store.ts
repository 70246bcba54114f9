// Store and HA keys from RocketMQ's MessageStoreConfig, spelled as in broker.conf.
import { homedir } from "node:os";
import { join } from "node:path";
import { bool, int, long, oneOf, str } from "./spec.ts";

const ms = { unit: "ms", min: 0 };
const percent = { unit: "%", min: 0, max: 100 };
/** Declared (so `-p` shows it) but read by nothing in mq; the description says why. */
const IGNORED = { ignored: true };
const QUEUE_FLUSH = "mq fsyncs consume queues in the commitlog's thorough flush (flushCommitLogThoroughInterval)";
const under = (name: string) => (c: Readonly<Record<string, unknown>>): string =>
  join(String(c.storePathRootDir), name);

export const storeKeys = {
  storePathRootDir: str(() => join(homedir(), "store"), "root of all store files", { defaultText: "~/store", min: 1 }),
  storePathCommitLog: str(under("commitlog"), "CommitLog directory", { defaultText: "<storePathRootDir>/commitlog", min: 1 }),
  mappedFileSizeCommitLog: int(1_073_741_824, "CommitLog segment size", { unit: "bytes", min: 4096 }),
  mappedFileSizeConsumeQueue: int(6_000_000, "ConsumeQueue segment size (a multiple of 20)",
    { unit: "bytes", min: 20 }),
  flushDiskType: oneOf(["ASYNC_FLUSH", "SYNC_FLUSH"], "ASYNC_FLUSH", "acknowledge sends before or after fsync"),
  flushIntervalCommitLog: int(500, "async flush period", ms),
  flushCommitLogLeastPages: int(4, "dirty 4 KiB pages needed for an async flush", { min: 0 }),
  flushCommitLogThoroughInterval: int(10_000, "forced full flush period", ms),
  flushIntervalConsumeQueue: int(1000, QUEUE_FLUSH, { ...ms, ...IGNORED }),
  flushConsumeQueueLeastPages: int(2, QUEUE_FLUSH, { min: 0, ...IGNORED }),
  flushConsumeQueueThoroughInterval: int(60_000, QUEUE_FLUSH, { ...ms, ...IGNORED }),
  syncFlushTimeout: long(5000, "SYNC_FLUSH wait before FLUSH_DISK_TIMEOUT", ms),
  maxMessageSize: int(4_194_304, "largest message body", { unit: "bytes", min: 1 }),
  checkCRCOnRecover: bool(true, "verify body CRCs during recovery"),
  deleteWhen: str("04", "hours (00-23, ;-separated) when expired files are deleted"),
  fileReservedTime: int(72, "how long CommitLog files are kept", { unit: "h", min: 1 }),
  diskMaxUsedSpaceRatio: int(75, "above it, deletion runs at any hour", { ...percent, min: 10, max: 95 }),
  diskSpaceCleanForciblyRatio: int(85, "above it, the oldest files go even if young", percent),
  diskSpaceWarningLevelRatio: int(90, "above it, writes are refused", percent),
  cleanResourceInterval: int(10_000, "period of the file cleaner", ms),
  deleteCommitLogFilesInterval: int(100, "mq deletes a round's files without pausing", { ...ms, ...IGNORED }),
  deleteConsumeQueueFilesInterval: int(100, "mq deletes a round's files without pausing", { ...ms, ...IGNORED }),
  deleteFileBatchMax: int(10, "mq deletes at most 10 commitlog files a round, fixed", { min: 1, ...IGNORED }),
  cleanFileForciblyEnable: bool(true, "above diskSpaceCleanForciblyRatio (or when puts are refused for a full disk), delete the oldest segments even before fileReservedTime"),
  messageDelayLevel: str("1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h", "delay levels 1..N"),
  messageIndexEnable: bool(true, "index messages by key"),
  maxHashSlotNum: int(5_000_000, "mq's message index is an SQLite table, not IndexFiles", { min: 1, ...IGNORED }),
  maxIndexNum: int(20_000_000, "mq's message index is an SQLite table, not IndexFiles", { min: 1, ...IGNORED }),
  maxMsgsNumBatch: int(64, "mq caps a key query at 64 messages, fixed", { min: 1, ...IGNORED }),
  defaultQueryMaxNum: int(32, "mq caps a unique-key query at 32 messages, fixed", { min: 1, ...IGNORED }),
  maxTransferBytesOnMessageInMemory: int(262_144, "pull batch bytes, hot data", { unit: "bytes", min: 1 }),
  maxTransferCountOnMessageInMemory: int(32, "pull batch messages, hot data", { min: 1 }),
  maxTransferBytesOnMessageInDisk: int(65_536, "mq applies the in-memory pull limits to cold data too",
    { unit: "bytes", min: 1, ...IGNORED }),
  maxTransferCountOnMessageInDisk: int(8, "mq applies the in-memory pull limits to cold data too", { min: 1, ...IGNORED }),
  accessMessageInMemoryMaxRatio: int(40, "the commitlog's last this-% of RAM counts as in memory: a pull further back reads from disk (slaveReadEnable)",
    percent),
  timerWheelEnable: bool(true, "accept timer messages (TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS)"),
  timerPrecisionMs: long(1000, "longest sleep of the timer service between looks at its index (mq wakes at each due time and never rounds it)",
    { unit: "ms", min: 10 }),
  timerMaxDelaySec: int(259_200, "longest delay a timer message may ask for", { unit: "s", min: 1 }),
  // HA (RocketMQ 4.x HAService): a master accepts slaves on haListenPort and registers
  // brokerIP2:haListenPort; a slave follows the address the NameServer hands back, or haMasterAddress.
  haListenPort: int((c) => Number(c.listenPort) + 1, "HA accept port (masters)",
    { min: 0, max: 65535, defaultText: "listenPort+1" }),
  slaveTimeout: int(3000, "how long a SYNC_MASTER send waits for its slave before FLUSH_SLAVE_TIMEOUT", { ...ms, min: 1 }),
  haMaxGapNotInSync: int(268_435_456, "a SYNC_MASTER answers SLAVE_NOT_AVAILABLE when its best slave is this far behind",
    { unit: "bytes", min: 0 }),
  haSendHeartbeatInterval: int(5000, "slave reports / master heartbeats at least this often", { ...ms, min: 10 }),
  haHousekeepingInterval: int(20_000, "an HA connection silent this long is dropped", { ...ms, min: 100 }),
  haTransferBatchSize: int(32_768, "largest commitlog piece a master sends at once", { unit: "bytes", min: 1, max: 4_194_304 }),
  haMasterAddress: str("", "the master's HA address (host:port) for a slave; empty = learn it from the NameServer"),
  // RocketMQ tuning that does not apply to mq's store: accepted so broker.conf loads.
  transientStorePoolEnable: bool(false, "mq has no off-heap write buffers", { ignored: true }),
  transientStorePoolSize: int(5, "mq has no off-heap write buffers", { ignored: true }),
  commitIntervalCommitLog: int(200, "mq has no off-heap write buffers to commit", { ignored: true }),
  commitCommitLogLeastPages: int(4, "mq has no off-heap write buffers to commit", { ignored: true }),
  commitCommitLogThoroughInterval: int(200, "mq has no off-heap write buffers to commit", { ignored: true }),
  flushCommitLogTimed: bool(true, "mq's flush is a timer, not a Java thread", { ignored: true }),
  useReentrantLockWhenPutMessage: bool(true, "mq has one event loop, no put lock", { ignored: true }),
  osPageCacheBusyTimeOutMills: long(1000, "mq has one event loop, no put lock", { ignored: true }),
  warmMapedFileEnable: bool(false, "mq does not pre-touch new files", { ignored: true }),
  flushLeastPagesWhenWarmMapedFile: int(4096, "mq does not pre-touch new files", { ignored: true }),
  destroyMapedFileIntervalForcibly: int(120_000, "mq maps no files", { ignored: true }),
  redeleteHangedFileInterval: int(120_000, "mq maps no files", { ignored: true }),
  messageIndexSafe: bool(false, "mq's message index is an SQLite table, not IndexFiles", { ignored: true }),
  enableConsumeQueueExt: bool(false, "mq has no ConsumeQueue extension", { ignored: true }),
  mappedFileSizeConsumeQueueExt: int(50_331_648, "mq has no ConsumeQueue extension", { ignored: true }),
  bitMapLengthConsumeQueueExt: int(64, "mq has no ConsumeQueue extension", { ignored: true }),
  enableCalcFilterBitMap: bool(false, "mq has no SQL92 bloom filter", { ignored: true }),
  expectConsumerNumUseFilter: int(32, "mq has no SQL92 bloom filter", { ignored: true }),
  maxErrorRateOfBloomFilter: int(20, "mq has no SQL92 bloom filter", { ignored: true }),
  filterSupportRetry: bool(false, "mq does not filter retry topics by SQL92", { ignored: true }),
  timerRollWindowSlot: int(172_800, "mq keeps pending timers in an SQLite index by due time, not a timing wheel", { ignored: true }),
  mappedFileSizeTimerLog: int(104_857_600, "mq keeps pending timers in an SQLite index by due time, not a timer log", { ignored: true }),
  totalReplicas: int(1, "mq replicates as RocketMQ 4.x: one acknowledging slave, no quorum", { ignored: true }),
  inSyncReplicas: int(1, "mq replicates as RocketMQ 4.x: one acknowledging slave, no quorum", { ignored: true }),
  minInSyncReplicas: int(1, "controller mode: a master with fewer SyncStateSet members refuses sends (IN_SYNC_REPLICAS_NOT_ENOUGH)", { min: 1 }),
  enableAutoInSyncReplicas: bool(false, "mq replicates as RocketMQ 4.x: one acknowledging slave, no quorum", { ignored: true }),
  allAckInSyncStateSet: bool(false, "controller mode: a send is answered once every SyncStateSet member has it"),
  haMaxTimeSlaveNotCatchup: long(15_000, "controller mode: a slave not caught up for this long leaves the SyncStateSet", { unit: "ms", min: 1 }),
  storePathEpochFile: str("", "controller mode: the (epoch, start offset) file; empty = <storePathRootDir>/epochFileCheckpoint"),
  duplicationEnable: bool(false, "mq replicates as RocketMQ 4.x: one acknowledging slave, no quorum", { ignored: true }),
} as const;

/** Spellings RocketMQ accepted once, mapped to today's key. */
export const legacyKeys: Readonly<Record<string, string>> = {
  mapedFileSizeCommitLog: "mappedFileSizeCommitLog",
  mapedFileSizeConsumeQueue: "mappedFileSizeConsumeQueue",
  haSlaveFallbehindMax: "haMaxGapNotInSync",
};
