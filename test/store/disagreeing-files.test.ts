// Files that disagree after a power cut, each made on purpose through the disk seam: the
// commitlog is the truth, and recovery cuts or rebuilds whatever else says more than it does.
import { expect, test } from "bun:test";
import path from "node:path";
import { decodeRecord, queueOffset } from "../../src/common/index.ts";
import { MemoryDisk, openStore, PowerLossDisk, type MessageStore, type PutResult, type StoreOptions } from "../../src/store/index.ts";
import { message, storeOptions } from "./store-fixture.ts";

const ROOT = "/mq-store";
const SEGMENT_0 = path.join(ROOT, "commitlog", "00000000000000000000");
const QUEUE_T0 = path.join(ROOT, "consumequeue", "T", "0", "00000000000000000000");

const optionsOn = (disk: PowerLossDisk): StoreOptions =>
  storeOptions(ROOT, { disk, flushIntervalMs: 60_000, flushThoroughIntervalMs: 60_000 });
const offsetOf = (result: PutResult): number => ("physicalOffset" in result ? result.physicalOffset : -1);

function bodies(store: MessageStore, topic: string, queueId: number): string[] {
  const got = store.getMessages(topic, queueId, queueOffset(0), 100);
  return got.records.map((record) => new TextDecoder().decode(decodeRecord(record).body));
}

function readWhole(disk: PowerLossDisk, file: string): Uint8Array {
  const handle = disk.open(file);
  const bytes = new Uint8Array(handle.size());
  handle.read(bytes, 0);
  handle.close();
  return bytes;
}

function rewrite(disk: PowerLossDisk, file: string, bytes: Uint8Array): void {
  const handle = disk.create(file);
  handle.write(bytes, 0);
  handle.close();
}

async function putAll(store: MessageStore, topic: string, queueId: number, names: string[]): Promise<PutResult[]> {
  const results: PutResult[] = [];
  for (const name of names) results.push(await store.put(message(topic, queueId, name)));
  return results;
}

test("a checkpoint ahead of a commitlog that lost its tail: the queue is cut to the commitlog and puts go on from there", async () => {
  let disk = new PowerLossDisk(new MemoryDisk());
  const first = await openStore(optionsOn(disk));
  const results = await putAll(first, "T", 0, Array.from({ length: 20 }, (_, i) => `m${i}`));
  await first.close(); // checkpoint: flushed and dispatched at the end of m19
  const running = await openStore(optionsOn(disk));
  disk = disk.crash("all");
  await running.close().catch(() => undefined);
  const segment = disk.open(SEGMENT_0);
  segment.truncate(offsetOf(results[15] as PutResult)); // m15..m19 lost
  segment.close();

  const recovered = await openStore(optionsOn(disk));
  expect(recovered.maxOffset("T", 0)).toBe(queueOffset(15));
  expect(bodies(recovered, "T", 0)).toEqual(Array.from({ length: 15 }, (_, i) => `m${i}`));
  expect(await recovered.put(message("T", 0, "next"))).toMatchObject({ status: "PUT_OK", queueOffset: 15, physicalOffset: offsetOf(results[15] as PutResult) });
  expect(bodies(recovered, "T", 0).at(-1)).toBe("next");
  await recovered.close();
});

test("queue entries pointing at records a later run wrote over are rebuilt from the commitlog", async () => {
  let disk = new PowerLossDisk(new MemoryDisk());
  const first = await openStore(optionsOn(disk));
  await putAll(first, "T", 0, ["a0", "a1", "a2"]);
  await first.close(); // checkpoint after a2
  const second = await openStore(optionsOn(disk));
  const results = await putAll(second, "T", 0, ["a3", "a4", "a5", "a6"]);
  await second.close();
  const staleQueue = readWhole(disk, QUEUE_T0); // seven entries, a3..a6 among them
  const running = await openStore(optionsOn(disk));
  disk = disk.crash("all");
  await running.close().catch(() => undefined);
  const segment = disk.open(SEGMENT_0);
  segment.truncate(offsetOf(results[0] as PutResult)); // the commitlog loses a3..a6
  segment.close();

  // The next run writes other records where a3..a6 were; then the power goes, and the queue
  // file comes back as it was before that run cut it.
  const third = await openStore(optionsOn(disk));
  await putAll(third, "U", 0, ["b0", "b1", "b2", "b3", "b4", "b5"]);
  disk = disk.crash("all");
  await third.close().catch(() => undefined);
  rewrite(disk, QUEUE_T0, staleQueue);

  const recovered = await openStore(optionsOn(disk));
  expect(bodies(recovered, "T", 0)).toEqual(["a0", "a1", "a2"]);
  expect(recovered.maxOffset("T", 0)).toBe(queueOffset(3));
  expect(bodies(recovered, "U", 0)).toEqual(["b0", "b1", "b2", "b3", "b4", "b5"]);
  await recovered.close();
});

test("a queue whose first file was cut short by a power cut keeps its entries below the cut and rebuilds the rest", async () => {
  let disk = new PowerLossDisk(new MemoryDisk());
  const options = (): StoreOptions => ({ ...optionsOn(disk), consumeQueueSegmentBytes: 20 * 4 });
  const first = await openStore(options());
  await putAll(first, "T", 0, ["m0"]);
  await first.close(); // checkpoint after m0: its queue entry is on disk
  const running = await openStore(options());
  await putAll(running, "T", 0, Array.from({ length: 9 }, (_, i) => `m${i + 1}`)); // queue files of 4, 4, 2 entries
  disk = disk.crash("all");
  await running.close().catch(() => undefined);
  const queueFile = disk.open(QUEUE_T0);
  queueFile.truncate(2 * 20 + 7); // the first file keeps m0, m1 and a torn third entry
  queueFile.close();

  const recovered = await openStore(options());
  expect(recovered.minOffset("T", 0)).toBe(queueOffset(0));
  expect(bodies(recovered, "T", 0)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
  await recovered.close();
});
