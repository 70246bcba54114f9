// The power-loss suite's workload and checker. Putters write to a few queues (single puts and
// batches, bodies of random sizes whose bytes follow from their name) until the disk's power is
// cut at a chosen disk operation; the checker then reads every queue of the recovered store.
import { expect } from "bun:test";
import { bodyCrc, decodeRecord, queueOffset } from "../../src/common/index.ts";
import type { MessageStore, MessageToStore, PowerLossDisk, PutResult } from "../../src/store/index.ts";
import { message } from "./store-fixture.ts";

export const TOPICS = ["A", "B"];
export const QUEUES = 2;
const decoder = new TextDecoder();

/** The body of putter p's n-th message: its name, then filler derived from it. */
export function bodyOf(p: number, n: number): string {
  const name = `${p}:${n}:`;
  const length = ((p * 7919 + n * 104729) % 1400) + 10;
  return name + String.fromCharCode(97 + ((p + n) % 26)).repeat(length);
}

/** A body read back is one some putter wrote, byte for byte. */
function isWrittenBody(body: string): boolean {
  const [p, n] = body.split(":");
  return bodyOf(Number(p), Number(n)) === body;
}

export interface Acked {
  /** "topic/queueId/queueOffset" → body, for every put answered PUT_OK. */
  bodies: Map<string, string>;
  /** Physical offset of the first record of each acked record's put (same keys): a put is
   *  written in one go, so it is below a flushed offset wholly or not at all. */
  physical: Map<string, number>;
}

const keyOf = (topic: string, queueId: number, offset: number): string => `${topic}/${queueId}/${offset}`;

/** Puts until stopped() says so; records what was acknowledged. */
export async function putUntil(store: MessageStore, putters: number, random: () => number, stopped: () => boolean): Promise<Acked> {
  const acked: Acked = { bodies: new Map(), physical: new Map() };
  const putter = async (p: number): Promise<void> => {
    for (let n = 0; !stopped(); ) {
      const topic = TOPICS[Math.floor(random() * TOPICS.length)] as string;
      const queueId = Math.floor(random() * QUEUES);
      const count = random() < 0.2 ? 1 + Math.floor(random() * 4) : 1;
      const bodies = Array.from({ length: count }, () => bodyOf(p, n++));
      const messages = bodies.map((body) => message(topic, queueId, body));
      const result: PutResult = count === 1 ? await store.put(messages[0] as MessageToStore) : await store.putBatch(messages);
      await new Promise((resolve) => setImmediate(resolve)); // a client's next send comes in a later turn
      if (result.status !== "PUT_OK") continue;
      bodies.forEach((body, i) => {
        const key = keyOf(topic, queueId, result.queueOffset + i);
        acked.bodies.set(key, body);
        acked.physical.set(key, result.physicalOffset);
      });
    }
  };
  await Promise.all(Array.from({ length: putters }, (_, p) => putter(p)));
  return acked;
}

/** Every queue of a recovered store: records whole (CRC, size, position; and no read found one
 *  that was not), bodies ones that were written, queue offsets contiguous from 0. Returns "topic/queueId/queueOffset" → body. */
export function readEverything(store: MessageStore): Map<string, string> {
  const stored = new Map<string, string>();
  for (const topic of TOPICS) {
    for (let queueId = 0; queueId < QUEUES; queueId++) {
      expect(store.minOffset(topic, queueId)).toBe(queueOffset(0));
      const max = store.maxOffset(topic, queueId);
      for (let offset = 0; offset < max; ) {
        const got = store.getMessages(topic, queueId, queueOffset(offset), 32);
        expect(got.records.length).toBeGreaterThan(0);
        for (const record of got.records) {
          const decoded = decodeRecord(record);
          expect([decoded.topic, decoded.queueId, decoded.queueOffset]).toEqual([topic, queueId, offset]);
          expect(bodyCrc(decoded.body)).toBe(decoded.bodyCrc);
          const body = decoder.decode(decoded.body);
          expect(isWrittenBody(body)).toBe(true);
          stored.set(keyOf(topic, queueId, offset), body);
          offset++;
        }
      }
    }
  }
  expect(store.runtimeInfo().corruptRecordsSkipped).toBe(0); // none served, none skipped
  return stored;
}

/** Cuts the power once the disk has completed `syncs` syncs and then done `operations` more
 *  operations; resolves to the rebooted disk and what the store had flushed at that instant. */
export async function crashAfter(
  disk: PowerLossDisk,
  store: MessageStore,
  at: { syncs: number; operations: number },
  survivors: "none" | (() => number),
): Promise<{ rebooted: PowerLossDisk; flushedOffset: number }> {
  await disk.whenSyncs(at.syncs);
  await disk.whenOperations(disk.operations + at.operations);
  const flushedOffset = store.runtimeInfo().commitLogFlushedOffset;
  return { rebooted: disk.crash(survivors), flushedOffset };
}
