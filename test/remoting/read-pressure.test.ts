import { expect, test } from "bun:test";
import { ReadPressure } from "../../src/remoting/read-pressure.ts";

const MiB = 1024 * 1024;

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
