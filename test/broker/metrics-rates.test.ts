// The rocketmq-exporter rate gauges' window: a per-second rate over the samples of the last
// minute, the same however often it is read.
import { expect, test } from "bun:test";
import { RateWindow } from "../../src/broker/metrics/index.ts";

test("a rate is the growth since the oldest sample of the window per second, and reading it changes nothing", () => {
  let nowMs = 0;
  const totals = new Map([["TopicA", 0]]);
  const w = new RateWindow({ read: () => new Map(totals) }, () => nowMs, 60_000, 10_000);
  expect(w.rates().get("TopicA")).toBe(0);
  for (let s = 1; s <= 9; s++) {
    nowMs = s * 10_000;
    totals.set("TopicA", s * 100); // 10 messages a second
    w.sample();
  }
  totals.set("TopicB", 30); // a topic new since the oldest sample counts from zero
  expect(w.rates().get("TopicA")).toBeCloseTo(10, 6);
  expect(w.rates().get("TopicA")).toBeCloseTo(10, 6);
  expect(w.rates().get("TopicB")).toBeCloseTo(0.5, 6);
});
