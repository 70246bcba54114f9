// `mq bench produce|consume` against a real NameServer and broker: RocketMQ's benchmark line
// formats, the [Complete] summary with no failures, and the --json summary scripts read.
import { expect, test } from "bun:test";
import { spawnMq, sharedCluster, type Cluster } from "../e2e/harness.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c));

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}`;
const MS = String.raw`\d+\.\d{3}`;
const P = `${MS}/${MS}/${MS}`;
const SEND_LINE = new RegExp(
  String.raw`^Current Time: ${TIME} \| Send TPS: \d+ \| Max RT\(ms\): \d+ \| Average RT\(ms\): +${MS} \| Send Failed: 0 \| Response Failed: 0 \| RT p50/p99/p999\(ms\): ${P}$`,
);
const CONSUME_LINE = new RegExp(
  String.raw`^Current Time: ${TIME} \| Consume TPS: \d+ \| AVG\(B2C\) RT\(ms\): +${MS} \| AVG\(S2C\) RT\(ms\): +${MS} \| MAX\(B2C\) RT\(ms\): \d+ \| MAX\(S2C\) RT\(ms\): \d+ \| Consume Fail: 0 \| B2C p50/p99/p999\(ms\): ${P} \| S2C p50/p99/p999\(ms\): ${P}$`,
);

interface Summary { kind: string; count: number; failed: number; msgsPerSecond: number; p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number }
const summaryOf = (lines: readonly string[]) => JSON.parse(lines.find((l) => l.startsWith("{")) ?? "null") as Summary;

test("mq bench produce --count 2000 prints RocketMQ's per-interval lines and a [Complete] summary with 0 failures", async () => {
  const p = spawnMq("bench-produce", [
    "bench", "produce", "-n", cluster.namesrvAddr, "-t", "BenchTopic", "--count", "2000", "-w", "16", "-s", "512", "-k", "--rate", "2500",
    "--report-interval", "250", "--json",
  ]);
  expect(await p.exited).toBe(0);
  const perInterval = p.lines.filter((l) => l.startsWith("Current Time: "));
  expect(perInterval.length).toBeGreaterThanOrEqual(2); // 2000 at 2,500/s take 0.8 s: at least two 250 ms lines
  for (const line of perInterval) expect(line).toMatch(SEND_LINE);
  const complete = p.lines.filter((l) => l.startsWith("[Complete] "));
  expect(complete).toHaveLength(1);
  expect(complete[0]).toMatch(/^\[Complete\] Send Total: 2000 \| Send TPS: \d+ \| .*\| Send Failed: 0 \| Response Failed: 0 \| .*Send MB\/s: \d+\.\d\d \| Elapsed\(s\): \d+\.\d{3}$/);
  const summary = summaryOf(p.lines);
  expect(summary).toMatchObject({ kind: "produce", count: 2000, failed: 0 });
  expect(summary.msgsPerSecond).toBeLessThanOrEqual(2600); // --rate held the pace
  expect(summary.p50Ms).toBeLessThanOrEqual(summary.p99Ms);
  expect(summary.p99Ms).toBeLessThanOrEqual(summary.maxMs);
}, 60_000);

test("mq bench consume reads what was produced and reports born-to-consume and store-to-consume latency", async () => {
  const p = spawnMq("bench-consume", [
    "bench", "consume", "-n", cluster.namesrvAddr, "-t", "BenchTopic", "-g", "bench_test_group", "--from", "first",
    "--count", "2000", "--duration", "30", "--report-interval", "200", "--json",
  ]);
  expect(await p.exited).toBe(0);
  const perInterval = p.lines.filter((l) => l.startsWith("Current Time: "));
  expect(perInterval.length).toBeGreaterThanOrEqual(1);
  for (const line of perInterval) expect(line).toMatch(CONSUME_LINE);
  expect(p.lines.find((l) => l.startsWith("[Complete] "))).toMatch(/^\[Complete\] Consume Total: 2000 \| Consume TPS: \d+ \| /);
  expect(summaryOf(p.lines)).toMatchObject({ kind: "consume", count: 2000, failed: 0 });
}, 60_000);

test("mq bench without a mode, or with a bad flag value, exits 2", async () => {
  const none = spawnMq("bench-none", ["bench", "sideways"]);
  expect(await none.exited).toBe(2);
  const bad = spawnMq("bench-bad", ["bench", "produce", "-w", "0"]);
  expect(await bad.exited).toBe(2);
  expect(bad.output()).toContain("--threads must be a whole number from 1");
  const negative = spawnMq("bench-negative", ["bench", "produce", "--rate", "-5"]);
  expect(await negative.exited).toBe(2);
  expect(negative.output()).toContain('--rate must be a whole number from 0 to 10000000, got none (a value starting with "-" is read as an option)');
});
