// The peer benchmark scripts/bench-peers.sh runs (after building ./mq, the Java benchmark and the
// Redis comparison): RocketMQ's benchmark Producer and Consumer (scripts/bench/java, on
// rocketmq-client 4.9.8) against mq and Apache RocketMQ 4.9.7 and 5.5.0, each with ASYNC_FLUSH
// and SYNC_FLUSH, 1 KiB and 4 KiB bodies, 1 and 64 producer threads; then ali-ons and mq's own
// client against mq. Under each flush type every broker is up at once and each phase runs on each
// broker in turn, starting with a different broker from one phase to the next, so a change in the
// machine's load falls on all of them alike (it used to run one broker's phases, then the next's).
// Every phase runs warm-up seconds (reported on their own) and then the measured seconds; broker
// and client CPU are read from /proc over the measured window only, with the cores everything
// else kept busy meanwhile and the load average at its end.
// Prints one table of every phase, then the ratios and the targets (peer-table.ts), with the
// Redis figures scripts/bench.sh left in BENCH_RESULTS_FILE.
//   bun scripts/bench/peers.ts [--quick]       (--quick: 2 s warm-up, 5 s phases)
// BENCH_MQ_BASELINE=/path/to/an/older/mq runs that binary too, as one more broker in the rotation,
// and adds a table of ./mq / baseline: an A/B of a change measured within one run.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchSummary } from "../../src/cli/bench/report.ts";
import { createTopic, startMq, startRocketMq, stopReferenceBrokers, type Broker, type FlushDiskType } from "./peer-brokers.ts";
import { BASELINE_PREFIX, peerReport, type BrokerRun, type PeerPhase } from "./peer-table.ts";
import { cpuSeconds, killAll, loadAverage, machineBusySeconds, memoryMiB, rssSampler, spawn, type Child } from "./procs.ts";
import type { SystemResult } from "./table.ts";

const ROOT = resolve(import.meta.dir, "../..");
const QUICK = process.argv.includes("--quick");
const WARMUP_S = QUICK ? 2 : 10;
/** A consumer's backlog is what the produce phases left: a short warm-up leaves most of it measured. */
const CONSUME_WARMUP_S = QUICK ? 1 : 5;
const PHASE_S = QUICK ? 5 : 30;
/** A consume phase's warm-up ends after CONSUME_WARMUP_S or this share of its backlog, whichever comes first. */
const CONSUME_WARMUP_SHARE = 0.1;
const SIZES = [1024, 4096];
const THREADS = [1, 64];
const FLUSHES: FlushDiskType[] = ["ASYNC_FLUSH", "SYNC_FLUSH"];
const ROCKETMQ_VERSIONS = (process.env.BENCH_ROCKETMQ_VERSIONS ?? "4.9.7,5.5.0").split(",").filter((v) => v !== "");
const BASELINE = process.env.BENCH_MQ_BASELINE;
const JAVA_DIR = join(ROOT, "scripts/bench/java");
const JAVA_CLIENT_VERSION = "4.9.8";
const PHASE_MS_MAX = (WARMUP_S + PHASE_S + 60) * 1000;
const showLine = (line: string) => / TPS: /.test(line) || line.startsWith("[Complete]");

function javaClasspath(): string {
  const cp = join(JAVA_DIR, "target", `classpath-${JAVA_CLIENT_VERSION}.txt`);
  if (!existsSync(cp)) throw new Error(`${cp} is missing: scripts/bench-peers.sh builds it (mvn -q -B compile in scripts/bench/java)`);
  return `${join(JAVA_DIR, "target", "classes")}:${readFileSync(cp, "utf8").trim()}`;
}

interface Window {
  brokerCpuS: number;
  clientCpuS: number;
  peakRssMiB: number;
  /** Cores busy with everything but this broker and this client over the window, and the load average at its end. */
  otherCores: number;
  loadAvg: number;
}

