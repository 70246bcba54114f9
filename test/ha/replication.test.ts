// HaMaster and HaSlave in one process over loopback, each on its own store.
import { afterEach, expect, test } from "bun:test";
import { silentLogger } from "../../src/common/index.ts";
import net from "node:net";
import { encodeReport, HaMaster, HaSlave, type HaMasterOptions } from "../../src/ha/index.ts";
import type { Logger } from "../../src/common/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "../store/store-fixture.ts";
import { until } from "../remoting/fixtures.ts";

const SEGMENT_BYTES = 64 * 1024;
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function store(): Promise<MessageStore> {
  const dir = tempDir();
  const s = await openStore(storeOptions(dir, { commitLogSegmentBytes: SEGMENT_BYTES }));
  cleanups.push(() => removeDir(dir), () => s.close());
  return s;
}

async function master(s: MessageStore, slaveTimeoutMs = 3000, extra: Partial<HaMasterOptions> = {}): Promise<HaMaster> {
  const m = new HaMaster({
    store: s, port: 0, host: "127.0.0.1", segmentBytes: SEGMENT_BYTES, batchBytes: 32 * 1024,
    heartbeatIntervalMs: 200, housekeepingIntervalMs: 5000, maxGapBytes: 256 * 1024 * 1024, slaveTimeoutMs, log: silentLogger, ...extra,
  });
  await m.start();
  cleanups.push(() => m.stop());
  return m;
}

function slave(s: MessageStore, m: HaMaster): HaSlave {
  const sl = new HaSlave({ store: s, masterAddress: `127.0.0.1:${m.port}`, heartbeatIntervalMs: 200, housekeepingIntervalMs: 5000, reconnectMs: 50, log: silentLogger });
  cleanups.push(() => sl.stop());
  return sl;
}

async function fill(s: MessageStore, count: number, tag = "a"): Promise<void> {
  for (let i = 0; i < count; i++) await s.put(message("T", i % 2, `${tag}-${i}-${"y".repeat(i % 300)}`));
}


test("an empty slave copies its master and its queues hold the master's messages", async () => {
  const ms = await store();
  await fill(ms, 150); // within the first segment, so the whole log is copied
  const m = await master(ms);
  const ss = await store();
  slave(ss, m);
  await until(() => ss.maxPhysicalOffset() === ms.maxPhysicalOffset(), 10_000);
  await fill(ms, 50, "b");
  await until(() => ss.maxPhysicalOffset() === ms.maxPhysicalOffset(), 10_000);
  for (const q of [0, 1]) {
    expect(ss.maxOffset("T", q)).toBe(ms.maxOffset("T", q));
    const hex = (s: MessageStore) => s.getMessages("T", q, s.minOffset("T", q), 1000).records.map((r) => Buffer.from(r).toString("hex"));
    expect(hex(ss)).toEqual(hex(ms));
  }
  await until(() => m.slaves()[0]?.ackOffset === ms.maxPhysicalOffset(), 10_000);
  expect(m.slaves()[0]?.behindBytes).toBe(0);
});

test("a send waits for the slave's acknowledgement, and without a slave is SLAVE_NOT_AVAILABLE", async () => {
  const ms = await store();
  const m = await master(ms, 2000);
  const put = await ms.put(message("T", 0, "x"));
  if (put.status !== "PUT_OK") throw new Error(put.status);
  expect(m.awaitSlave(put.nextPhysicalOffset)).toBe("SLAVE_NOT_AVAILABLE");
  const ss = await store();
  slave(ss, m);
  await until(() => m.slaves().length === 1, 10_000);
  const next = await ms.put(message("T", 0, "y"));
  if (next.status !== "PUT_OK") throw new Error(next.status);
  expect(await m.awaitSlave(next.nextPhysicalOffset)).toBe("PUT_OK");
  expect(ss.maxPhysicalOffset()).toBeGreaterThanOrEqual(next.nextPhysicalOffset);
});

test("a slave whose log is longer than its master's refuses to follow, naming both offsets, and keeps its log", async () => {
  const ms = await store();
  await fill(ms, 10);
  const ss = await store();
  await ss.appendRaw(ms.minPhysicalOffset(), ms.readCommitLog(ms.minPhysicalOffset(), ms.maxPhysicalOffset()));
  await fill(ss, 30, "own"); // the master's log, then messages the master never had
  const before = ss.maxPhysicalOffset();
  const m = await master(ms);
  const sl = slave(ss, m);
  await until(() => sl.status().state === "refused", 10_000);
  const status = sl.status();
  expect(status.state === "refused" && status.reason).toContain(`ends at ${before}, ahead of its master`);
  expect(status.state === "refused" && status.reason).toContain(`at ${ms.maxPhysicalOffset()}`);
  expect(ss.maxPhysicalOffset()).toBe(before);
  await until(() => m.slaves().length === 0, 10_000); // the master drops it too
});

test("a slave whose log differs from its master's where they meet refuses to follow", async () => {
  const ms = await store();
  await fill(ms, 40);
  const ss = await store();
  await fill(ss, 3, "other-history"); // shorter, but not a prefix of the master's log
  const mine = ss.maxPhysicalOffset();
  const m = await master(ms);
  const sl = slave(ss, m);
  await until(() => sl.status().state === "refused", 10_000);
  const status = sl.status();
  expect(status.state === "refused" && status.reason).toContain("differs from its master");
  expect(ss.maxPhysicalOffset()).toBe(mine);
});

test("a slave that reconnects checks its tail against the master's and goes on from its end", async () => {
  const ms = await store();
  await fill(ms, 100);
  const m = await master(ms);
  const ss = await store();
  const first = slave(ss, m);
  await until(() => ss.maxPhysicalOffset() === ms.maxPhysicalOffset(), 10_000);
  await first.stop();
  await fill(ms, 100, "later");
  const second = slave(ss, m);
  await until(() => ss.maxPhysicalOffset() === ms.maxPhysicalOffset(), 10_000);
  expect(second.status().state).toBe("following");
  for (const q of [0, 1]) expect(ss.maxOffset("T", q)).toBe(ms.maxOffset("T", q));
});

test("a slave holding a few KiB follows a master whose log has moved past its first segment", async () => {
  const ms = await store();
  await fill(ms, 10);
  const ss = await store();
  await ss.appendRaw(ms.minPhysicalOffset(), ms.readCommitLog(ms.minPhysicalOffset(), ms.maxPhysicalOffset()));
  await fill(ms, 600); // several 64 KiB segments
  const m = await master(ms);
  const sl = slave(ss, m);
  await until(() => ss.maxPhysicalOffset() === ms.maxPhysicalOffset(), 10_000);
  expect(sl.status().state).toBe("following");
  for (const q of [0, 1]) expect(ss.maxOffset("T", q)).toBe(ms.maxOffset("T", q));
});

test("the master logs a slave that falls more than haMaxGapNotInSync behind, and its return", async () => {
  const ms = await store();
  await fill(ms, 50);
  const lines: string[] = [];
  const log: Logger = { ...silentLogger, info: (m) => lines.push(m), warn: (m) => lines.push(m), child: () => log };
  const m = await master(ms, 3000, { maxGapBytes: 1024, log });
  // A slave that takes the stream but acknowledges nothing past 0, as a stuck one would.
  const socket = net.connect({ host: "127.0.0.1", port: m.port });
  cleanups.push(() => void socket.destroy());
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(encodeReport(0));
  await until(() => lines.includes("slave fell behind"), 10_000);
  socket.write(encodeReport(ms.maxPhysicalOffset()));
  await until(() => lines.includes("slave back in sync"), 10_000);
});
