// scripts/bench-peers.sh's report: every phase as a row, then one table of ratios (mq against
// each Apache RocketMQ, and against Redis from scripts/bench.sh's figures) and the targets of
// issue 19. CPU µs/msg is CPU time over the measured window divided by the messages in it.
import type { SystemResult } from "./table.ts";

export interface PeerPhase {
  broker: string;
  flush: string;
  client: "java" | "ali-ons" | "mq";
  kind: "produce" | "consume";
  size: number;
  /** Producer threads (sends in flight); 0 for a consumer. */
  threads: number;
  warmupTps: number;
  tps: number;
  rtAvgMs: number;
  rtP99Ms: number;
  failed: number;
  brokerCpuUsPerMsg: number;
  clientCpuUsPerMsg: number;
  peakRssMiB: number;
  /** Cores the rest of the machine kept busy over the measured window (other brokers, other work). */
  otherCores: number;
  /** The 1-minute load average at the end of the window. */
  loadAvg: number;
}

export interface BrokerRun {
  label: string;
  flush: string;
  idleRssMiB: number;
  /** VmHWM at stop: the broker's peak RSS over all its phases. */
  hwmMiB: number;
  phases: PeerPhase[];
  error?: string;
}

const f0 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(0));
const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(1));
const f2 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const cols = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("") + "\n";

function phasesTable(runs: BrokerRun[]): string {
  const w = [44, 10, 10, 9, 9, 11, 11, 9, 8, 7];
  let out = cols(["broker / client phase", "msgs/s", "warm-up/s", "RT avg", "RT p99", "broker µs", "client µs", "RSS MiB", "others", "load"], w);
  for (const r of runs) {
    out += `${r.label}: idle RSS ${f0(r.idleRssMiB)} MiB, peak ${f0(r.hwmMiB)} MiB${r.error ? `, FAILED: ${r.error.split("\n")[0]}` : ""}\n`;
    for (const p of r.phases) {
      const what = `  ${p.client} ${p.kind} ${p.size / 1024} KiB${p.threads > 0 ? ` x${p.threads}` : ""}`;
      out += cols([what, f0(p.tps), f0(p.warmupTps), f2(p.rtAvgMs), f1(p.rtP99Ms), f1(p.brokerCpuUsPerMsg), f1(p.clientCpuUsPerMsg), f0(p.peakRssMiB), f2(p.otherCores), f1(p.loadAvg)], w);
    }
  }
  return out;
}

const find = (runs: BrokerRun[], label: string) => runs.find((r) => r.label === label);
const phase = (r: BrokerRun | undefined, client: PeerPhase["client"], kind: PeerPhase["kind"], size: number, threads: number) =>
  r?.phases.find((p) => p.client === client && p.kind === kind && p.size === size && p.threads === threads);

function ratioTable(runs: BrokerRun[], versions: string[]): string {
  const w = [36, ...versions.flatMap(() => [12, 12])];
  let out = cols(["mq / Apache RocketMQ (Java client)", ...versions.flatMap((v) => [`TPS ${v}`, `CPU ${v}`])], w);
  for (const flush of ["ASYNC_FLUSH", "SYNC_FLUSH"]) {
    const mq = find(runs, `mq ${flush}`);
    for (const size of [1024, 4096]) {
      for (const [kind, threads] of [["produce", 1], ["produce", 64], ["consume", 0]] as const) {
        const mine = phase(mq, "java", kind, size, threads);
        const cells = versions.flatMap((v) => {
          const theirs = phase(find(runs, `RocketMQ ${v} ${flush}`), "java", kind, size, threads);
          return [f2(ratio(mine?.tps, theirs?.tps)), f2(ratio(mine?.brokerCpuUsPerMsg, theirs?.brokerCpuUsPerMsg))];
        });
        out += cols([`${flush} ${kind} ${size / 1024} KiB${threads > 0 ? ` x${threads}` : ""}`, ...cells], w);
      }
    }
    const rss = versions.flatMap((v) => [f2(ratio(mq?.hwmMiB, find(runs, `RocketMQ ${v} ${flush}`)?.hwmMiB)), ""]);
    out += cols([`${flush} peak RSS`, ...rss], w);
  }
  return out;
}

