// Store benchmark: `node_modules/.bin/bun scripts/bench-store.ts [async] [sync] [reads] [recovery]`
// (no argument: all). One run measures the store and, alongside, this machine's raw baselines
// for the same bytes, and prints each store figure as a ratio to its baseline. Each baseline is
// measured right before the store phase compared with it, so both see the same load on this
// shared machine:
//   ASYNC_FLUSH puts (1 and 64 putters; 64 also without the index)  vs raw sequential writes (1 record / 64 records a write)
//   SYNC_FLUSH puts (1 and 64 putters)   vs raw write-N-records-then-fdatasync round trips
//   reads through consume queue + commitlog (32 per getMessages)
//   recovery of 1 GiB after SIGKILL (full CRC scan with no checkpoint, and with the checkpoint)
// Temp data lives under /tmp and is deleted at the end.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { queueOffset, silentLogger } from "../src/common/index.ts";
import { openStore, type MessageStore, type MessageToStore, type StoreOptions } from "../src/store/index.ts";

const BODY_BYTES = 1024;
const PHASE_MS = 2500;
const RECOVERY_BYTES = 1024 * 1024 * 1024;
const out = (line: string): void => void process.stdout.write(line + "\n");

function options(rootDir: string, flushDiskType: StoreOptions["flushDiskType"]): StoreOptions {
  return {
    rootDir, commitLogSegmentBytes: 1024 * 1024 * 1024, consumeQueueSegmentBytes: 300_000 * 20, flushDiskType,
    flushIntervalMs: 500, flushLeastPages: 4, flushThoroughIntervalMs: 10_000, syncFlushTimeoutMs: 5000,
    maxMessageSizeBytes: 4 * 1024 * 1024, deleteWhen: "04", fileReservedTimeHours: 72, diskMaxUsedSpaceRatio: 95,
    diskSpaceCleanForciblyRatio: 97, diskSpaceWarningLevelRatio: 99, cleanResourceIntervalMs: 60_000,
    checkCRCOnRecover: true, messageIndexEnable: true, flushConsumerOffsetIntervalMs: 5000,
    delayLevelsMs: [1000], storeHost: { ip: "127.0.0.1", port: 10911 }, log: silentLogger,
  };
}

const body = new Uint8Array(BODY_BYTES).map((_, i) => i & 0xff);
let sequence = 0;
// Each message gets its own KEYS and UNIQ_KEY (32 upper-case hex digits, as a client makes):
// the hex is built from a byte table because toString(16) + toUpperCase + padStart was a fifth
// of the putters' time, which is the harness's cost, not the store's. The bytes are the same.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));
const UNIQ_PREFIX = "0".repeat(24);
const hex8 = (n: number): string => (HEX[(n >>> 24) & 0xff] as string) + HEX[(n >>> 16) & 0xff] + HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];
function nextMessage(queueId: number): MessageToStore {
  const n = sequence++;
  return {
    topic: "BenchTopic", queueId, flag: 0, body, sysFlag: 0, bornTimestamp: Date.now(),
    properties: "TAGS\u0001TagA\u0002KEYS\u0001key" + n + "\u0002UNIQ_KEY\u0001" + UNIQ_PREFIX + hex8(n),
    bornHost: { ip: "127.0.0.1", port: 50000 }, reconsumeTimes: 0, preparedTransactionOffset: 0,
  };
}

/** A sample record's size, to give the raw baselines the same bytes. */
async function recordBytes(dir: string): Promise<number> {
  const store = await openStore(options(dir, "ASYNC_FLUSH"));
  const result = await store.put(nextMessage(0));
  const size = store.maxPhysicalOffset() - ("physicalOffset" in result ? result.physicalOffset : 0);
  await store.close();
  return size;
}

interface Rate { perSecond: number; mbPerSecond: number }

function rate(count: number, bytes: number, ms: number): Rate {
  return { perSecond: (count * 1000) / ms, mbPerSecond: (bytes * 1000) / ms / 1e6 };
}

