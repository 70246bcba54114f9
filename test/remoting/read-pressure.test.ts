import { expect, test } from "bun:test";
import { ResponseCode } from "../../src/common/index.ts";
import { encodeFrame, reply, request } from "../../src/remoting/index.ts";
import { readPressure, ReadPressure } from "../../src/remoting/read-pressure.ts";
import { perTest } from "./fixtures.ts";

const MiB = 1024 * 1024;
const { serve, peer } = perTest();

test("a server that reads 20 MiB within 2 s collects once per 20 MiB; a slower one never", () => {
  let clock = 0;
  let collected = 0;
  const pressure = new ReadPressure(() => collected++, () => clock);
  for (let i = 0; i < 64; i++) {
    clock += 10; // 64 reads of 1 MiB, 10 ms apart: 100 MB/s
    pressure.read(MiB);
  }
  expect(collected).toBe(3);
  expect(pressure.collections.count).toBe(3);
  for (let i = 0; i < 64; i++) {
    clock += 150; // 7 MB/s: 20 MiB take 3 s
    pressure.read(MiB);
  }
  expect(collected).toBe(3);
});

test("the collection is asked of the collector's threads, not run on the event loop", () => {
  const asked: boolean[] = [];
  const gc = Bun.gc;
  (Bun as { gc: (force: boolean) => void }).gc = (force) => void asked.push(force);
  try {
    const pressure = new ReadPressure();
    for (let i = 0; i < 21; i++) pressure.read(MiB);
  } finally {
    (Bun as { gc: typeof gc }).gc = gc;
  }
  expect(asked).toEqual([false]);
});

test("a server that queues 20 MiB of reply bodies within 2 s collects, though it read little", async () => {
  const { port } = await serve((server) => server.register(10, () => reply(ResponseCode.SUCCESS, { body: new Uint8Array(MiB) })));
  const p = await peer(port);
  const before = readPressure.collections.count;
  const count = 48;
  p.write(Buffer.concat(Array.from({ length: count }, () => encodeFrame(request(10)))));
  await p.waitFrames(count);
  expect(readPressure.collections.count).toBeGreaterThan(before);
});
