import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { decodeRecord, physicalOffset, queueOffset } from "../../src/common/index.ts";
import { openStore, type PutResult } from "../../src/store/index.ts";
import { recordingLogger } from "../remoting/fixtures.ts";
import { message, removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
const scratch: string[] = [];
beforeEach(() => (dir = tempDir()));
afterEach(() => {
  removeDir(dir);
  for (const d of scratch.splice(0)) removeDir(d);
});

const offsetOf = (r: PutResult): number => ("physicalOffset" in r ? r.physicalOffset : -1);
const segmentFile = (root: string): string => path.join(root, "commitlog", "00000000000000000000");

/** A copy of the store directory as a crash would leave it: abort marker present. */
function crashedCopy(source: string): string {
  const copy = tempDir();
  scratch.push(copy);
  fs.cpSync(source, copy, { recursive: true });
  fs.writeFileSync(path.join(copy, "abort"), "1");
  return copy;
}

async function fill(root: string, count: number): Promise<PutResult[]> {
  const store = await openStore(storeOptions(root));
  const results: PutResult[] = [];
  for (let i = 0; i < count; i++) results.push(await store.put(message("T", 0, `body-${i}`, `KEYS\u0001key${i}`)));
  await store.close();
  return results;
}

describe("recovery", () => {
  test("a tail torn at each byte position of the last record recovers to the last whole record", async () => {
    const results = await fill(dir, 5);
    const lastStart = offsetOf(results[4] as PutResult);
    const end = fs.statSync(segmentFile(dir)).size;
    for (let cut = lastStart; cut < end; cut++) {
      const copy = crashedCopy(dir);
      fs.truncateSync(segmentFile(copy), cut);
      const store = await openStore(storeOptions(copy));
      expect(store.maxPhysicalOffset()).toBe(physicalOffset(lastStart));
      expect(store.maxOffset("T", 0)).toBe(queueOffset(4));
      expect(store.queryByKey("T", "key4", 10, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(0);
      const again = await store.put(message("T", 0, "after"));
      expect(again).toMatchObject({ status: "PUT_OK", physicalOffset: lastStart, queueOffset: 4 });
      const bodies = store.getMessages("T", 0, queueOffset(0), 10).records.map((r) => new TextDecoder().decode(decodeRecord(r).body));
      expect(bodies).toEqual(["body-0", "body-1", "body-2", "body-3", "after"]);
      await store.close();
      removeDir(scratch.pop() as string);
    }
  });

  test("a flipped body byte is caught by the CRC: recovery cuts there, and a read skips it, counts it and logs it once", async () => {
    const results = await fill(dir, 5);
    const third = offsetOf(results[2] as PutResult);
    const bytes = fs.readFileSync(segmentFile(dir));
    const record = decodeRecord(bytes, third);
    const bodyAt = third + (record.body.byteOffset - bytes.byteOffset - third);
    bytes[bodyAt] = (bytes[bodyAt] as number) ^ 0x01;
    fs.writeFileSync(segmentFile(dir), bytes);

    const { log, lines } = recordingLogger();
    const clean = await openStore(storeOptions(dir, { log }));
    expect(clean.recordAt(physicalOffset(third))).toBeUndefined();
    // A pull moves past the bad record instead of failing on it for ever.
    for (let pull = 0; pull < 3; pull++) {
      const got = clean.getMessages("T", 0, queueOffset(0), 10);
      expect(got.records.map((r) => new TextDecoder().decode(decodeRecord(r).body))).toEqual(["body-0", "body-1", "body-3", "body-4"]);
      expect(got.nextBeginOffset).toBe(queueOffset(5));
    }
    expect(clean.runtimeInfo().corruptRecordsSkipped).toBe(4);
    const logged = lines.filter((l) => l.level === "error" && l.message.startsWith("corrupt record skipped on read"));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ physicalOffset: third, reason: `record at ${third} fails its body CRC` });
    await clean.close();

    const copy = crashedCopy(dir);
    fs.rmSync(path.join(copy, "checkpoint"));
    const store = await openStore(storeOptions(copy));
    expect(store.maxPhysicalOffset()).toBe(physicalOffset(third));
    expect(store.maxOffset("T", 0)).toBe(queueOffset(2));
    await store.close();
  });

  test("consume queues rebuilt from scratch equal the originals", async () => {
    const options = storeOptions(dir, { commitLogSegmentBytes: 8192, consumeQueueSegmentBytes: 20 * 16 });
    const store = await openStore(options);
    const puts = [];
    for (let i = 0; i < 300; i++) puts.push(store.put(message(`T${i % 3}`, i % 4, `m${i}`, `TAGS\u0001t${i % 5}`)));
    await Promise.all(puts);
    await store.close();
    const queueDir = path.join(dir, "consumequeue");
    const snapshot = (): Map<string, string> => {
      const files = new Map<string, string>();
      for (const file of fs.readdirSync(queueDir, { recursive: true }) as string[]) {
        const full = path.join(queueDir, file);
        if (fs.statSync(full).isFile()) files.set(file, fs.readFileSync(full).toString("hex"));
      }
      return files;
    };
    const original = snapshot();
    expect(original.size).toBeGreaterThan(12);
    fs.rmSync(queueDir, { recursive: true });
    const rebuilt = await openStore(options);
    expect(rebuilt.maxOffset("T1", 1)).toBe(queueOffset(25));
    await rebuilt.close();
    expect(snapshot()).toEqual(original);
  });
});
