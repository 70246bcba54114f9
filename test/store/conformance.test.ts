// One suite, two disks (STYLE.md guideline 12): the store behaves the same on this machine's
// files and on MemoryDisk — puts and reads, segment ends, batches, recovery after a clean close
// and after a crash. A store on MemoryDisk is what handler tests use instead of a directory.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import path from "node:path";
import { decodeRecord, physicalOffset, queueOffset } from "../../src/common/index.ts";
import { openStore, PowerLossDisk, type MessageStore, type PutResult, type StoreOptions } from "../../src/store/index.ts";
import { disksUnderTest, message, storeOptions, type DiskUnderTest } from "./store-fixture.ts";

const decoder = new TextDecoder();

function bodiesOf(store: MessageStore, topic: string, queueId: number): string[] {
  const bodies: string[] = [];
  for (let offset = store.minOffset(topic, queueId); offset < store.maxOffset(topic, queueId); ) {
    const got = store.getMessages(topic, queueId, queueOffset(offset), 32);
    got.records.forEach((record, i) => {
      const decoded = decodeRecord(record);
      expect(decoded.queueOffset).toBe(offset + i);
      bodies.push(decoder.decode(decoded.body));
    });
    if (got.records.length === 0) break;
    offset = got.nextBeginOffset;
  }
  return bodies;
}

const offsetOf = (result: PutResult): number => ("physicalOffset" in result ? result.physicalOffset : -1);
const segment0 = (root: string): string => path.join(root, "commitlog", "00000000000000000000");

for (const kind of disksUnderTest) {
  describe(`store on the ${kind.name}`, () => {
    let under: DiskUnderTest;
    beforeEach(() => (under = kind.make()));
    afterEach(() => under.cleanup());
    const options = (overrides: Partial<StoreOptions> = {}): StoreOptions =>
      storeOptions(under.rootDir, { disk: under.disk, ...overrides });

    test("puts are read back in queue order with consecutive queue offsets, in both flush modes", async () => {
      for (const flushDiskType of ["ASYNC_FLUSH", "SYNC_FLUSH"] as const) {
        const store = await openStore(options({ flushDiskType }));
        const results = await Promise.all(["a", "b", "c"].map((body) => store.put(message(flushDiskType, 1, body))));
        expect(results.map((r) => r.status)).toEqual(["PUT_OK", "PUT_OK", "PUT_OK"]);
        expect(results.map((r) => ("queueOffset" in r ? Number(r.queueOffset) : -1))).toEqual([0, 1, 2]);
        expect(bodiesOf(store, flushDiskType, 1)).toEqual(["a", "b", "c"]);
        expect(store.maxOffset(flushDiskType, 1)).toBe(queueOffset(3));
        expect(store.getMessages(flushDiskType, 1, queueOffset(1), 10)).toMatchObject({ status: "FOUND", nextBeginOffset: 3 });
        await store.close();
      }
    });

    test("records filling several commitlog segments are read back whole across the segment ends", async () => {
      const store = await openStore(options({ commitLogSegmentBytes: 4096 }));
      const bodies = Array.from({ length: 20 }, (_, i) => `${i}:`.padEnd(900, String.fromCharCode(97 + i)));
      const results: PutResult[] = [];
      for (const body of bodies) results.push(await store.put(message("T", 0, body)));
      expect(store.minPhysicalOffset()).toBe(physicalOffset(0));
      expect(offsetOf(results.at(-1) as PutResult)).toBeGreaterThan(4 * 4096);
      expect(bodiesOf(store, "T", 0)).toEqual(bodies);
      for (const [i, result] of results.entries()) {
        const record = store.recordAt(physicalOffset(offsetOf(result)));
        expect(decoder.decode(decodeRecord(record as Uint8Array).body)).toBe(bodies[i] as string);
      }
      const first = store.readCommitLog(physicalOffset(0), 100_000);
      expect(decoder.decode(decodeRecord(first).body)).toBe(bodies[0] as string);
      await store.close();
    });

    test("a batch is stored contiguously with consecutive queue offsets", async () => {
      const store = await openStore(options());
      await store.put(message("T", 2, "before"));
      const batch = await store.putBatch(["x", "y", "z"].map((body) => message("T", 2, body)));
      expect(batch).toMatchObject({ status: "PUT_OK", queueOffset: 1, count: 3 });
      expect(bodiesOf(store, "T", 2)).toEqual(["before", "x", "y", "z"]);
      await store.close();
    });

    test("after a clean close a reopened store serves everything and continues the offsets", async () => {
      const first = await openStore(options());
      for (let i = 0; i < 50; i++) await first.put(message(`T${i % 3}`, i % 2, `m${i}`));
      await first.close();
      const again = await openStore(options());
      expect(bodiesOf(again, "T0", 0)).toEqual(["m0", "m6", "m12", "m18", "m24", "m30", "m36", "m42", "m48"]);
      const next = await again.put(message("T0", 0, "next"));
      expect(next).toMatchObject({ status: "PUT_OK", queueOffset: 9 });
      await again.close();
    });

    test("after a process crash every written record is recovered, and puts go on after them", async () => {
      const disk = new PowerLossDisk(under.disk);
      const store = await openStore(options({ disk, flushIntervalMs: 60_000, flushThoroughIntervalMs: 60_000 }));
      for (let i = 0; i < 30; i++) await store.put(message("T", 0, `m${i}`));
      const rebooted = disk.crash("all");
      await store.close().catch(() => undefined);
      const recovered = await openStore(options({ disk: rebooted }));
      expect(bodiesOf(recovered, "T", 0)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
      expect(await recovered.put(message("T", 0, "after"))).toMatchObject({ status: "PUT_OK", queueOffset: 30 });
      await recovered.close();
    });

    test("after a crash a record torn at the commitlog's end is cut and its queue ends before it", async () => {
      const disk = new PowerLossDisk(under.disk);
      const store = await openStore(options({ disk }));
      const results: PutResult[] = [];
      for (let i = 0; i < 5; i++) results.push(await store.put(message("T", 0, `m${i}`)));
      const rebooted = disk.crash("all");
      await store.close().catch(() => undefined);
      const file = rebooted.open(segment0(under.rootDir));
      file.truncate(offsetOf(results[4] as PutResult) + 30);
      file.close();
      const recovered = await openStore(options({ disk: rebooted }));
      expect(recovered.maxPhysicalOffset()).toBe(physicalOffset(offsetOf(results[4] as PutResult)));
      expect(bodiesOf(recovered, "T", 0)).toEqual(["m0", "m1", "m2", "m3"]);
      await recovered.close();
    });

    test("a second store on the same root is refused while the first is open", async () => {
      const store = await openStore(options());
      expect(openStore(options())).rejects.toThrow(/in use/);
      await store.close();
      const again = await openStore(options());
      await again.close();
    });

    test("a deleted topic's queues are gone, and the topic starts again at offset 0", async () => {
      const store = await openStore(options());
      await store.put(message("Gone", 0, "x"));
      store.deleteTopic("Gone");
      expect(store.maxOffset("Gone", 0)).toBe(queueOffset(0));
      expect(await store.put(message("Gone", 0, "y"))).toMatchObject({ status: "PUT_OK", queueOffset: 0 });
      await store.close();
    });
  });
}
