// truncate (issue 18): a returning old master cuts what the new master never had. Run on both
// disks (the conformance suite's pair): the commitlog, every consume queue and the message index
// end at the cut, puts go on from there, and the cut holds after a reopen and after a crash.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { decodeRecord, physicalOffset, queueOffset } from "../../src/common/index.ts";
import { openStore, PowerLossDisk, type MessageStore, type PutResult, type StoreOptions } from "../../src/store/index.ts";
import { disksUnderTest, message, storeOptions, type DiskUnderTest } from "./store-fixture.ts";

const decoder = new TextDecoder();
const offsetOf = (r: PutResult): number => ("physicalOffset" in r ? r.physicalOffset : -1);

function bodies(store: MessageStore, topic: string, queueId: number): string[] {
  const got = store.getMessages(topic, queueId, store.minOffset(topic, queueId), 10_000);
  return got.records.map((record) => decoder.decode(decodeRecord(record).body));
}

/** 60 messages over three queues, keyed k<i>; returns each put's result. */
async function fill(store: MessageStore, from = 0, count = 60): Promise<PutResult[]> {
  const results: PutResult[] = [];
  for (let i = from; i < from + count; i++) {
    results.push(await store.put(message("T", i % 3, `m${i}-${"x".repeat(i * 37 % 500)}`, `KEYS\u0001k${i}\u0002`)));
  }
  return results;
}

for (const kind of disksUnderTest) {
  describe(`truncate on the ${kind.name}`, () => {
    let under: DiskUnderTest;
    beforeEach(() => (under = kind.make()));
    afterEach(() => under.cleanup());
    const options = (overrides: Partial<StoreOptions> = {}): StoreOptions =>
      storeOptions(under.rootDir, { disk: under.disk, commitLogSegmentBytes: 8 * 1024, ...overrides });

    test("truncate cuts the commitlog, every consume queue and the index at a record, and puts go on from there", async () => {
      const store = await openStore(options());
      const results = await fill(store);
      const cut = offsetOf(results[40] as PutResult); // several segments in: m40 and later go
      const cutBytes = await store.truncate(physicalOffset(cut));
      expect(cutBytes).toBeGreaterThan(0);
      expect(store.maxPhysicalOffset()).toBe(physicalOffset(cut));
      expect(bodies(store, "T", 1).map((b) => b.split("-")[0])).toEqual(Array.from({ length: 13 }, (_, i) => `m${1 + 3 * i}`));
      expect([0, 1, 2].map((q) => Number(store.maxOffset("T", q)))).toEqual([14, 13, 13]);
      expect(store.recordAt(physicalOffset(cut))).toBeUndefined();
      const later = Date.now() + 60_000;
      const indexed = under.disk.realFiles; // a memory disk runs without the message index
      expect(store.queryByKey("T", "k39", 10, 0, later).length).toBe(indexed ? 1 : 0);
      expect(store.queryByKey("T", "k45", 10, 0, later).length).toBe(0);
      const next = await store.put(message("T", 1, "after the cut", "KEYS\u0001k45\u0002"));
      expect(next).toMatchObject({ status: "PUT_OK", physicalOffset: cut, queueOffset: 13 });
      const found = store.queryByKey("T", "k45", 10, 0, later).map((r) => decoder.decode(decodeRecord(r).body));
      expect(found).toEqual(indexed ? ["after the cut"] : []);
      await store.close();
    });

    test("a store truncated and closed reopens at the cut, with its queues continuing from it", async () => {
      const store = await openStore(options());
      const results = await fill(store);
      const cut = offsetOf(results[30] as PutResult);
      await store.truncate(physicalOffset(cut));
      await fill(store, 100, 3);
      await store.close();
      const reopened = await openStore(options());
      expect(bodies(reopened, "T", 0).map((b) => b.split("-")[0]).slice(-2)).toEqual(["m27", "m102"]);
      expect(Number(reopened.maxOffset("T", 0))).toBe(11);
      expect(reopened.getMessages("T", 2, queueOffset(10), 5).records.map((r) => decoder.decode(decodeRecord(r).body).split("-")[0]))
        .toEqual(["m101"]);
      await reopened.close();
    });

    test("a power cut right after truncate recovers the cut, not the records past it", async () => {
      const disk = new PowerLossDisk(under.disk);
      const store = await openStore(options({ disk }));
      const results = await fill(store);
      await store.close();
      const again = await openStore(options({ disk }));
      const cut = offsetOf(results[20] as PutResult);
      await again.truncate(physicalOffset(cut));
      const rebooted = disk.crash("none"); // a power cut: only what truncate synced survives
      const recovered = await openStore(options({ disk: rebooted }));
      expect(recovered.maxPhysicalOffset()).toBe(physicalOffset(cut));
      expect([0, 1, 2].map((q) => Number(recovered.maxOffset("T", q)))).toEqual([7, 7, 6]);
      await recovered.close();
    });

    test("truncate to an offset inside a record is refused and changes nothing", async () => {
      const store = await openStore(options());
      const results = await fill(store, 0, 5);
      const inside = offsetOf(results[2] as PutResult) + 7;
      await expect(store.truncate(physicalOffset(inside))).rejects.toThrow("no record starts there");
      expect(store.maxPhysicalOffset()).toBe((results[4] as { nextPhysicalOffset: ReturnType<typeof physicalOffset> }).nextPhysicalOffset);
      expect(bodies(store, "T", 2).length).toBe(1);
      await store.close();
    });
  });
}
