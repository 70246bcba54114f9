import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { decodeRecord, queueOffset } from "../../src/common/index.ts";
import { openStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => removeDir(dir));

const HOUR_MS = 3_600_000;
const commitLogFiles = (): string[] => fs.readdirSync(path.join(dir, "commitlog")).sort();

function age(file: string, hours: number, now: number): void {
  const seconds = (now - hours * HOUR_MS) / 1000;
  fs.utimesSync(path.join(dir, "commitlog", file), seconds, seconds);
}

describe("retention", () => {
  test("deletes only expired segments at the deleteWhen hour and moves queue min offsets past them", async () => {
    const now = Date.now();
    const hour = String(new Date(now).getHours()).padStart(2, "0");
    const store = await openStore(
      storeOptions(dir, { commitLogSegmentBytes: 4096, consumeQueueSegmentBytes: 80, deleteWhen: hour, fileReservedTimeHours: 72, now: () => now }),
    );
    for (let i = 0; i < 80; i++) await store.put(message("T", i % 2, "x".repeat(150) + i));
    const files = commitLogFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    age(files[0] as string, 80, now);
    age(files[1] as string, 73, now);
    age(files[3] as string, 100, now); // expired, but behind a segment that is not: stays
    const queueFilesBefore = fs.readdirSync(path.join(dir, "consumequeue", "T", "0")).length;

    const report = store.runRetention();
    expect(report.deletedSegments).toEqual([0, 4096]);
    expect(commitLogFiles()).toEqual(files.slice(2));
    expect(store.minPhysicalOffset()).toBe(8192 as never);
    const min = store.minOffset("T", 0);
    expect(min).toBeGreaterThan(0);
    const first = decodeRecord(store.getMessages("T", 0, min, 1).records[0] as Uint8Array);
    expect(first.physicalOffset).toBeGreaterThanOrEqual(8192);
    expect(store.getMessages("T", 0, queueOffset(0), 1)).toMatchObject({ status: "OFFSET_TOO_SMALL", nextBeginOffset: min });
    expect(fs.readdirSync(path.join(dir, "consumequeue", "T", "0")).length).toBeLessThan(queueFilesBefore);
    await store.close();

    const reopened = await openStore(storeOptions(dir, { commitLogSegmentBytes: 4096, consumeQueueSegmentBytes: 80, now: () => now }));
    expect(reopened.minOffset("T", 0)).toBe(min);
    await reopened.close();
  });

  test("the active segment is never deleted, even when the disk forces cleaning", async () => {
    let ratio = 10;
    const store = await openStore(storeOptions(dir, { commitLogSegmentBytes: 4096, diskUsedRatio: () => ratio }));
    for (let i = 0; i < 60; i++) await store.put(message("T", 0, "y".repeat(150)));
    const files = commitLogFiles();
    ratio = 86; // above diskSpaceCleanForciblyRatio: delete whether expired or not
    const report = store.runRetention();
    expect(report.deletedSegments.length).toBe(Math.min(10, files.length - 1));
    expect(commitLogFiles()).toContain(files.at(-1) as string);
    await store.close();
  });

  test("with cleanFileForciblyEnable=false a full disk deletes only expired segments", async () => {
    let ratio = 10;
    const store = await openStore(storeOptions(dir, { commitLogSegmentBytes: 4096, diskUsedRatio: () => ratio, cleanFileForciblyEnable: false }));
    for (let i = 0; i < 60; i++) await store.put(message("T", 0, "y".repeat(150)));
    const files = commitLogFiles();
    ratio = 86;
    expect(store.runRetention().deletedSegments).toEqual([]);
    expect(commitLogFiles()).toEqual(files);
    await store.close();
  });

  test("puts are refused past the disk warning ratio and accepted again below it", async () => {
    let ratio = 91;
    const store = await openStore(storeOptions(dir, { diskUsedRatio: () => ratio }));
    const refused = await store.put(message("T", 0, "a"));
    expect(refused.status).toBe("SERVICE_NOT_AVAILABLE");
    expect("reason" in refused && refused.reason).toContain("disk full: 91% used of");
    expect("reason" in refused && refused.reason).toContain("above diskSpaceWarningLevelRatio 90");
    expect(store.runtimeInfo().diskFull).toBe(true);
    ratio = 60;
    store.runRetention();
    expect((await store.put(message("T", 0, "b"))).status).toBe("PUT_OK");
    expect(store.runtimeInfo().diskFull).toBe(false);
    await store.close();
  });
});
