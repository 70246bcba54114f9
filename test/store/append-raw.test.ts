// appendRaw: a slave writes its master's commitlog bytes at their exact physical offsets, in
// pieces cut anywhere (mid-record, mid-header, at segment ends), and ends with the same queues,
// index and records as the master.
import { afterEach, expect, test } from "bun:test";
import { physicalOffset, queueOffset } from "../../src/common/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

const dirs: string[] = [];
const stores: MessageStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function open(segmentBytes = 16 * 1024, dir = tempDir()): Promise<MessageStore> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = await openStore(storeOptions(dir, { commitLogSegmentBytes: segmentBytes }));
  stores.push(store);
  return store;
}

async function fill(master: MessageStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const put = await master.put(message("T", i % 3, `body-${i}-${"x".repeat(i % 200)}`, `KEYS\u0001k${i}\u0002`));
    expect(put.status).toBe("PUT_OK");
  }
}

/** Copies master → slave as the master's HA connection would: reads of at most pieceBytes. */
async function copy(master: MessageStore, slave: MessageStore, from: number, pieceBytes: number): Promise<void> {
  let at = from;
  while (at < master.maxPhysicalOffset()) {
    const bytes = master.readCommitLog(physicalOffset(at), pieceBytes);
    expect(bytes.length).toBeGreaterThan(0);
    await slave.appendRaw(physicalOffset(at), bytes);
    at += bytes.length;
  }
}

function expectSameQueues(master: MessageStore, slave: MessageStore): void {
  for (let q = 0; q < 3; q++) {
    expect(slave.maxOffset("T", q)).toBe(master.maxOffset("T", q));
    const want = master.getMessages("T", q, master.minOffset("T", q), 10_000);
    const got = slave.getMessages("T", q, master.minOffset("T", q), 10_000);
    expect(got.records.length).toBe(want.records.length);
    expect(got.records.map((r) => Buffer.from(r).toString("hex"))).toEqual(want.records.map((r) => Buffer.from(r).toString("hex")));
  }
}

test("a slave fed the master's commitlog in odd-sized pieces ends with the master's queues, records and index", async () => {
  const master = await open();
  const slave = await open();
  await fill(master, 400); // several 16 KiB segments, each ended by a blank record
  await copy(master, slave, 0, 997);
  expect(slave.maxPhysicalOffset()).toBe(master.maxPhysicalOffset());
  expectSameQueues(master, slave);
  expect(slave.queryByKey("T", "k123", 10, 0, Date.now() + 1000).length).toBe(1);
  const first = master.getMessages("T", 1, queueOffset(5), 1);
  expect(first.records.length).toBe(1);
});

test("a slave that starts empty at the beginning of the master's last segment holds that segment's messages at their queue offsets", async () => {
  const master = await open();
  await fill(master, 400);
  const max = master.maxPhysicalOffset();
  const lastSegment = max - (max % (16 * 1024));
  expect(lastSegment).toBeGreaterThan(0);
  const slave = await open();
  await copy(master, slave, lastSegment, 32 * 1024);
  expect(slave.maxPhysicalOffset()).toBe(max);
  expect(Number(slave.minPhysicalOffset())).toBe(lastSegment);
  for (let q = 0; q < 3; q++) {
    expect(slave.maxOffset("T", q)).toBe(master.maxOffset("T", q));
    const from = slave.minOffset("T", q);
    const got = slave.getMessages("T", q, from, 10_000);
    const want = master.getMessages("T", q, from, 10_000);
    expect(got.records.length).toBeGreaterThan(0);
    expect(got.records.map((r) => Buffer.from(r).toString("hex"))).toEqual(want.records.map((r) => Buffer.from(r).toString("hex")));
  }
});

test("a slave restarted after a piece that ended mid-record takes the rest from its max offset and ends equal to the master", async () => {
  const master = await open();
  await fill(master, 50);
  const slaveDir = tempDir();
  let slave = await open(16 * 1024, slaveDir);
  const cut = 1234; // mid-record
  await slave.appendRaw(physicalOffset(0), master.readCommitLog(physicalOffset(0), cut));
  await slave.close();
  stores.splice(stores.indexOf(slave), 1);
  slave = await open(16 * 1024, slaveDir);
  const resumed = slave.maxPhysicalOffset();
  expect(resumed).toBeLessThanOrEqual(cut);
  expect(resumed).toBeGreaterThan(0);
  await copy(master, slave, resumed, 4096);
  expectSameQueues(master, slave);
});

test("appendRaw calls onWritten once the bytes are in the commitlog and before they are dispatched, once", async () => {
  const master = await open();
  const slave = await open();
  await fill(master, 20);
  const bytes = master.readCommitLog(physicalOffset(0), master.maxPhysicalOffset());
  const seen: Array<{ end: number; queued: number }> = [];
  await slave.appendRaw(physicalOffset(0), bytes, () => seen.push({ end: slave.maxPhysicalOffset(), queued: slave.maxOffset("T", 0) }));
  expect(seen).toEqual([{ end: bytes.length, queued: 0 }]);
  expect(slave.maxOffset("T", 0)).toBe(master.maxOffset("T", 0));
});