/** A Java benchmark tool: warm-up, then the measured window between its two marker lines. */
async function javaPhase(b: Broker, dir: string, main: "Producer" | "Consumer", args: string[]): Promise<{ json: Record<string, Record<string, number>>; w: Window }> {
  const warmupS = main === "Producer" ? WARMUP_S : CONSUME_WARMUP_S;
  const tool = spawn(`java ${main}`, ["java", "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", `-Duser.home=${dir}`,
    `-Drocketmq.client.logRoot=${join(dir, "client-logs")}`, "-Drocketmq.client.logLevel=ERROR",
    "-cp", javaClasspath(), `mqbench.${main}`, "-n", b.namesrvAddr, ...args, "-warmup", String(warmupS), "-d", String(PHASE_S)], { echo: showLine });
  await tool.waitFor(/^\[warm-up done\]/, PHASE_MS_MAX);
  const w = await window(b, tool, () => tool.waitFor(/^\[measure done\]/, PHASE_MS_MAX));
  await tool.exited;
  const line = tool.lines.findLast((l) => l.startsWith("{\"warmup\""));
  if (line === undefined) throw new Error(`java ${main} printed no summary:\n${tool.lines.slice(-20).join("\n")}`);
  return { json: JSON.parse(line) as Record<string, Record<string, number>>, w };
}

async function window(b: Broker, client: Child, until: () => Promise<unknown>): Promise<Window> {
  const broker0 = cpuSeconds(b.pid);
  const client0 = cpuSeconds(client.pid);
  const machine0 = machineBusySeconds();
  const t0 = performance.now();
  const sampler = rssSampler(b.pid);
  await until();
  const clientCpuS = client.proc.exitCode === null ? cpuSeconds(client.pid) - client0 : client.cpuSeconds() - client0;
  const brokerCpuS = cpuSeconds(b.pid) - broker0;
  const seconds = (performance.now() - t0) / 1000;
  const otherCores = Math.max(0, machineBusySeconds() - machine0 - brokerCpuS - clientCpuS) / Math.max(seconds, 1e-3);
  return { brokerCpuS, clientCpuS, peakRssMiB: sampler.stop(), otherCores, loadAvg: loadAverage() };
}

function phaseOf(base: Omit<PeerPhase, "tps" | "warmupTps" | "rtAvgMs" | "rtP99Ms" | "failed" | "brokerCpuUsPerMsg" | "clientCpuUsPerMsg" | "peakRssMiB" | "otherCores" | "loadAvg">,
  m: { messages: number; tps: number; rtAvgMs: number; rtP99Ms: number; failed: number }, warmupTps: number, w: Window): PeerPhase {
  const perMsg = (s: number) => (m.messages > 0 ? (s * 1e6) / m.messages : 0);
  return { ...base, tps: m.tps, warmupTps, rtAvgMs: m.rtAvgMs, rtP99Ms: m.rtP99Ms, failed: m.failed,
    brokerCpuUsPerMsg: perMsg(w.brokerCpuS), clientCpuUsPerMsg: perMsg(w.clientCpuS), peakRssMiB: w.peakRssMiB, otherCores: w.otherCores, loadAvg: w.loadAvg };
}

/** The Java phases of one body size, in the order each broker runs them. */
const javaPhasesOf = (size: number) => [...THREADS.map((threads) => ({ size, kind: "produce" as const, threads })), { size, kind: "consume" as const, threads: 0 }];

async function javaPhaseOn(s: Started, flush: FlushDiskType, p: { size: number; kind: "produce" | "consume"; threads: number }): Promise<void> {
  const { b, run, dir, mqBinary } = s;
  const topic = `BenchPeers${p.size}`;
  if (p.kind === "produce") {
    if (p.threads === THREADS[0]) await createTopic(mqBinary, b, topic);
    process.stdout.write(`-- ${b.label}: java produce ${p.size} B x ${p.threads} threads\n`);
    const { json, w } = await javaPhase(b, dir, "Producer", ["-t", topic, "-w", String(p.threads), "-s", String(p.size)]);
    s.produced.set(p.size, (s.produced.get(p.size) ?? 0) + (json.warmup!.messages ?? 0) + (json.measured!.messages ?? 0));
    run.phases.push(phaseOf({ broker: b.label, flush, client: "java", kind: "produce", size: p.size, threads: p.threads }, json.measured as never, json.warmup!.tps!, w));
  } else {
    process.stdout.write(`-- ${b.label}: java consume ${p.size} B\n`);
    // The backlog is what this broker's produce phases left, so a slow producer leaves a small one:
    // its consumer warms up on a tenth of it at most, and the rest is measured.
    const warmupMessages = Math.floor((s.produced.get(p.size) ?? 0) * CONSUME_WARMUP_SHARE);
    const { json, w } = await javaPhase(b, dir, "Consumer", ["-t", topic, "-g", `bench_consumer_${p.size}`, "-warmupMessages", String(warmupMessages)]);
    run.phases.push(phaseOf({ broker: b.label, flush, client: "java", kind: "consume", size: p.size, threads: 0 }, json.measured as never, json.warmup!.tps!, w));
  }
}