function rawSequential(dir: string, recordSize: number, recordsPerWrite: number): Rate {
  const chunk = new Uint8Array(recordSize * recordsPerWrite).fill(7);
  const fd = fs.openSync(path.join(dir, "raw-seq"), "w");
  let position = 0;
  let writes = 0;
  const start = performance.now();
  while (performance.now() - start < PHASE_MS) {
    for (let i = 0; i < 16; i++, writes++) position += fs.writeSync(fd, chunk, 0, chunk.length, position);
  }
  const ms = performance.now() - start;
  fs.closeSync(fd);
  fs.rmSync(path.join(dir, "raw-seq"));
  return rate(writes * recordsPerWrite, position, ms);
}

function rawFsync(dir: string, recordSize: number, recordsPerWrite: number): Rate {
  const chunk = new Uint8Array(recordSize * recordsPerWrite).fill(7);
  const fd = fs.openSync(path.join(dir, "raw-fsync"), "w");
  let position = 0;
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < PHASE_MS) {
    position += fs.writeSync(fd, chunk, 0, chunk.length, position);
    fs.fdatasyncSync(fd);
    rounds++;
  }
  const ms = performance.now() - start;
  fs.closeSync(fd);
  fs.rmSync(path.join(dir, "raw-fsync"));
  return rate(rounds * recordsPerWrite, position, ms);
}

async function storePuts(dir: string, flushDiskType: StoreOptions["flushDiskType"], putters: number, index = true): Promise<Rate> {
  const store = await openStore({ ...options(dir, flushDiskType), messageIndexEnable: index });
  let count = 0;
  let failures = 0;
  const start = performance.now();
  const deadline = start + PHASE_MS;
  await Promise.all(
    Array.from({ length: putters }, async (_, p) => {
      while (performance.now() < deadline) {
        const result = await store.put(nextMessage(p % 8));
        if (result.status === "PUT_OK") count++;
        else failures++;
      }
    }),
  );
  const ms = performance.now() - start;
  const bytes = store.maxPhysicalOffset();
  const closeStart = performance.now();
  await store.close();
  const closeMs = performance.now() - closeStart;
  if (failures > 0) out(`  (${failures} puts failed)`);
  if (index && closeMs > 100) out(`  (close took ${fmt(closeMs)} ms: the index worker caught up with the puts' backlog)`);
  fs.rmSync(dir, { recursive: true, force: true });
  return rate(count, bytes, ms);
}

async function reads(dir: string): Promise<Rate> {
  const store = await openStore(options(dir, "ASYNC_FLUSH"));
  const puts: Promise<unknown>[] = [];
  for (let i = 0; i < 200_000; i++) puts.push(store.put(nextMessage(0)));
  await Promise.all(puts);
  const max = store.maxOffset("BenchTopic", 0);
  let count = 0;
  let bytes = 0;
  let offset = 0;
  const start = performance.now();
  while (performance.now() - start < PHASE_MS) {
    const got = store.getMessages("BenchTopic", 0, queueOffset(offset), 32);
    count += got.records.length;
    for (const record of got.records) bytes += record.length;
    offset = got.nextBeginOffset >= max ? 0 : got.nextBeginOffset;
  }
  const ms = performance.now() - start;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate(count, bytes, ms);
}

/** Child mode: fill a store with RECOVERY_BYTES of puts, print "full", then wait to be killed. */
async function fillChild(dir: string): Promise<void> {
  const store: MessageStore = await openStore(options(dir, "ASYNC_FLUSH"));
  await Promise.all(
    Array.from({ length: 64 }, async (_, p) => {
      while (store.maxPhysicalOffset() < RECOVERY_BYTES) await store.put(nextMessage(p % 8));
    }),
  );
  out("full");
  setInterval(() => {}, 1000);
}

async function recovery(dir: string): Promise<{ fullScanMs: number; checkpointMs: number; records: number }> {
  const child = Bun.spawn([process.execPath, import.meta.path, "--fill-child", dir], { stdout: "pipe", stderr: "inherit" });
  for await (const chunk of child.stdout) if (new TextDecoder().decode(chunk).includes("full")) break;
  child.kill("SIGKILL");
  await child.exited;
  const crashed = `${dir}-crashed`;
  fs.cpSync(dir, crashed, { recursive: true });
  fs.rmSync(path.join(dir, "checkpoint"), { force: true });
  let start = performance.now();
  const store = await openStore(options(dir, "ASYNC_FLUSH"));
  const fullScanMs = performance.now() - start;
  let records = 0;
  for (let q = 0; q < 8; q++) records += store.maxOffset("BenchTopic", q);
  await store.close();
  start = performance.now();
  const again = await openStore(options(crashed, "ASYNC_FLUSH"));
  const checkpointMs = performance.now() - start;
  await again.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(crashed, { recursive: true, force: true });
  return { fullScanMs, checkpointMs, records };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits });
