import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { decodeRecord, MAGIC_BLANK, queueOffset } from "../../src/common/index.ts";
import { openStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => removeDir(dir));

const SEGMENT = 4096;

describe("commitlog", () => {
  test("a segment rolls with a blank record when the next message does not fit", async () => {
    const store = await openStore(storeOptions(dir, { commitLogSegmentBytes: SEGMENT }));
    const results = [];
    for (let i = 0; i < 40; i++) results.push(await store.put(message("T", 0, "x".repeat(200) + i)));
    const offsets = results.map((r) => ("physicalOffset" in r ? r.physicalOffset : -1));
    const rolled = offsets.findIndex((offset) => offset >= SEGMENT);
    expect(rolled).toBeGreaterThan(0);
    expect(offsets[rolled]).toBe(SEGMENT);
    const names = fs.readdirSync(path.join(dir, "commitlog")).sort();
    expect(names.slice(0, 2)).toEqual(["00000000000000000000", "00000000000000004096"]);
    const first = fs.readFileSync(path.join(dir, "commitlog", names[0] as string));
    expect(first.length).toBe(SEGMENT);
    const lastRecordEnd = (offsets[rolled - 1] as number) + decodeRecord(first, offsets[rolled - 1]).totalSize;
    const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
    expect(view.getInt32(lastRecordEnd)).toBe(SEGMENT - lastRecordEnd);
    expect(view.getInt32(lastRecordEnd + 4)).toBe(MAGIC_BLANK);
    const all = store.getMessages("T", 0, queueOffset(0), 40);
    expect(all.records.map((r) => new TextDecoder().decode(decodeRecord(r).body).slice(200))).toEqual(
      Array.from({ length: 40 }, (_, i) => String(i)),
    );
    await store.close();
  });

  test("records read back through the queue carry the offsets the put returned", async () => {
    const store = await openStore(storeOptions(dir));
    const put = await store.putBatch([message("B", 2, "a"), message("B", 2, "b"), message("B", 2, "c")]);
    expect(put.status).toBe("PUT_OK");
    if (put.status !== "PUT_OK") return;
    expect(put.count).toBe(3);
    const got = store.getMessages("B", 2, queueOffset(0), 10);
    const decoded = got.records.map((r) => decodeRecord(r));
    expect(decoded.map((r) => r.queueOffset)).toEqual([0, 1, 2]);
    expect(decoded[0]?.physicalOffset).toBe(put.physicalOffset);
    expect(decoded[0]?.storeHost).toEqual({ ip: "127.0.0.1", port: 10911 });
    expect(got.nextBeginOffset).toBe(queueOffset(3));
    expect(store.getMessages("B", 2, queueOffset(3), 10).status).toBe("OFFSET_OVERFLOW_ONE");
    expect(store.getMessages("B", 2, queueOffset(9), 10).status).toBe("OFFSET_OVERFLOW_BADLY");
    expect(store.getMessages("none", 0, queueOffset(0), 10).status).toBe("NO_MESSAGE_IN_QUEUE");
    await store.close();
  });

  test("a body above maxMessageSizeBytes and oversized properties are refused with reasons", async () => {
    const store = await openStore(storeOptions(dir, { maxMessageSizeBytes: 100 }));
    const big = await store.put(message("T", 0, "x".repeat(101)));
    expect(big).toMatchObject({ status: "MESSAGE_ILLEGAL" });
    expect("reason" in big && big.reason).toContain("maxMessageSizeBytes 100");
    const props = await store.put(message("T", 0, "x", "KEYS\u0001" + "k".repeat(33000)));
    expect(props.status).toBe("PROPERTIES_SIZE_EXCEEDED");
    await store.close();
  });

  test("tags codes in the queue are Java hash codes, and the delivery time for the schedule topic", async () => {
    const store = await openStore(storeOptions(dir, { now: () => 1_000_000 }));
    const seen: number[] = [];
    store.onDispatch((event) => seen.push(event.tagsCode));
    await store.put(message("T", 0, "a", "TAGS\u0001TagA"));
    await store.put(message("SCHEDULE_TOPIC_XXXX", 1, "b", "DELAY\u00012"));
    expect(seen).toEqual([2598919, 1_000_000 + 5000]);
    await store.close();
  });
});
