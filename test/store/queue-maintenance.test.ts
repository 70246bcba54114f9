// Consume-queue upkeep on request (mqadmin cleanExpiredCQ, cleanUnusedTopic, queryCq): what goes,
// what stays, and that only the store's consumequeue/ folder loses files.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { openStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => removeDir(dir));

const queueDirs = (): string[] =>
  fs.readdirSync(path.join(dir, "consumequeue")).flatMap((t) => fs.readdirSync(path.join(dir, "consumequeue", t)).map((q) => `${t}/${q}`)).sort();

describe("queue maintenance", () => {
  test("cleanExpiredConsumeQueues drops the queues whose messages were all deleted, and keeps the others", async () => {
    const store = await openStore(storeOptions(dir, { commitLogSegmentBytes: 4096, diskUsedRatio: () => 86 }));
    for (let i = 0; i < 20; i++) await store.put(message("Old", 0, "o".repeat(150)));
    for (let i = 0; i < 40; i++) await store.put(message("New", 1, "n".repeat(150)));
    store.runRetention(true);
    expect(store.minPhysicalOffset()).toBeGreaterThan(0 as never);
    expect(store.queueEntries("Old", 0, 0, 1)?.entries).toEqual([]);
    expect(store.cleanExpiredConsumeQueues()).toEqual(["Old@0"]);
    expect(store.queueEntries("Old", 0, 0, 1)).toBeUndefined();
    expect(store.maxOffset("New", 1)).toBe(40 as never);
    await store.close();
    expect(queueDirs()).toEqual(["New/1"]);
  });

  test("cleanUnusedTopics drops the queues and offsets of topics retain() refuses", async () => {
    const store = await openStore(storeOptions(dir));
    await store.put(message("Kept", 0, "k"));
    await store.put(message("Gone", 2, "g"));
    store.meta.consumerOffsets.commit("G", "Gone", 2, 1 as never);
    expect(store.cleanUnusedTopics((t) => t === "Kept")).toEqual(["Gone"]);
    expect(store.meta.consumerOffsets.query("G", "Gone", 2)).toBeUndefined();
    expect(store.queueEntries("Gone", 2, 0, 1)).toBeUndefined();
    expect(store.maxOffset("Kept", 0)).toBe(1 as never);
    await store.close();
    expect(queueDirs()).toEqual(["Kept/0"]);
  });

  test("queueEntries answers the queue's bounds and its 20-byte entries from an index", async () => {
    const store = await openStore(storeOptions(dir));
    for (let i = 0; i < 5; i++) await store.put(message("Q", 0, `m${i}`));
    const view = store.queueEntries("Q", 0, 3, 10);
    expect(view).toMatchObject({ minOffset: 0, maxOffset: 5 });
    expect(view?.entries.map((e) => e.queueOffset)).toEqual([3, 4]);
    expect(view?.entries[0]?.size).toBeGreaterThan(0);
    expect(store.queueEntries("Q", 9, 0, 1)).toBeUndefined();
    await store.close();
  });
});
