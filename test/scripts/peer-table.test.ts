// scripts/bench-peers.sh's closing table: ratios of mq against each Apache RocketMQ in the same run,
// and the targets judged from them.
import { expect, test } from "bun:test";
import { peerReport, type BrokerRun, type PeerPhase } from "../../scripts/bench/peer-table.ts";
import type { SystemResult } from "../../scripts/bench/table.ts";

function run(label: string, flush: string, hwmMiB: number, tpsOf: (p: Pick<PeerPhase, "client" | "kind" | "size" | "threads">) => number, cpuUs: number): BrokerRun {
  const phases: PeerPhase[] = [];
  const add = (client: PeerPhase["client"], kind: PeerPhase["kind"], size: number, threads: number) =>
    phases.push({ broker: label, flush, client, kind, size, threads, warmupTps: 1, tps: tpsOf({ client, kind, size, threads }), rtAvgMs: 1,
      rtP99Ms: 2, failed: 0, brokerCpuUsPerMsg: client === "ali-ons" ? cpuUs * 1.2 : cpuUs, clientCpuUsPerMsg: 1, peakRssMiB: hwmMiB, otherCores: 0.25, loadAvg: 3.5 });
  for (const size of [1024, 4096]) {
    add("java", "produce", size, 1);
    add("java", "produce", size, 64);
    add("java", "consume", size, 0);
  }
  if (label.startsWith("mq")) {
    add("ali-ons", "produce", 1024, 64);
    add("mq", "produce", 1024, 64);
  }
  return { label, flush, idleRssMiB: hwmMiB / 2, hwmMiB, phases };
}

const redis = (label: string, produce: number, p99Ms: number): SystemResult => ({
  label, idleRssMiB: 1, hwmMiB: 1,
  phases: {
    produce: { summary: { kind: "produce", count: 1, failed: 0, elapsedMs: 1, msgsPerSecond: produce, mbPerSecond: 1, p50Ms: 1, p99Ms: 1, p999Ms: 1, maxMs: 1 }, cpuS: 1, clientCpuS: 1, peakRssMiB: 1 },
    latency: { summary: { kind: "consume", count: 1, failed: 0, elapsedMs: 1, msgsPerSecond: 1, mbPerSecond: 1, p50Ms: 1, p99Ms, p999Ms: 1, maxMs: 1 }, cpuS: 1, clientCpuS: 1, peakRssMiB: 1 },
  },
});

test("the targets are judged on the worst ratio of the run: one slow phase misses produce, RSS and CPU are met", () => {
  const runs: BrokerRun[] = [];
  for (const flush of ["ASYNC_FLUSH", "SYNC_FLUSH"]) {
    runs.push(run(`mq ${flush}`, flush, 100, (p) => (p.kind === "produce" && p.size === 4096 && p.threads === 64 ? 1500 : 3000), 10));
    runs.push(run(`RocketMQ 5.5.0 ${flush}`, flush, 1000, () => 1000, 40));
  }
  const report = peerReport(runs, ["5.5.0"], [redis("mq ASYNC_FLUSH", 50_000, 2), redis("Redis everysec", 40_000, 3)]);
  expect(report).toContain("produce >= 1.5x RocketMQ 5.5.0 ASYNC_FLUSH (worst of 1/4 KiB x 1/64 threads): 1.50  met");
  expect(report).toContain("at <= 1/4 of its RSS (peak): 0.10  met");
  expect(report).toContain("consume >= 1.5x RocketMQ 5.5.0 SYNC_FLUSH (worst of 1/4 KiB): 3.00  met");
  expect(report).toContain("12.0 / 10.0 µs = 1.20  met");
  expect(report).toContain("produce >= 1.0x Redis everysec through mq's client (scripts/bench.sh): 1.25  met");
  expect(report).toContain("p99 end-to-end at 2,000 msg/s <= Redis's: 2.00 ms vs 3.00 ms  met");
});

test("a reference broker that failed leaves its ratios unknown instead of met", () => {
  const runs = [run("mq ASYNC_FLUSH", "ASYNC_FLUSH", 100, () => 3000, 10), { label: "RocketMQ 5.5.0 ASYNC_FLUSH", flush: "ASYNC_FLUSH", idleRssMiB: 0, hwmMiB: 0, phases: [], error: "did not boot" }];
  const report = peerReport(runs, ["5.5.0"], undefined);
  expect(report).toContain("produce >= 1.5x RocketMQ 5.5.0 ASYNC_FLUSH (worst of 1/4 KiB x 1/64 threads): -  ?");
  expect(report).toContain("FAILED: did not boot");
});

test("every phase row shows the cores other work took and the load average, to judge its ratio by", () => {
  const report = peerReport([run("mq ASYNC_FLUSH", "ASYNC_FLUSH", 100, () => 3000, 10)], ["5.5.0"], undefined);
  expect(report).toMatch(/others\s+load\n/);
  expect(report).toMatch(/java produce 1 KiB x64\s.*\s0\.25\s+3\.5\n/);
});
