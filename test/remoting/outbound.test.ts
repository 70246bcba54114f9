import { describe, expect, test } from "bun:test";
import { OutboundQueue } from "../../src/remoting/outbound.ts";

/** A socket that takes at most `takeMax` bytes per write and records what it took. */
function socket(takeMax: number) {
  const taken: number[] = [];
  return { taken, write: (bytes: Uint8Array) => { const n = Math.min(takeMax, bytes.length); taken.push(...bytes.subarray(0, n)); return n; } };
}
const frame = (value: number, size: number) => new Uint8Array(size).fill(value);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("outbound queue", () => {
  test("reserved and enqueued frames go out in order across partial writes, batches reused", async () => {
    const s = socket(5000);
    const q = new OutboundQueue(s.write, 1 << 20);
    const expected: number[] = [];
    for (let turn = 0; turn < 6; turn++) {
      for (let i = 0; i < 40; i++) {
        const size = i % 7 === 3 ? 5000 + i * 250 : 100 + ((i * 37) % 900);
        const value = (turn * 40 + i) % 251;
        if (i % 13 === 12) {
          q.enqueue(frame(value, 20_000));
          expected.push(...frame(value, 20_000));
        } else {
          const batch = q.reserve(size)!;
          batch.fill(value, q.reservedAt, q.reservedAt + size);
          expected.push(...frame(value, size));
        }
      }
      await nextTurn();
      while (q.queuedBytes > 0) q.drained();
    }
    expect(s.taken.length).toBe(expected.length);
    expect(s.taken).toEqual(expected);
  });

  test("a frame larger than the reused batch after quiet turns still goes out whole", async () => {
    const s = socket(1 << 20);
    const q = new OutboundQueue(s.write, 1 << 20);
    const expected: number[] = [];
    for (const [value, size] of [[1, 1000], [2, 1000], [3, 1000], [4, 10_000], [5, 1000], [6, 15_000]] as const) {
      const batch = q.reserve(size)!;
      batch.fill(value, q.reservedAt, q.reservedAt + size);
      expected.push(...frame(value, size));
      await nextTurn();
    }
    expect(s.taken).toEqual(expected);
  });

  test("a full batch is written at once, the rest of the turn at its end", async () => {
    const s = socket(1 << 20);
    const q = new OutboundQueue(s.write, 1 << 20);
    let reserved = 0;
    while (s.taken.length === 0) {
      const batch = q.reserve(1000)!;
      batch.fill(7, q.reservedAt, q.reservedAt + 1000);
      reserved += 1000;
      expect(reserved).toBeLessThan(64 * 1024);
    }
    expect(s.taken.length).toBe(reserved - 1000); // all but the frame that did not fit
    for (let i = 0; i < 100; i++) q.reserve(1000)!.fill(8, q.reservedAt, q.reservedAt + 1000);
    expect(s.taken.length).toBeLessThan(reserved + 100_000);
    await nextTurn();
    expect(s.taken.length).toBe(reserved + 100_000);
    expect(q.queuedBytes).toBe(0);
  });

  test("a large frame is written as it is queued, behind the small frames of the turn, not at the turn's end", () => {
    const s = socket(1 << 20);
    const q = new OutboundQueue(s.write, 1 << 20);
    let written = false;
    q.reserve(100)!.fill(1, q.reservedAt, q.reservedAt + 100);
    q.enqueue(frame(2, 20_000), () => (written = true));
    expect(s.taken).toEqual([...frame(1, 100), ...frame(2, 20_000)]);
    expect(written).toBe(true);
    expect(q.queuedBytes).toBe(0);
  });

  test("a large frame queued while the socket is full waits for its drain", () => {
    const s = socket(0);
    const q = new OutboundQueue(s.write, 1 << 20);
    q.enqueue(frame(1, 20_000));
    q.enqueue(frame(2, 20_000));
    expect(s.taken.length).toBe(0);
    expect(q.queuedBytes).toBe(40_000);
  });

  test("each turn's small frames go out at that turn's end, not held for the next turn's", async () => {
    const writes: number[] = [];
    const q = new OutboundQueue((bytes) => (writes.push(bytes.length), bytes.length), 1 << 20);
    q.reserve(100)!.fill(1, q.reservedAt, q.reservedAt + 100);
    await nextTurn();
    expect(writes).toEqual([100]);
    q.reserve(200)!.fill(2, q.reservedAt, q.reservedAt + 200);
    await nextTurn();
    expect(writes).toEqual([100, 200]);
  });

  test("refuses what would pass bytesMax", () => {
    const q = new OutboundQueue(() => 0, 1000);
    expect(q.reserve(600)).toBeDefined();
    expect(q.reserve(600)).toBeUndefined();
    expect(q.enqueue(frame(1, 600))).toBe(false);
    expect(q.queuedBytes).toBe(600);
  });
});
