// The read paths a caught-up consumer takes: the commitlog's block cache serves bytes just
// written without reading the file, and a consume queue serves entries it has not written out
// yet from its buffer. Both must return exactly what the file would. And the thorough flush that
// makes queue entries durable runs while the store serves.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { decodeRecords, queueOffset } from "../../src/common/index.ts";
import { readCheckpoint } from "../../src/store/checkpoint.ts";
import { realDisk, type Disk, type DiskFile } from "../../src/store/disk.ts";
import { ConsumeQueue } from "../../src/store/consume-queue.ts";
import { openStore } from "../../src/store/index.ts";
import { ReadCache } from "../../src/store/read-cache.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

const BLOCK = 512 * 1024;
const SEGMENT = 4 * BLOCK;

/** A log in memory with a ReadCache in front, counting the reads that reach the "file". */
function cachedLog() {
  const file = new Uint8Array(4 * SEGMENT);
  let end = 0;
  let direct = 0;
  const cache = new ReadCache(SEGMENT, (offset, target) => {
    direct++;
    const n = Math.max(0, Math.min(target.length, end - offset));
    target.set(file.subarray(offset, offset + n));
    return n;
  });
  let seed = 1;
  return {
    cache,
    get end() {
      return end;
    },
    get direct() {
      return direct;
    },
    /** Appends n pseudo-random bytes at the end, as CommitLog.write does. */
    write(n: number) {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      file.set(bytes, end);
      cache.written(end, bytes);
      end += n;
    },
    read(offset: number, length: number): Uint8Array {
      const target = new Uint8Array(length);
      expect(cache.readInto(offset, target, end)).toBe(length);
      expect(target).toEqual(file.subarray(offset, offset + length));
      return target;
    },
  };
}

describe("commitlog block cache", () => {
  test("bytes just written are read back without touching the file", () => {
    const log = cachedLog();
    for (let i = 0; i < 300; i++) {
      const at = log.end;
      log.write(1000 + (i % 7));
      log.read(at, 1000);
    }
    expect(log.direct).toBe(0);
  });

  test("a block seen written whole stays readable from memory after the tail moves on", () => {
    const log = cachedLog();
    while (log.end < BLOCK + 5000) log.write(4096);
    log.read(100, 2000);
    log.read(BLOCK - 50, 40);
    expect(log.direct).toBe(0);
    log.read(BLOCK - 20, 40); // crosses the block boundary
    expect(log.direct).toBe(1);
  });

  test("bytes of the tail block written before the cache saw them are read from the file", () => {
    const log = cachedLog();
    log.write(3000);
    log.cache.clear(); // as after recovery: the cache starts mid-block
    log.write(3000);
    log.read(3000, 2000);
    expect(log.direct).toBe(0);
    log.read(1000, 1000);
    expect(log.direct).toBe(1);
  });

  test("a write that spans blocks lands in both, and old blocks give way to new ones", () => {
    const log = cachedLog();
    log.write(BLOCK - 10);
    log.write(100);
    log.read(BLOCK - 10, 10);
    log.read(BLOCK, 90);
    expect(log.direct).toBe(0);
    while (log.end + 64 * 1024 <= 4 * SEGMENT) log.write(64 * 1024);
    const before = log.direct;
    log.read(20, 100); // its block was dropped long ago
    expect(log.direct).toBe(before + 1);
    log.read(log.end - 100, 100);
    expect(log.direct).toBe(before + 1);
  });
});

describe("consume queue buffer", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  const fileBytes = (queueDir: string) =>
    fs.existsSync(queueDir) ? fs.readdirSync(queueDir).reduce((sum, name) => sum + fs.statSync(path.join(queueDir, name)).size, 0) : 0;

  test("entries not yet written out are read from the buffer, with those written before them", () => {
    const queueDir = path.join(dir, "T", "0");
    const queue = new ConsumeQueue(realDisk, "T", 0, queueDir, 20 * 1000);
    queue.load();
    for (let i = 0; i < 5; i++) queue.append(i, i * 100, 100, i);
    expect(queue.read(3, 10).map((e) => e.physicalOffset)).toEqual([300, 400]);
    expect(fileBytes(queueDir)).toBe(0); // the read wrote nothing
    for (let i = 5; i < 300; i++) queue.append(i, i * 100, 100, -i);
    expect(fileBytes(queueDir)).toBe(256 * 20); // a full buffer is written out
    const entries = queue.read(250, 20);
    expect(entries.map((e) => e.physicalOffset)).toEqual(Array.from({ length: 20 }, (_, k) => (250 + k) * 100));
    expect(entries.map((e) => e.tagsCode)).toEqual(Array.from({ length: 20 }, (_, k) => -(250 + k)));
    expect(queue.entryAt(299)).toEqual({ physicalOffset: 29900, size: 100, tagsCode: -299 });
    queue.sync();
    expect(fileBytes(queueDir)).toBe(300 * 20);
    queue.close();
    const reopened = new ConsumeQueue(realDisk, "T", 0, queueDir, 20 * 1000);
    reopened.load();
    expect(reopened.maxOffset).toBe(300);
    expect(reopened.read(0, 300).map((e) => e.size)).toEqual(new Array(300).fill(100));
    reopened.close();
  });
});

