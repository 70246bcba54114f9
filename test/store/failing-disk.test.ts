// Faults injected through the disk seam (PowerLossDisk's faults): a failed fsync is sticky, and
// a store closed after one is not a clean stop.
import { expect, test } from "bun:test";
import { queueOffset } from "../../src/common/index.ts";
import { MemoryDisk, openStore, PowerLossDisk } from "../../src/store/index.ts";
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
