import { expect, test } from "bun:test";
import { OffsetClock } from "../../src/ha/offset-clock.ts";

test("a slave's lag in time is how long ago the master's end moved past the slave's end", () => {
  const clock = new OffsetClock(10, 1000);
  clock.record(1000, 100);
  clock.record(2000, 200); // idle from 1000 to 2000: the end stayed at 100
  clock.record(3000, 300);
  expect(clock.behindMs(300, 300, 3500)).toBe(0); // holds everything
  expect(clock.behindMs(250, 300, 3500)).toBe(500); // the end passed 250 at 3000
  expect(clock.behindMs(200, 300, 3500)).toBe(500);
  expect(clock.behindMs(100, 300, 3500)).toBe(1500); // lacks only what came at 2000, not the idle second before
  expect(clock.behindMs(0, 300, 3500)).toBe(2500);
});

test("samples closer than the interval merge into one, and only the last samplesMax are kept", () => {
  const clock = new OffsetClock(10, 2);
  clock.record(0, 10);
  clock.record(5, 20); // merged into the sample at 0
  clock.record(20, 30);
  clock.record(40, 40); // drops the first
  expect(clock.behindMs(30, 40, 50)).toBe(10);
  expect(clock.behindMs(5, 40, 50)).toBe(30); // before the oldest kept: its age
});