function targets(runs: BrokerRun[], versions: string[], redis: SystemResult[] | undefined): string {
  const lines: string[] = [];
  const worst = (xs: (number | undefined)[]) => (xs.some((x) => x === undefined) || xs.length === 0 ? undefined : Math.min(...(xs as number[])));
  for (const v of versions) {
    for (const flush of ["ASYNC_FLUSH", "SYNC_FLUSH"]) {
      const mq = find(runs, `mq ${flush}`);
      const ref = find(runs, `RocketMQ ${v} ${flush}`);
      const rows = (kind: PeerPhase["kind"], threadsList: number[]) => [1024, 4096].flatMap((size) =>
        threadsList.map((t) => ratio(phase(mq, "java", kind, size, t)?.tps, phase(ref, "java", kind, size, t)?.tps)));
      const produce = worst(rows("produce", [1, 64]));
      const consume = worst(rows("consume", [0]));
      const rss = ratio(mq?.hwmMiB, ref?.hwmMiB);
      lines.push(`produce >= 1.5x RocketMQ ${v} ${flush} (worst of 1/4 KiB x 1/64 threads): ${f2(produce)}  ${mark(produce, 1.5)}`);
      lines.push(`  at <= 1/4 of its RSS (peak): ${f2(rss)}  ${rss === undefined ? "?" : rss <= 0.25 ? "met" : "MISSED"}`);
      lines.push(`consume >= 1.5x RocketMQ ${v} ${flush} (worst of 1/4 KiB): ${f2(consume)}  ${mark(consume, 1.5)}`);
    }
  }
  const ons = phase(find(runs, "mq ASYNC_FLUSH"), "ali-ons", "produce", 1024, 64);
  const own = phase(find(runs, "mq ASYNC_FLUSH"), "mq", "produce", 1024, 64);
  const cpu = ratio(ons?.brokerCpuUsPerMsg, own?.brokerCpuUsPerMsg);
  lines.push(`broker CPU per message through ali-ons <= 1.3x through mq's client (ASYNC_FLUSH, 1 KiB x64): ` +
    `${f1(ons?.brokerCpuUsPerMsg)} / ${f1(own?.brokerCpuUsPerMsg)} µs = ${f2(cpu)}  ${cpu === undefined ? "?" : cpu <= 1.3 ? "met" : "MISSED"}`);
  const sys = (label: string) => redis?.find((r) => r.label === label);
  const mqAsync = sys("mq ASYNC_FLUSH");
  const everysec = sys("Redis everysec");
  const produce = ratio(mqAsync?.phases.produce?.summary.msgsPerSecond, everysec?.phases.produce?.summary.msgsPerSecond);
  lines.push(`produce >= 1.0x Redis everysec through mq's client (scripts/bench.sh): ${f2(produce)}  ${mark(produce, 1.0)}`);
  const p99 = mqAsync?.phases.latency?.summary.p99Ms;
  const redisP99 = everysec?.phases.latency?.summary.p99Ms;
  lines.push(`p99 end-to-end at 2,000 msg/s <= Redis's: ${f2(p99)} ms vs ${f2(redisP99)} ms  ` +
    `${p99 === undefined || redisP99 === undefined ? "?" : p99 <= redisP99 ? "met" : "MISSED"}`);
  return lines.join("\n") + "\n";
}

/** The label prefix of runs of BENCH_MQ_BASELINE's binary (peers.ts). */
export const BASELINE_PREFIX = "mq baseline ";

/** ./mq against the baseline binary, phase by phase, when the run has both. */
function abTable(runs: BrokerRun[]): string {
  const w = [44, 12, 14, 12];
  let out = "";
  for (const flush of ["ASYNC_FLUSH", "SYNC_FLUSH"]) {
    const mine = find(runs, `mq ${flush}`);
    const base = find(runs, `${BASELINE_PREFIX}${flush}`);
    if (mine === undefined || base === undefined) continue;
    if (out === "") out = cols(["mq / mq baseline (A/B in this run)", "TPS", "broker CPU", "peak RSS"], w);
    for (const p of mine.phases) {
      const b = phase(base, p.client, p.kind, p.size, p.threads);
      const what = `${flush} ${p.client} ${p.kind} ${p.size / 1024} KiB${p.threads > 0 ? ` x${p.threads}` : ""}`;
      out += cols([what, f2(ratio(p.tps, b?.tps)), f2(ratio(p.brokerCpuUsPerMsg, b?.brokerCpuUsPerMsg)), f2(ratio(p.peakRssMiB, b?.peakRssMiB))], w);
    }
  }
  return out === "" ? "" : `\n${out}`;
}

const mark = (x: number | undefined, atLeast: number) => (x === undefined ? "?" : x >= atLeast ? "met" : "MISSED");

export function peerReport(runs: BrokerRun[], versions: string[], redis: SystemResult[] | undefined): string {
  return `${phasesTable(runs)}${abTable(runs)}\n${ratioTable(runs, versions)}\n== targets (issue 19)\n${targets(runs, versions, redis)}`;
}
