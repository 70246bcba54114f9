// Faults injected through the disk seam (PowerLossDisk's faults): a failed fsync is sticky, and
// a store closed after one is not a clean stop.
import { expect, test } from "bun:test";
import { decodeRecord, queueOffset } from "../../src/common/index.ts";
import { MemoryDisk, openStore, PowerLossDisk } from "../../src/store/index.ts";
import { recordingLogger } from "../remoting/fixtures.ts";
import { message, storeOptions } from "./store-fixture.ts";

test("after a failed fsync puts are refused with the reason, and the store closed then keeps its abort marker so the next start recovers", async () => {
  const disk = new PowerLossDisk(new MemoryDisk());
  const options = storeOptions("/mq-store", { disk, flushDiskType: "SYNC_FLUSH", flushThoroughIntervalMs: 60_000 });
  const store = await openStore(options);
  expect(await store.put(message("T", 0, "kept"))).toMatchObject({ status: "PUT_OK" });
  disk.faults.syncError = "EIO";
  expect((await store.put(message("T", 0, "unsynced"))).status).not.toBe("PUT_OK");
  disk.faults.syncError = undefined;
  const later = await store.put(message("T", 0, "refused"));
  expect(later).toMatchObject({ status: "SERVICE_NOT_AVAILABLE", reason: expect.stringMatching(/fsync of the commitlog failed: .*EIO/) });
  await store.close();
  expect(disk.exists("/mq-store/abort")).toBe(true);

  const reopened = await openStore(options);
  expect(reopened.getMessages("T", 0, queueOffset(0), 10).records).toHaveLength(2);
  expect(await reopened.put(message("T", 0, "after"))).toMatchObject({ status: "PUT_OK", queueOffset: 2 });
  await reopened.close();
  expect(disk.exists("/mq-store/abort")).toBe(false);
});

test("a write that finds the disk full is cut and refused with the reason; puts are accepted again once space returns, with no restart", async () => {
  const disk = new PowerLossDisk(new MemoryDisk());
  let nowMs = 1_000_000;
  let usedRatio = 50;
  const options = storeOptions("/mq-store", {
    disk, flushDiskType: "SYNC_FLUSH", flushThoroughIntervalMs: 60_000, now: () => nowMs, diskUsedRatio: () => usedRatio,
  });
  const store = await openStore(options);
  expect(await store.put(message("T", 0, "first"))).toMatchObject({ status: "PUT_OK", queueOffset: 0 });
  const end = store.maxPhysicalOffset();

  disk.faults.writeError = "ENOSPC";
  const refused = await store.put(message("T", 0, "no room"));
  expect(refused).toMatchObject({ status: "SERVICE_NOT_AVAILABLE", reason: expect.stringContaining("disk full: a write to") });
  expect(store.maxPhysicalOffset()).toBe(end); // the partial write was cut
  expect(store.runtimeInfo().diskFull).toBe(true);

  // Space freed: within the recheck interval the store measures again and takes puts, at the
  // offsets the refused put would have had.
  disk.faults.writeError = undefined;
  nowMs += 50;
  expect((await store.put(message("T", 0, "too soon"))).status).toBe("SERVICE_NOT_AVAILABLE");
  nowMs += 100;
  expect(await store.put(message("T", 0, "second"))).toMatchObject({ status: "PUT_OK", queueOffset: 1, physicalOffset: end });
  expect(store.runtimeInfo().diskFull).toBe(false);
  const bodies = store.getMessages("T", 0, queueOffset(0), 10).records.map((r) => new TextDecoder().decode(decodeRecord(r).body));
  expect(bodies).toEqual(["first", "second"]);
  expect(store.runtimeInfo().corruptRecordsSkipped).toBe(0);
  await store.close();
});

test("puts are refused as soon as the disk passes diskSpaceWarningLevelRatio, measured on the put path, not only by the 10 s retention round", async () => {
  let nowMs = 1_000_000;
  let usedRatio = 50;
  const store = await openStore(storeOptions("/mq-store", { disk: new MemoryDisk(), now: () => nowMs, diskUsedRatio: () => usedRatio }));
  expect((await store.put(message("T", 0, "a"))).status).toBe("PUT_OK");
  usedRatio = 95;
  nowMs += 1000; // a measure is due after PROBE_INTERVAL_MS (or PROBE_BYTES written)
  expect(await store.put(message("T", 0, "b"))).toMatchObject({
    status: "SERVICE_NOT_AVAILABLE", reason: "disk full: 95% used of /mq-store/commitlog, above diskSpaceWarningLevelRatio 90",
  });
  usedRatio = 70;
  nowMs += 100;
  expect((await store.put(message("T", 0, "c"))).status).toBe("PUT_OK");
  await store.close();
});

test("the log says once when puts start being refused for a full disk, found on the put path, and once when they are accepted again", async () => {
  let nowMs = 1_000_000;
  let usedRatio = 50;
  const { log, lines } = recordingLogger();
  const store = await openStore(storeOptions("/mq-store", { disk: new MemoryDisk(), log, now: () => nowMs, diskUsedRatio: () => usedRatio }));
  const diskLines = () => lines.filter((l) => l.message.startsWith("puts ")).map((l) => `${l.level} ${l.message} ${String(l.fields?.reason ?? "")}`);
  expect((await store.put(message("T", 0, "a"))).status).toBe("PUT_OK");
  usedRatio = 95;
  nowMs += 1000;
  for (const body of ["b", "c", "d"]) {
    expect((await store.put(message("T", 0, body))).status).toBe("SERVICE_NOT_AVAILABLE");
    nowMs += 100;
  }
  store.runRetention();
  usedRatio = 70;
  nowMs += 100;
  expect((await store.put(message("T", 0, "e"))).status).toBe("PUT_OK");
  expect(diskLines()).toEqual([
    "warn puts refused disk full: 95% used of /mq-store/commitlog, above diskSpaceWarningLevelRatio 90",
    "info puts accepted again: the disk has room 70% used of /mq-store/commitlog",
  ]);
  await store.close();
});

test("a consume-queue flush that finds the disk full is written at a later flush, not made sticky", async () => {
  const disk = new PowerLossDisk(new MemoryDisk());
  const { log, lines } = recordingLogger();
  const store = await openStore(storeOptions("/mq-store", { disk, log, flushIntervalMs: 10, flushThoroughIntervalMs: 20 }));
  expect(await store.put(message("T", 0, "a"))).toMatchObject({ status: "PUT_OK" });
  disk.faults.writeError = "ENOSPC";
  const full = (): boolean => lines.some((l) => l.message.startsWith("consume queues not written: the disk is full"));
  for (let i = 0; i < 200 && !full(); i++) await Bun.sleep(10);
  expect(full()).toBe(true);
  disk.faults.writeError = undefined;
  expect(await store.put(message("T", 0, "b"))).toMatchObject({ status: "PUT_OK", queueOffset: 1 });
  expect(lines.some((l) => l.message === "the store stops accepting puts")).toBe(false);
  expect(store.getMessages("T", 0, queueOffset(0), 10).records).toHaveLength(2);
  await store.close();
  const reopened = await openStore(storeOptions("/mq-store", { disk }));
  expect(reopened.getMessages("T", 0, queueOffset(0), 10).records).toHaveLength(2);
  await reopened.close();
});
