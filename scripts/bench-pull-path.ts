// The broker's pull path in one process, without a client or a kernel: `bun scripts/bench-pull-path.ts`.
// Writes RECORDS messages of 1 KiB and of 4 KiB to a store, then reads them back as the pull
// handler does (getMessages of 32, pullReply) and queues each reply on a connection whose socket
// takes every byte at once (Channel, outbound queue), and prints the CPU time per message pulled.
// What a client, the kernel and other processes cost is left out, so an A/B of a change to the
// pull path (run this script in each tree) is not drowned in the machine's load.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { queueOffset, ResponseCode, silentLogger } from "../src/common/index.ts";
import { openStore, type MessageToStore, type StoreOptions } from "../src/store/index.ts";
import { Channel } from "../src/remoting/channel.ts";
import { pullReply, type PullOutcome } from "../src/broker/consume/pull-result.ts";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 40_000);
const PULL_MAX = 32;
const QUEUES = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function options(rootDir: string): StoreOptions {
  return {
    rootDir, commitLogSegmentBytes: 1024 * 1024 * 1024, consumeQueueSegmentBytes: 300_000 * 20, flushDiskType: "ASYNC_FLUSH",
    flushIntervalMs: 500, flushLeastPages: 4, flushThoroughIntervalMs: 10_000, syncFlushTimeoutMs: 5000,
    maxMessageSizeBytes: 4 * 1024 * 1024, deleteWhen: "04", fileReservedTimeHours: 72, diskMaxUsedSpaceRatio: 95,
    diskSpaceCleanForciblyRatio: 97, diskSpaceWarningLevelRatio: 99, cleanResourceIntervalMs: 60_000,
    checkCRCOnRecover: true, messageIndexEnable: false, flushConsumerOffsetIntervalMs: 5000,
    delayLevelsMs: [1000], storeHost: { ip: "127.0.0.1", port: 10911 }, log: silentLogger,
  } as StoreOptions;
}

function message(queueId: number, body: Uint8Array): MessageToStore {
  return { topic: "T", queueId, flag: 0, body, properties: "", bornTimestamp: Date.now(), bornHost: { ip: "127.0.0.1", port: 1 }, sysFlag: 0, reconsumeTimes: 0 } as unknown as MessageToStore;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function measure(size: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mq-bench-pull-"));
  const store = await openStore(options(dir));
  try {
    const body = new Uint8Array(size).fill(7);
    for (let i = 0; i < RECORDS; i += 64) {
      const q = (i / 64) % QUEUES;
      await store.putBatch(Array.from({ length: 64 }, () => message(q, body)));
    }
    let bytes = 0;
    const channel = new Channel(
      { remoteAddress: "127.0.0.1", remotePort: 1, write: (b) => ((bytes += b.length), b.length), end: () => {}, pause: () => {}, resume: () => {} },
      { log: silentLogger, maxFrameBytes: 64 << 20, outboundBytesMax: 256 << 20, pendingMax: 16, handler: () => undefined },
    );
    for (let round = 0; round < ROUNDS; round++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let messages = 0;
      for (let q = 0; q < QUEUES; q++) {
        let offset = 0;
        for (let pulls = 0; ; pulls++) {
          const got = store.getMessages("T", q, queueOffset(offset), PULL_MAX);
          if (got.records.length === 0) break;
          const outcome = { code: ResponseCode.SUCCESS, status: got.status, nextBeginOffset: got.nextBeginOffset, minOffset: got.minOffset,
            maxOffset: got.maxOffset, records: got.records, release: got.release, suggestWhichBrokerId: 0 } as PullOutcome;
          const res = pullReply(outcome);
          res.opaque = pulls;
          res.flag = 1;
          channel.send(res);
          messages += got.records.length;
          offset = got.nextBeginOffset;
          if (pulls % 8 === 7) await turn();
        }
      }
      await turn();
      const cpu = process.cpuUsage(cpu0);
      const us = (cpu.user + cpu.system) / messages;
      process.stdout.write(`${size} B: ${messages} messages pulled, ${us.toFixed(2)} µs CPU/msg, ${((performance.now() - t0) * 1000 / messages).toFixed(2)} µs wall/msg, ${(bytes / 1e6).toFixed(0)} MB queued\n`);
    }
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const size of [1024, 4096]) await measure(size);
