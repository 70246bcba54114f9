// The broker.conf keys the store reads, and their translation into StoreOptions (units named,
// paths resolved). Values come validated from the config module; nothing is defaulted here.
import type { HostAddress, Logger } from "../common/index.ts";
import type { StoreOptions } from "../store/index.ts";
import type { BrokerOptions } from "./context.ts";

/** MessageStoreConfig keys, spelled as in broker.conf. */
export interface BrokerStoreKeys {
  storePathRootDir: string;
  storePathCommitLog: string;
  mappedFileSizeCommitLog: number;
  mappedFileSizeConsumeQueue: number;
  flushIntervalCommitLog: number;
  flushCommitLogLeastPages: number;
  flushCommitLogThoroughInterval: number;
  syncFlushTimeout: number;
  deleteWhen: string;
  fileReservedTime: number;
  diskMaxUsedSpaceRatio: number;
  diskSpaceCleanForciblyRatio: number;
  cleanFileForciblyEnable: boolean;
  diskSpaceWarningLevelRatio: number;
  cleanResourceInterval: number;
  checkCRCOnRecover: boolean;
  messageIndexEnable: boolean;
  flushConsumerOffsetInterval: number;
}

export type BrokerConfigKeys = BrokerOptions & BrokerStoreKeys;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1s 5s 10s 30s 1m ... 2h" → milliseconds per level (level n at index n-1). RocketMQ takes s, m,
 *  h and d; mq also takes ms ("200ms"), so tests can run a whole retry chain in seconds. */
export function parseDelayLevels(text: string): number[] {
  const levels = text.split(/\s+/).filter((s) => s.length > 0);
  return levels.map((level) => {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(level);
    const unitMs = match ? UNIT_MS[match[2] as string] : undefined;
    if (!match || unitMs === undefined) {
      throw new Error(`messageDelayLevel: "${level}" is not a number followed by ms, s, m, h or d`);
    }
    return Number(match[1]) * unitMs;
  });
}

export function storeOptionsOf(
  o: BrokerConfigKeys,
  storeHost: HostAddress,
  delayLevelsMs: readonly number[],
  log: Logger,
): StoreOptions {
  return {
    rootDir: o.storePathRootDir,
    owner: `mq broker ${o.brokerName}`,
    commitLogDir: o.storePathCommitLog,
    commitLogSegmentBytes: o.mappedFileSizeCommitLog,
    consumeQueueSegmentBytes: o.mappedFileSizeConsumeQueue,
    flushDiskType: o.flushDiskType,
    flushIntervalMs: o.flushIntervalCommitLog,
    flushLeastPages: o.flushCommitLogLeastPages,
    flushThoroughIntervalMs: o.flushCommitLogThoroughInterval,
    syncFlushTimeoutMs: o.syncFlushTimeout,
    maxMessageSizeBytes: o.maxMessageSize,
    deleteWhen: o.deleteWhen,
    fileReservedTimeHours: o.fileReservedTime,
    diskMaxUsedSpaceRatio: o.diskMaxUsedSpaceRatio,
    diskSpaceCleanForciblyRatio: o.diskSpaceCleanForciblyRatio,
    cleanFileForciblyEnable: o.cleanFileForciblyEnable,
    diskSpaceWarningLevelRatio: o.diskSpaceWarningLevelRatio,
    cleanResourceIntervalMs: o.cleanResourceInterval,
    checkCRCOnRecover: o.checkCRCOnRecover,
    messageIndexEnable: o.messageIndexEnable,
    flushConsumerOffsetIntervalMs: o.flushConsumerOffsetInterval,
    delayLevelsMs,
    storeHost,
    log,
  };
}
