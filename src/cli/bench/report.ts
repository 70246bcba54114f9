// What `mq bench` prints: RocketMQ's benchmark lines, word for word, so runs can be compared side
// by side with producer.sh / consumer.sh, each followed by percentiles RocketMQ does not print:
//   Current Time: 2025-01-02 10:11:12,345 | Send TPS: 51234 | Max RT(ms): 12 | Average RT(ms):   1.234 | Send Failed: 0 | Response Failed: 0 | RT p50/p99/p999(ms): 1.1/3.2/9.8
//   [Complete] Send Total: 100000 | Send TPS: 50000 | Max RT(ms): 40 | Average RT(ms):   1.500 | Send Failed: 0 | Response Failed: 0 | ...
//   Current Time: … | Consume TPS: N | AVG(B2C) RT(ms): x | AVG(S2C) RT(ms): x | MAX(B2C) RT(ms): N | MAX(S2C) RT(ms): N | Consume Fail: N | B2C p50/p99/p999(ms): … | S2C p50/p99/p999(ms): …
import { formatDateMs, printf } from "../printf.ts";
import type { Histogram } from "./histogram.ts";

export type ProduceCounts = { ok: number; sendFailed: number; responseFailed: number };
export type ConsumeCounts = { consumed: number; failed: number };

const ms3 = (v: number) => v.toFixed(3);
export const percentiles = (h: Histogram): string =>
  `${ms3(h.percentileMs(50))}/${ms3(h.percentileMs(99))}/${ms3(h.percentileMs(99.9))}`;

const tps = (n: number, elapsedMs: number) => (elapsedMs <= 0 ? 0 : Math.round((n * 1000) / elapsedMs));

export function sendLine(nowMs: number, elapsedMs: number, c: ProduceCounts, rt: Histogram): string {
  return printf(
    "Current Time: %s | Send TPS: %d | Max RT(ms): %d | Average RT(ms): %7.3f | Send Failed: %d | Response Failed: %d | RT p50/p99/p999(ms): %s%n",
    formatDateMs(nowMs), tps(c.ok, elapsedMs), Math.ceil(rt.maxMs()), rt.meanMs(), c.sendFailed, c.responseFailed, percentiles(rt),
  );
}

export function sendCompleteLine(elapsedMs: number, c: ProduceCounts, rt: Histogram, bytes: number): string {
  return printf(
    "[Complete] Send Total: %d | Send TPS: %d | Max RT(ms): %d | Average RT(ms): %7.3f | Send Failed: %d | Response Failed: %d | RT p50/p99/p999(ms): %s | Send MB/s: %.2f | Elapsed(s): %.3f%n",
    c.ok + c.sendFailed + c.responseFailed, tps(c.ok, elapsedMs), Math.ceil(rt.maxMs()), rt.meanMs(), c.sendFailed, c.responseFailed,
    percentiles(rt), mbPerSecond(bytes, elapsedMs), elapsedMs / 1000,
  );
}

export function consumeLine(nowMs: number, elapsedMs: number, c: ConsumeCounts, b2c: Histogram, s2c: Histogram): string {
  return printf(
    "Current Time: %s | Consume TPS: %d | AVG(B2C) RT(ms): %7.3f | AVG(S2C) RT(ms): %7.3f | MAX(B2C) RT(ms): %d | MAX(S2C) RT(ms): %d | Consume Fail: %d | B2C p50/p99/p999(ms): %s | S2C p50/p99/p999(ms): %s%n",
    formatDateMs(nowMs), tps(c.consumed, elapsedMs), b2c.meanMs(), s2c.meanMs(), Math.ceil(b2c.maxMs()), Math.ceil(s2c.maxMs()), c.failed,
    percentiles(b2c), percentiles(s2c),
  );
}

export function consumeCompleteLine(elapsedMs: number, c: ConsumeCounts, b2c: Histogram, s2c: Histogram, bytes: number): string {
  return printf(
    "[Complete] Consume Total: %d | Consume TPS: %d | AVG(B2C) RT(ms): %7.3f | AVG(S2C) RT(ms): %7.3f | MAX(B2C) RT(ms): %d | MAX(S2C) RT(ms): %d | Consume Fail: %d | B2C p50/p99/p999(ms): %s | S2C p50/p99/p999(ms): %s | Consume MB/s: %.2f | Elapsed(s): %.3f%n",
    c.consumed, tps(c.consumed, elapsedMs), b2c.meanMs(), s2c.meanMs(), Math.ceil(b2c.maxMs()), Math.ceil(s2c.maxMs()), c.failed,
    percentiles(b2c), percentiles(s2c), mbPerSecond(bytes, elapsedMs), elapsedMs / 1000,
  );
}

/**
 * The user property `mq bench produce` stamps on each message: the send time in µs since the epoch,
 * so born-to-consume latency is measured below the millisecond of bornTimestamp.
 */
export const BORN_US_PROPERTY = "BENCH_BORN_US";

/** Wall-clock time in µs with sub-millisecond resolution, comparable across processes. */
export const epochUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

export const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export function mbPerSecond(bytes: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : bytes / 1024 / 1024 / (elapsedMs / 1000);
}

/** The run's figures as one JSON line (--json), for scripts such as scripts/bench.sh. */
export interface BenchSummary {
  kind: "produce" | "consume";
  count: number;
  failed: number;
  elapsedMs: number;
  msgsPerSecond: number;
  mbPerSecond: number;
  /** Send RT for produce, born-to-consume for consume. */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** Consume only: store-to-consume. */
  s2cP50Ms?: number;
  s2cP99Ms?: number;
  s2cP999Ms?: number;
}

export function summaryOf(kind: BenchSummary["kind"], count: number, failed: number, elapsedMs: number, bytes: number, h: Histogram): BenchSummary {
  return {
    kind, count, failed, elapsedMs: Math.round(elapsedMs),
    msgsPerSecond: tps(count, elapsedMs), mbPerSecond: Number(mbPerSecond(bytes, elapsedMs).toFixed(3)),
    p50Ms: round3(h.percentileMs(50)), p99Ms: round3(h.percentileMs(99)), p999Ms: round3(h.percentileMs(99.9)), maxMs: h.maxMs(),
  };
}
