// The benchmark's log-bucket histogram: percentiles within its stated precision, exact count,
// mean and max, merging and clamping.
import { expect, test } from "bun:test";
import { Histogram, VALUE_US_MAX } from "../../src/cli/bench/histogram.ts";

const PRECISION = 1 / 64;

test("percentiles of 1..100,000 µs are within 1/64 of the exact values", () => {
  const h = new Histogram();
  const values = Array.from({ length: 100_000 }, (_, i) => i + 1);
  for (const v of values.toSorted(() => Math.random() - 0.5)) h.recordUs(v);
  for (const p of [1, 10, 50, 90, 99, 99.9, 99.99]) {
    const exact = values[Math.ceil((p / 100) * values.length) - 1] as number;
    expect(Math.abs(h.percentileUs(p) - exact) / exact).toBeLessThanOrEqual(PRECISION);
  }
  expect(h.count).toBe(100_000);
  expect(h.maxUs).toBe(100_000);
  expect(h.meanMs()).toBeCloseTo(50.0005, 6);
});

test("small values are exact and an empty histogram reports zeros", () => {
  const h = new Histogram();
  expect(h.percentileMs(99)).toBe(0);
  expect(h.meanMs()).toBe(0);
  for (const v of [3, 3, 7, 90]) h.recordUs(v);
  expect([h.percentileUs(25), h.percentileUs(50), h.percentileUs(75), h.percentileUs(100)]).toEqual([3, 3, 7, 90]);
});

test("add merges counts and max; reset empties; values past the range are clamped", () => {
  const a = new Histogram();
  const b = new Histogram();
  a.recordMs(1);
  b.recordMs(500);
  b.recordUs(VALUE_US_MAX * 4);
  a.add(b);
  expect(a.count).toBe(3);
  expect(a.maxUs).toBe(VALUE_US_MAX);
  expect(a.percentileMs(50)).toBeCloseTo(500, -1);
  a.reset();
  expect([a.count, a.maxUs, a.percentileUs(50)]).toEqual([0, 0, 0]);
});
