// The benchmark's one table: a row per system and phase, then every mq figure as a ratio to the
// Redis figure it is compared with, then the targets. Produce rows show send RT percentiles,
// latency rows the end-to-end (born → received) percentiles; consume rows have none (their
// messages were stored well before the consumer started). CPU s is the server's CPU time during
// the phase, client CPU s that of the benchmark's own client processes (they share the 2 cores).
import type { BenchSummary } from "../../src/cli/bench/report.ts";

/** warmup: a produce run to a topic of its own before the measured phases, reported on its own
 *  row. A fresh mq broker spends its first ~100k messages on JIT tier-up: 0.3 CPU s on its JIT
 *  threads and ~0.45 s more on its event loop than once warm (2.1 vs 1.3-1.4 CPU s per 100k,
 *  measured 2026-12-02), which Redis, compiled ahead of time, never pays. */
export type PhaseName = "warmup" | "produce" | "consume" | "latency";
export const PHASES: readonly PhaseName[] = ["warmup", "produce", "consume", "latency"];

export interface PhaseResult {
  summary: BenchSummary;
  /** CPU seconds the server used during the phase. */
  cpuS: number;
  /** CPU seconds the benchmark's client processes used. */
  clientCpuS: number;
  /** Largest VmRSS sampled during the phase. */
  peakRssMiB: number;
}

export interface SystemResult {
  label: string;
  idleRssMiB: number;
  /** VmHWM when the server stopped: its peak over the whole run. */
  hwmMiB: number;
  phases: Partial<Record<PhaseName, PhaseResult>>;
  error?: string;
}

type Cells = [number, number, number | undefined, number | undefined, number | undefined, number, number, number];

function cellsOf(phase: PhaseName, r: PhaseResult): Cells {
  const s = r.summary;
  const lat = phase === "consume" ? [undefined, undefined, undefined] as const : [s.p50Ms, s.p99Ms, s.p999Ms] as const;
  return [s.msgsPerSecond, s.mbPerSecond, ...lat, r.cpuS, r.peakRssMiB, r.clientCpuS];
}

const HEAD = ["msgs/s", "MB/s", "p50 ms", "p99 ms", "p999 ms", "CPU s", "peak RSS MiB", "client CPU s"];
const row = (label: string, phase: string, cells: string[]) =>
  `${label.padEnd(28)}${phase.padEnd(9)}${cells.map((c, i) => c.padStart(i >= 6 ? 14 : 10)).join("")}\n`;
const num = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits));

export function resultsTable(systems: readonly SystemResult[]): string {
  let out = row("system", "phase", HEAD);
  for (const s of systems) {
    if (s.error) out += `${s.label.padEnd(28)}failed: ${s.error.split("\n")[0]}\n`;
    for (const phase of PHASES) {
      const r = s.phases[phase];
      if (!r) continue;
      const c = cellsOf(phase, r);
      out += row(s.label, phase, [num(c[0], 0), num(c[1], 2), num(c[2], 3), num(c[3], 3), num(c[4], 3), num(c[5], 2), num(c[6], 1), num(c[7], 2)]);
    }
  }
  out += `\nidle RSS right after start (MiB): ${systems.map((s) => `${s.label} ${s.idleRssMiB.toFixed(1)}`).join(", ")}\n`;
  out += `peak RSS over the run (VmHWM, MiB): ${systems.map((s) => `${s.label} ${s.hwmMiB.toFixed(1)}`).join(", ")}\n`;
  return out;
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? "-" : `${(a / b).toFixed(2)}x`);

export function ratioTable(pairs: readonly [SystemResult, SystemResult][]): string {
  let out = row("mq / Redis", "phase", HEAD);
  for (const [mq, redis] of pairs) {
    for (const phase of PHASES) {
      const a = mq.phases[phase];
      const b = redis.phases[phase];
      if (!a || !b) continue;
      const ca = cellsOf(phase, a);
      const cb = cellsOf(phase, b);
      out += row(`${mq.label} / ${redis.label.replace(/^Redis /, "")}`, phase, ca.map((v, i) => ratio(v, cb[i])));
    }
    out += row(`${mq.label} / ${redis.label.replace(/^Redis /, "")}`, "idle", ["", "", "", "", "", "", ratio(mq.idleRssMiB, redis.idleRssMiB), ""]);
  }
  return out;
}

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

/** The issue's targets, each with the figure measured and whether it was met. */
export function targets(pairs: readonly [SystemResult, SystemResult][]): string {
  let out = "";
  for (const [mq, redis] of pairs) {
    const tag = `${mq.label} vs ${redis.label}`;
    for (const phase of ["produce", "consume"] as const) {
      const a = mq.phases[phase]?.summary.msgsPerSecond;
      const b = redis.phases[phase]?.summary.msgsPerSecond;
      if (a !== undefined && b !== undefined) out += `${phase} throughput ≥ 1.0x (${tag}): ${(a / b).toFixed(2)}x ${verdict(a >= b)}\n`;
    }
    const p99 = mq.phases.latency?.summary.p99Ms;
    const redisP99 = redis.phases.latency?.summary.p99Ms;
    if (p99 !== undefined && redisP99 !== undefined) {
      out += `p99 end-to-end latency at the fixed rate ≤ Redis's (${tag}): ${p99.toFixed(3)} ms vs ${redisP99.toFixed(3)} ms ${verdict(p99 <= redisP99)}\n`;
    }
    out += `broker RSS ≤ 150 MiB during the run (${mq.label}): ${mq.hwmMiB.toFixed(1)} MiB ${verdict(mq.hwmMiB <= 150)}; ` +
      `≤ 60 MiB idle after start: ${mq.idleRssMiB.toFixed(1)} MiB ${verdict(mq.idleRssMiB <= 60)}\n`;
  }
  return out;
}
