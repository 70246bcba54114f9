// A real store in a temp directory with small segments, and helpers to put tagged messages.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/common/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";

export interface TestStore {
  store: MessageStore;
  close(): Promise<void>;
}

export async function openTestStore(): Promise<TestStore> {
  const rootDir = mkdtempSync(join(tmpdir(), "mq-consume-"));
  const store = await openStore({
    rootDir,
    commitLogSegmentBytes: 1024 * 1024,
    consumeQueueSegmentBytes: 20 * 1000,
    flushDiskType: "ASYNC_FLUSH",
    flushIntervalMs: 500,
    flushLeastPages: 4,
    flushThoroughIntervalMs: 10_000,
    syncFlushTimeoutMs: 5000,
    maxMessageSizeBytes: 4 * 1024 * 1024,
    deleteWhen: "04",
    fileReservedTimeHours: 72,
    diskMaxUsedSpaceRatio: 75,
    diskSpaceCleanForciblyRatio: 85,
    diskSpaceWarningLevelRatio: 90,
    cleanResourceIntervalMs: 60_000,
    checkCRCOnRecover: true,
    messageIndexEnable: false,
    flushConsumerOffsetIntervalMs: 5000,
    delayLevelsMs: [1000, 5000],
    storeHost: { ip: "127.0.0.1", port: 10911 },
    log: silentLogger,
    diskUsedRatio: () => 10,
  });
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

const encoder = new TextEncoder();

/** Puts one message per tag (undefined = no TAGS property) into topic/queueId, in order. */
export async function putTagged(store: MessageStore, topic: string, queueId: number, tags: Array<string | undefined>): Promise<void> {
  for (const [i, tag] of tags.entries()) {
    const result = await store.put({
      topic,
      queueId,
      flag: 0,
      body: encoder.encode(`body-${i}-${tag ?? "none"}`),
      properties: tag === undefined ? "" : `TAGS\u0001${tag}`,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: { ip: "127.0.0.1", port: 50000 },
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
    });
    if (result.status !== "PUT_OK") throw new Error(`put failed: ${result.status}`);
  }
}
