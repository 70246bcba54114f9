// A real store in a temp directory with small segments, helpers to put messages into it, and the
// in-process broker over it that the pull tests share (consume handlers + client handlers).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestCode, type ExtFieldsInit } from "../../src/common/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import type { BrokerOptions } from "../../src/broker/context.ts";
import { registerClientHandlers } from "../../src/broker/clients/index.ts";
import { registerConsumeHandlers, type ConsumeTuning } from "../../src/broker/consume/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { FakeServer, testContext } from "./consume-harness.ts";
import { storeOptions } from "../store/store-fixture.ts";

export interface TestStore {
  store: MessageStore;
  close(): Promise<void>;
}

export async function openTestStore(): Promise<TestStore> {
  const rootDir = mkdtempSync(join(tmpdir(), "mq-consume-"));
  const store = await openStore(
    storeOptions(rootDir, {
      commitLogSegmentBytes: 1024 * 1024,
      consumeQueueSegmentBytes: 20 * 1000,
      flushIntervalMs: 500,
      flushThoroughIntervalMs: 10_000,
      maxMessageSizeBytes: 4 * 1024 * 1024,
      messageIndexEnable: false,
      delayLevelsMs: [1000, 5000],
    }),
  );
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

const encoder = new TextEncoder();

/** Puts one message per properties text into topic/queueId, in order; bodies name their index and tag. */
export async function putMessages(store: MessageStore, topic: string, queueId: number, texts: string[], tags: Array<string | undefined> = []): Promise<void> {
  for (const [i, properties] of texts.entries()) {
    const result = await store.put({
      topic,
      queueId,
      flag: 0,
      body: encoder.encode(tags.length > 0 ? `body-${i}-${tags[i] ?? "none"}` : `body-${i}`),
      properties,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: { ip: "127.0.0.1", port: 50000 },
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
    });
    if (result.status !== "PUT_OK") throw new Error(`put failed: ${result.status}`);
  }
}

/** Puts one message per tag (undefined = no TAGS property) into topic/queueId, in order. */
export function putTagged(store: MessageStore, topic: string, queueId: number, tags: Array<string | undefined>): Promise<void> {
  const texts = tags.map((tag) => (tag === undefined ? "" : `TAGS\u0001${tag}`));
  return putMessages(store, topic, queueId, texts, tags);
}

export const PULL_SUBSCRIPTION = 0x4;
export const PULL_SUSPEND = 0x2;
export const PULL_COMMIT = 0x1;

/** A PULL_MESSAGE header for G on T/0 from offset 0, with a subscription and no suspension. */
export const pullFieldsOf = (fields: ExtFieldsInit): ExtFieldsInit => ({
  consumerGroup: "G",
  topic: "T",
  queueId: 0,
  queueOffset: 0,
  maxMsgNums: 32,
  sysFlag: PULL_SUBSCRIPTION,
  commitOffset: 0,
  suspendTimeoutMillis: 0,
  subVersion: 0,
  ...fields,
});

/** The consume and client handlers over a fresh store with topic T (4 queues), on an in-process
 *  server with one connection; every close goes to cleanups. */
export async function pullBroker(cleanups: Array<() => unknown>, overrides: Partial<BrokerOptions> = {}, tuning: ConsumeTuning = {}) {
  const { store, close } = await openTestStore();
  cleanups.push(close);
  const ctx = testContext(store, overrides);
  ctx.topics.put(newTopicConfig("T", 4));
  const server = new FakeServer();
  const consume = registerConsumeHandlers(server, ctx, tuning);
  cleanups.push(() => consume.close());
  const clients = registerClientHandlers(server, ctx, ctx.clients);
  cleanups.push(() => clients.close());
  const conn = server.connect();
  const pullWith = (fields: ExtFieldsInit) => server.call(RequestCode.PULL_MESSAGE, fields, conn);
  return { store, ctx, server, conn, consume, pullWith };
}
