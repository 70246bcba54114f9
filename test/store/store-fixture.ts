// Shared helpers for store tests: a temp directory, default options and message builders.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { silentLogger } from "../../src/common/index.ts";
import { MemoryDisk, realDisk, type Disk, type MessageToStore, type StoreOptions } from "../../src/store/index.ts";

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mq-store-"));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function storeOptions(rootDir: string, overrides: Partial<StoreOptions> = {}): StoreOptions {
  return {
    rootDir,
    commitLogSegmentBytes: 64 * 1024,
    consumeQueueSegmentBytes: 20 * 100,
    flushDiskType: "ASYNC_FLUSH",
    flushIntervalMs: 50,
    flushLeastPages: 4,
    flushThoroughIntervalMs: 1000,
    syncFlushTimeoutMs: 5000,
    maxMessageSizeBytes: 16 * 1024,
    deleteWhen: "04",
    fileReservedTimeHours: 72,
    diskMaxUsedSpaceRatio: 75,
    diskSpaceCleanForciblyRatio: 85,
    diskSpaceWarningLevelRatio: 90,
    cleanResourceIntervalMs: 60_000,
    checkCRCOnRecover: true,
    messageIndexEnable: true,
    flushConsumerOffsetIntervalMs: 5000,
    delayLevelsMs: [1000, 5000, 10000],
    storeHost: { ip: "127.0.0.1", port: 10911 },
    log: silentLogger,
    diskUsedRatio: () => 10,
    ...overrides,
  };
}

const utf8 = new TextEncoder();

export function message(topic: string, queueId: number, body: string, properties = ""): MessageToStore {
  return {
    topic,
    queueId,
    flag: 0,
    body: utf8.encode(body),
    properties,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { ip: "10.0.0.7", port: 54321 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

/** A disk the store runs on in a test, with a root directory of its own on it. */
export interface DiskUnderTest {
  disk: Disk;
  rootDir: string;
  cleanup(): void;
}

/** The two implementations of the disk seam the conformance suite runs against. */
export const disksUnderTest: { name: string; make(): DiskUnderTest }[] = [
  {
    name: "real disk",
    make: () => {
      const rootDir = tempDir();
      return { disk: realDisk, rootDir, cleanup: () => removeDir(rootDir) };
    },
  },
  { name: "memory disk", make: () => ({ disk: new MemoryDisk(), rootDir: "/mq-store", cleanup: () => {} }) },
];

export { seededRandom } from "../seeded-random.ts";
