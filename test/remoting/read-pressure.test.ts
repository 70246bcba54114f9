import { expect, test } from "bun:test";
import { ReadPressure } from "../../src/remoting/read-pressure.ts";

const MiB = 1024 * 1024;

test("a server that reads 32 MiB within 2 s collects once per 32 MiB; a slower one never", () => {
  let clock = 0;
  let collected = 0;
  const pressure = new ReadPressure(() => collected++, () => clock);
  for (let i = 0; i < 64; i++) {
    clock += 10; // 64 reads of 1 MiB, 10 ms apart: 100 MB/s
    pressure.read(MiB);
  }
  expect(collected).toBe(2);
  expect(pressure.collections.count).toBe(2);
  for (let i = 0; i < 64; i++) {
    clock += 100; // 10 MB/s: 32 MiB take 3.2 s
    pressure.read(MiB);
  }
  expect(collected).toBe(2);
});
