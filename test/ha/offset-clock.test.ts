import { expect, test } from "bun:test";
import { OffsetClock } from "../../src/ha/offset-clock.ts";

test("a slave's lag in time is how long ago the master's end passed the slave's end", () => {
  const clock = new OffsetClock(10, 1000);
  clock.record(1000, 100);
  clock.record(2000, 200);
  clock.record(3000, 300);
  expect(clock.behindMs(300, 300, 3500)).toBe(0); // holds everything
  expect(clock.behindMs(250, 300, 3500)).toBe(1500); // the master was at 200 ≤ 250 last at 2000
  expect(clock.behindMs(200, 300, 3500)).toBe(1500);
  expect(clock.behindMs(150, 300, 3500)).toBe(2500);
  expect(clock.behindMs(0, 300, 3500)).toBe(2500); // older than the first sample: at least that old
});

test("samples closer than the interval merge into one, and only the last samplesMax are kept", () => {
  const clock = new OffsetClock(10, 2);
  clock.record(0, 10);
  clock.record(5, 20); // merged into the sample at 0
  clock.record(20, 30);
  clock.record(40, 40); // drops the first
  expect(clock.behindMs(30, 40, 50)).toBe(30);
  expect(clock.behindMs(5, 40, 50)).toBe(30); // before the oldest kept: its age
});