const line = (name: string, r: Rate): string => `${name.padEnd(44)} ${fmt(r.perSecond).padStart(11)} rec/s ${fmt(r.mbPerSecond, 1).padStart(8)} MB/s`;
const ratio = (a: Rate, b: Rate, by: "perSecond" | "mbPerSecond"): string => `${((a[by] / b[by]) * 100).toFixed(0)}%`;

async function asyncPhases(root: string, size: number): Promise<void> {
  const raw1 = rawSequential(root, size, 1);
  out(line("baseline: sequential write, 1 record/write", raw1));
  const async1 = await storePuts(path.join(root, "a1"), "ASYNC_FLUSH", 1);
  out(`${line("ASYNC_FLUSH, 1 putter", async1)}   ${ratio(async1, raw1, "mbPerSecond")} of 1-record writes`);
  for (const index of [true, false]) {
    const raw64 = rawSequential(root, size, 64);
    out(line("baseline: sequential write, 64 records/write", raw64));
    const async64 = await storePuts(path.join(root, index ? "a64" : "a64n"), "ASYNC_FLUSH", 64, index);
    const name = index ? "ASYNC_FLUSH, 64 putters" : "ASYNC_FLUSH, 64 putters, messageIndexEnable=false";
    out(`${line(name, async64)}   ${ratio(async64, raw64, "mbPerSecond")} of 64-record writes${index ? " (target >= 50%)" : ""}`);
  }
}

async function syncPhases(root: string, size: number): Promise<void> {
  const sync1Raw = rawFsync(root, size, 1);
  out(line("baseline: write 1 record + fdatasync", sync1Raw));
  const syncOne = await storePuts(path.join(root, "s1"), "SYNC_FLUSH", 1);
  out(`${line("SYNC_FLUSH, 1 putter", syncOne)}   ${ratio(syncOne, sync1Raw, "perSecond")} of write-1+fsync`);
  const sync64Raw = rawFsync(root, size, 64);
  out(line("baseline: write 64 records + fdatasync", sync64Raw));
  const sync64 = await storePuts(path.join(root, "s64"), "SYNC_FLUSH", 64);
  out(`${line("SYNC_FLUSH, 64 putters", sync64)}   ${ratio(sync64, sync64Raw, "perSecond")} of write-64+fsync (target >= 60%)`);
}

async function main(phases: string[]): Promise<void> {
  const root = fs.mkdtempSync(path.join("/tmp", "mq-bench-store-"));
  const wanted = (phase: string): boolean => phases.length === 0 || phases.includes(phase);
  try {
    const size = await recordBytes(path.join(root, "sample"));
    out(`store bench: ${BODY_BYTES} B bodies, ${size} B records, ${os.cpus().length} cores, /tmp on this machine`);
    if (wanted("async")) await asyncPhases(root, size);
    if (wanted("sync")) await syncPhases(root, size);
    if (wanted("reads")) {
      const raw64 = rawSequential(root, size, 64);
      out(line("baseline: sequential write, 64 records/write", raw64));
      const read = await reads(path.join(root, "r"));
      out(`${line("reads, getMessages(32) + commitlog", read)}   ${ratio(read, raw64, "mbPerSecond")} of raw write MB/s`);
    }
    if (wanted("recovery")) {
      const recovered = await recovery(path.join(root, "recovery"));
      out(`recovery of 1 GiB after SIGKILL, no checkpoint (full CRC scan, ${fmt(recovered.records)} records): ${fmt(recovered.fullScanMs)} ms (target <= 3000)`);
      out(`recovery of 1 GiB after SIGKILL, with its checkpoint: ${fmt(recovered.checkpointMs)} ms`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--fill-child") await fillChild(process.argv[3] as string);
else await main(process.argv.slice(2));
