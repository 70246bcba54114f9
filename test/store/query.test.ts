import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import path from "node:path";
import { decodeRecord, queueOffset } from "../../src/common/index.ts";
import { openStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => removeDir(dir));

const T0 = 1_700_000_000_000;
const bodyOf = (record: Uint8Array): string => new TextDecoder().decode(decodeRecord(record).body);

describe("queries", () => {
  test("query by key within a time range and by unique key", async () => {
    let clock = T0;
    const store = await openStore(storeOptions(dir, { now: () => clock }));
    for (let i = 0; i < 10; i++) {
      clock = T0 + i * 1000;
      const keys = i % 2 === 0 ? "even shared" : "odd shared";
      await store.put(message("Q", i % 2, `m${i}`, `KEYS\u0001${keys}\u0002UNIQ_KEY\u0001UNIQ${i}`));
    }
    await store.put(message("Other", 0, "other", "KEYS\u0001even"));
    const even = store.queryByKey("Q", "even", 32, T0, T0 + 10_000).map(bodyOf);
    expect(even).toEqual(["m0", "m2", "m4", "m6", "m8"]);
    const ranged = store.queryByKey("Q", "shared", 32, T0 + 2000, T0 + 4000).map(bodyOf);
    expect(ranged).toEqual(["m2", "m3", "m4"]);
    expect(store.queryByKey("Q", "shared", 2, T0, T0 + 10_000).map(bodyOf)).toEqual(["m8", "m9"]);
    expect(store.queryByKey("Q", "UNIQ7", 32, 0, Number.MAX_SAFE_INTEGER).map(bodyOf)).toEqual(["m7"]);
    expect(store.queryByKey("Q", "missing", 32, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    await store.close();
    const reopened = await openStore(storeOptions(dir));
    expect(reopened.queryByKey("Q", "UNIQ3", 32, 0, Number.MAX_SAFE_INTEGER).map(bodyOf)).toEqual(["m3"]);
    await reopened.close();
  });

  test("the index covers records larger than one indexing step, and the small ones around them", async () => {
    const options = storeOptions(dir, { commitLogSegmentBytes: 8 * 1024 * 1024, maxMessageSizeBytes: 4 * 1024 * 1024 });
    const store = await openStore(options);
    const big = "b".repeat(1536 * 1024);
    for (let i = 0; i < 6; i++) await store.put(message("Big", 0, i % 2 === 0 ? big : `small${i}`, `KEYS\u0001k${i}`));
    const end = (await store.put(message("Big", 0, "last", "KEYS\u0001k6"))) as { physicalOffset: number };
    await store.close();
    const db = new Database(path.join(dir, "index.db"), { readonly: true });
    const indexed = db.query<{ value: string }, []>("SELECT value FROM kv WHERE key = 'indexedOffset'").get();
    const rows = db.query<{ n: number }, []>("SELECT count(*) AS n FROM message_index").get();
    db.close();
    expect(Number(indexed?.value)).toBeGreaterThan(end.physicalOffset);
    expect(rows?.n).toBe(7);
    const reopened = await openStore(options);
    for (let i = 0; i < 7; i++) expect(reopened.queryByKey("Big", `k${i}`, 32, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    await reopened.close();
  });

  test("offsetByTime finds the first message stored at or after a time", async () => {
    let clock = T0;
    const store = await openStore(storeOptions(dir, { now: () => clock }));
    for (let i = 0; i < 10; i++) {
      clock = T0 + i * 1000;
      await store.put(message("Time", 0, `m${i}`));
    }
    expect(store.offsetByTime("Time", 0, T0 + 3500)).toBe(queueOffset(4));
    expect(store.offsetByTime("Time", 0, T0 + 3000)).toBe(queueOffset(3));
    expect(store.offsetByTime("Time", 0, 0)).toBe(queueOffset(0));
    expect(store.offsetByTime("Time", 0, T0 + 99_000)).toBe(queueOffset(10));
    expect(store.earliestMessageTime("Time", 0)).toBe(T0);
    expect(store.storeTimeOf("Time", 0, queueOffset(5))).toBe(T0 + 5000);
    await store.close();
  });

  test("consumer offsets and metadata persist across close and open", async () => {
    const store = await openStore(storeOptions(dir));
    store.meta.consumerOffsets.commit("G1", "T", 0, queueOffset(42));
    store.meta.consumerOffsets.commit("G1", "T", 1, queueOffset(7));
    store.meta.consumerOffsets.commit("G2", "T", 0, queueOffset(3));
    store.meta.delayOffsets.set(3, queueOffset(11));
    store.meta.topics.put({
      topicName: "T", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false,
    });
    const version = store.meta.topicDataVersion();
    expect(version.counter).toBe(1);
    await store.close();

    const reopened = await openStore(storeOptions(dir));
    expect(reopened.meta.consumerOffsets.query("G1", "T", 0)).toBe(queueOffset(42));
    expect(reopened.meta.consumerOffsets.query("G1", "T", 1)).toBe(queueOffset(7));
    expect(reopened.meta.consumerOffsets.all()).toHaveLength(3);
    expect(reopened.meta.delayOffsets.get(3)).toBe(queueOffset(11));
    expect(reopened.meta.topics.get("T")?.readQueueNums).toBe(4);
    expect(reopened.meta.topicDataVersion()).toEqual(version);
    reopened.meta.consumerOffsets.deleteGroup("G1");
    await reopened.close();
    const third = await openStore(storeOptions(dir));
    expect(third.meta.consumerOffsets.all().map((e) => e.group)).toEqual(["G2"]);
    await third.close();
  });
});