describe("consume queue read-ahead", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** realDisk, counting the reads of its files. */
  function countingDisk(): { disk: Disk; reads: () => number } {
    let reads = 0;
    const disk: Disk = Object.create(realDisk) as Disk;
    const wrap = (file: DiskFile): DiskFile => Object.assign(Object.create(file) as DiskFile, {
      read: (target: Uint8Array, position: number) => (reads++, file.read(target, position)),
    });
    disk.open = (f) => wrap(realDisk.open(f));
    disk.create = (f) => wrap(realDisk.create(f));
    return { disk, reads: () => reads };
  }

  test("a consumer behind the writer reads its entries with one file read per 256, and sees them all", () => {
    const { disk, reads } = countingDisk();
    const queue = new ConsumeQueue(disk, "T", 0, path.join(dir, "T", "0"), 20 * 1000);
    queue.load();
    for (let i = 0; i < 1000; i++) queue.append(i, i * 100, 100, i);
    queue.sync();
    const seen: number[] = [];
    for (let offset = 0; offset < 1000; offset += 32) seen.push(...queue.read(offset, 32).map((e) => e.physicalOffset));
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i * 100));
    expect(reads()).toBeLessThanOrEqual(5); // 1000 entries, 256 a read, one segment of 1000
    queue.close();
  });

  test("entries cut by truncateFrom and written again are read anew, not from the read-ahead", () => {
    const queue = new ConsumeQueue(realDisk, "T", 0, path.join(dir, "T", "0"), 20 * 1000);
    queue.load();
    for (let i = 0; i < 300; i++) queue.append(i, i * 100, 100, i);
    queue.sync();
    expect(queue.read(100, 4).map((e) => e.physicalOffset)).toEqual([10000, 10100, 10200, 10300]);
    queue.truncateFrom(10000);
    for (let i = 100; i < 300; i++) queue.append(i, 50_000 + i * 10, 10, i);
    queue.sync();
    expect(queue.read(100, 4).map((e) => e.physicalOffset)).toEqual([51000, 51010, 51020, 51030]);
    queue.close();
  });
});

describe("thorough flush", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  test("a running store syncs its consume queues and writes the checkpoint past what it dispatched", async () => {
    const store = await openStore(storeOptions(dir, { flushIntervalMs: 5, flushThoroughIntervalMs: 10 }));
    const put = await store.putBatch([message("T", 0, "a"), message("T", 0, "b"), message("T", 0, "c")]);
    expect(put.status).toBe("PUT_OK");
    const checkpointFile = path.join(dir, "checkpoint");
    const queueFile = path.join(dir, "consumequeue", "T", "0", "00000000000000000000");
    const deadline = Date.now() + 5000;
    while ((readCheckpoint(realDisk, checkpointFile)?.dispatchedOffset ?? 0) === 0 && Date.now() < deadline) await Bun.sleep(5);
    const checkpoint = readCheckpoint(realDisk, checkpointFile);
    const end = store.getMessages("T", 0, queueOffset(0), 3).records.reduce((sum, r) => sum + r.length, 0);
    expect(checkpoint?.dispatchedOffset).toBe(end);
    expect(checkpoint?.flushedOffset).toBe(end);
    expect(fs.statSync(queueFile).size).toBe(3 * 20);
    await store.close();
  });
});

describe("pull read buffers", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  const bodiesOf = (records: Uint8Array[]) => records.map((r) => Buffer.from(decodeRecords(r)[0]!.body).toString());

  test("a read's buffer is reused only once given back, and giving it back twice returns it once", async () => {
    const store = await openStore(storeOptions(dir));
    expect((await store.putBatch(["a", "b", "c", "d"].map((b) => message("T", 0, b)))).status).toBe("PUT_OK");
    const held = store.getMessages("T", 0, queueOffset(0), 2);
    const other = store.getMessages("T", 0, queueOffset(2), 2);
    // Not given back: the next read has a buffer of its own, and the held records stay as read.
    expect(other.records[0]!.buffer).not.toBe(held.records[0]!.buffer);
    expect(bodiesOf(held.records)).toEqual(["a", "b"]);
    other.release!();
    other.release!();
    const again = store.getMessages("T", 0, queueOffset(0), 4);
    expect(again.records[0]!.buffer).toBe(other.records[0]!.buffer);
    expect(bodiesOf(again.records)).toEqual(["a", "b", "c", "d"]);
    const next = store.getMessages("T", 0, queueOffset(1), 1);
    expect(next.records[0]!.buffer).not.toBe(again.records[0]!.buffer);
    expect(bodiesOf(held.records)).toEqual(["a", "b"]);
    await store.close();
  });
});