/** mq's client or ali-ons: a warm-up run, then the measured run (its own process). */
async function toolPhase(b: Broker, flush: FlushDiskType, client: "mq" | "ali-ons", kind: "produce" | "consume", cmd: (seconds: number, group: string) => string[]): Promise<PeerPhase> {
  process.stdout.write(`-- ${b.label}: ${client} ${kind}\n`);
  const warm = spawn(`${client} warm-up`, cmd(WARMUP_S, `bench_${client}_warm`));
  await warm.exited;
  const tool = spawn(`${client} ${kind}`, cmd(PHASE_S, `bench_${client}`), { echo: showLine });
  const w = await window(b, tool, () => tool.exited);
  const line = tool.lines.findLast((l) => l.startsWith("{"));
  if (line === undefined) throw new Error(`${client} ${kind} printed no summary:\n${tool.lines.slice(-20).join("\n")}`);
  const s = JSON.parse(line) as BenchSummary & { messages?: number; tps?: number; rtAvgMs?: number };
  const warmLine = warm.lines.findLast((l) => l.startsWith("{"));
  const warmTps = warmLine === undefined ? 0 : Number((JSON.parse(warmLine) as { msgsPerSecond?: number; tps?: number }).msgsPerSecond ?? (JSON.parse(warmLine) as { tps?: number }).tps ?? 0);
  const m = s.count !== undefined
    ? { messages: s.count, tps: s.msgsPerSecond, rtAvgMs: 0, rtP99Ms: s.p99Ms, failed: s.failed }
    : { messages: s.messages ?? 0, tps: s.tps ?? 0, rtAvgMs: s.rtAvgMs ?? 0, rtP99Ms: 0, failed: 0 };
  return phaseOf({ broker: b.label, flush, client, kind, size: 1024, threads: kind === "produce" ? 64 : 0 }, m, warmTps, w);
}

/** ali-ons and mq's client, produce then consume, against an mq broker. */
function otherClientPhases(): { client: "ali-ons" | "mq"; kind: "produce" | "consume" }[] {
  return (["ali-ons", "mq"] as const).flatMap((client) => (["produce", "consume"] as const).map((kind) => ({ client, kind })));
}

async function otherClientPhase(s: Started, flush: FlushDiskType, p: { client: "ali-ons" | "mq"; kind: "produce" | "consume" }): Promise<void> {
  const { b, run, mqBinary } = s;
  const ons = join(ROOT, "scripts/bench/ons-bench.cjs");
  const topic = `BenchPeers_${p.client.replace("-", "")}`;
  if (p.kind === "produce") await createTopic(mqBinary, b, topic);
  const cmd = p.client === "mq"
    ? p.kind === "produce"
      ? (sec: number) => [mqBinary, "bench", "produce", "-n", b.namesrvAddr, "-t", topic, "-s", "1024", "-w", "64", "--duration", String(sec), "--json"]
      : (sec: number, g: string) => [mqBinary, "bench", "consume", "-n", b.namesrvAddr, "-t", topic, "-g", g, "--from", "first", "--duration", String(sec), "--json"]
    : p.kind === "produce"
      ? (sec: number) => ["node", ons, "produce", b.namesrvAddr, topic, "--size", "1024", "--lanes", "64", "--seconds", String(sec)]
      : (sec: number, g: string) => ["node", ons, "consume", b.namesrvAddr, topic, "--group", g, "--seconds", String(sec)];
  run.phases.push(await toolPhase(b, flush, p.client, p.kind, cmd));
}

/** A broker of the run while it is up: its figures, its directory, the binary its admin uses. */
interface Started {
  b: Broker;
  run: BrokerRun;
  dir: string;
  mqBinary: string;
  /** Messages the Java producer phases sent, by body size: the backlog its consume phase drains. */
  produced: Map<number, number>;
}

/** Runs phase on every broker still up, starting with a different one each time (the order
 *  rotates from phase to phase), so the machine's other work falls on each broker alike. */
