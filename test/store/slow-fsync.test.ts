// SYNC_FLUSH on a slow disk: the fdatasync runs on the thread pool, so while a put waits for a
// 1 s fsync (PowerLossDisk's syncDelayMs) the event loop goes on — timers fire, pulls are
// answered — and the puts that arrive meanwhile share the next fsync (group commit).
import { expect, test } from "bun:test";
import { queueOffset } from "../../src/common/index.ts";
import { MemoryDisk, openStore, PowerLossDisk } from "../../src/store/index.ts";
import { message, storeOptions } from "./store-fixture.ts";

// Long enough that an fsync on the event loop could not hide in the noise of a loaded machine.
const FSYNC_MS = 1000;

test("a SYNC_FLUSH put waits for a slow (1 s) fsync while timers and pulls go on, and later puts share the next fsync", async () => {
  const disk = new PowerLossDisk(new MemoryDisk());
  const store = await openStore(storeOptions("/mq-store", {
    disk, flushDiskType: "SYNC_FLUSH", flushIntervalMs: 60_000, flushThoroughIntervalMs: 60_000,
  }));
  expect(await store.put(message("T", 0, "before"))).toMatchObject({ status: "PUT_OK" });
  disk.faults.syncDelayMs = FSYNC_MS;

  let lastTickMs = performance.now();
  let tickGapMaxMs = 0;
  let pullsAnswered = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    tickGapMaxMs = Math.max(tickGapMaxMs, now - lastTickMs);
    lastTickMs = now;
    if (store.getMessages("T", 0, queueOffset(0), 1).status === "FOUND") pullsAnswered++;
  }, 5);

  const syncsBefore = disk.syncs;
  const startMs = performance.now();
  const first = store.put(message("T", 0, "slow"));
  await Bun.sleep(50); // the first fsync is under way: these twenty wait for the next one
  const later = Array.from({ length: 20 }, (_, i) => store.put(message("T", 0, `later-${i}`)));
  const firstResult = await first;
  const firstMs = performance.now() - startMs;
  const laterResults = await Promise.all(later);
  const allMs = performance.now() - startMs;
  clearInterval(ticker);

  expect(firstResult.status).toBe("PUT_OK");
  expect(laterResults.every((r) => r.status === "PUT_OK")).toBe(true);
  expect(firstMs).toBeGreaterThanOrEqual(FSYNC_MS - 5); // the send waited for its fsync
  expect(allMs).toBeLessThan(3 * FSYNC_MS); // the twenty took one more fsync, not twenty
  expect(disk.syncs - syncsBefore).toBe(2);
  expect(tickGapMaxMs).toBeLessThan(FSYNC_MS / 2); // the loop never stopped for an fsync
  expect(pullsAnswered).toBeGreaterThan(20);
  await store.close();
});