async function rotated<P>(brokers: Started[], index: number, phase: P, one: (s: Started, p: P) => Promise<void>): Promise<void> {
  const up = brokers.filter((s) => s.run.error === undefined);
  for (let k = 0; k < up.length; k++) {
    const s = up[(index + k) % up.length]!;
    try {
      await one(s, phase);
    } catch (e) {
      s.run.error = (e as Error).message;
      process.stdout.write(`!! ${s.run.label}: ${s.run.error}\n`);
    }
  }
}

/** One flush type: every broker up at once, each phase run on each in rotating order. */
async function flushGroup(flush: FlushDiskType, starts: { label: string; mqOnly: boolean; mqBinary: string; dir: string; start: () => Promise<Broker> }[]): Promise<BrokerRun[]> {
  process.stdout.write(`== ${flush}: ${starts.map((s) => s.label).join(", ")}, phase by phase in rotating order\n`);
  const started: (Started & { mqOnly: boolean })[] = [];
  const runs: BrokerRun[] = [];
  try {
    for (const s of starts) {
      const run: BrokerRun = { label: s.label, flush, idleRssMiB: 0, hwmMiB: 0, phases: [] };
      runs.push(run);
      try {
        const b = await s.start();
        started.push({ b, run, dir: s.dir, mqBinary: s.mqBinary, mqOnly: s.mqOnly, produced: new Map() });
        run.idleRssMiB = memoryMiB(b.pid).rss;
      } catch (e) {
        run.error = (e as Error).message;
        process.stdout.write(`!! ${s.label}: ${run.error}\n`);
      }
    }
    let index = 0;
    for (const size of SIZES) {
      for (const p of javaPhasesOf(size)) await rotated(started, index++, p, (s, q) => javaPhaseOn(s, flush, q));
    }
    const mqs = started.filter((s) => s.mqOnly);
    for (const p of otherClientPhases()) await rotated(mqs, index++, p, (s, q) => otherClientPhase(s, flush, q));
  } finally {
    for (const s of started) {
      try {
        s.run.hwmMiB = memoryMiB(s.b.pid).hwm;
      } catch {
        // gone already
      }
      await s.b.stop();
    }
  }
  return runs;
}

function redisResults(): SystemResult[] | undefined {
  const file = process.env.BENCH_RESULTS_FILE;
  if (file === undefined || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as SystemResult[];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "mq-bench-peers-"));
  const startedMs = Date.now();
  try {
    // A copy of ./mq under a name of its own, as scripts/bench/run.ts does.
    const binary = join(work, `mq-bench-${process.pid}`);
    copyFileSync(join(ROOT, "mq"), binary);
    const runs: BrokerRun[] = [];
    for (const flush of FLUSHES) {
      const mqDir = mkdtempSync(join(work, "mq-"));
      const starts = [{ label: `mq ${flush}`, mqOnly: true, mqBinary: binary, dir: mqDir, start: () => startMq(binary, flush, mqDir) }];
      if (BASELINE !== undefined) {
        const base = join(work, `mq-base-${process.pid}`);
        if (!existsSync(base)) copyFileSync(BASELINE, base);
        const label = `${BASELINE_PREFIX}${flush}`;
        const baseDir = mkdtempSync(join(work, "mq-base-"));
        starts.push({ label, mqOnly: true, mqBinary: base, dir: baseDir, start: async () => ({ ...(await startMq(base, flush, baseDir)), label }) });
      }
      for (const version of ROCKETMQ_VERSIONS) {
        starts.push({ label: `RocketMQ ${version} ${flush}`, mqOnly: false, mqBinary: binary, dir: mkdtempSync(join(work, "rmq-")), start: () => startRocketMq(version, flush) });
      }
      runs.push(...(await flushGroup(flush, starts)));
    }
    process.stdout.write(`\n== warm-up ${WARMUP_S} s then ${PHASE_S} s measured per phase${QUICK ? " (--quick)" : ""}; Java client rocketmq-client ` +
      `${JAVA_CLIENT_VERSION}; 2 cores shared by brokers and clients (and other work on the machine); run took ${((Date.now() - startedMs) / 1000).toFixed(0)} s\n`);
    process.stdout.write(peerReport(runs, ROCKETMQ_VERSIONS, redisResults()));
  } finally {
    stopReferenceBrokers();
    killAll();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopReferenceBrokers();
    killAll();
    process.exit(130);
  });
}
await main();
