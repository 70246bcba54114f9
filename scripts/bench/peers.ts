// The peer benchmark scripts/bench-peers.sh runs (after building ./mq, the Java benchmark and the
// Redis comparison): RocketMQ's benchmark Producer and Consumer (scripts/bench/java, on
// rocketmq-client 4.9.8) against mq and Apache RocketMQ 4.9.7 and 5.5.0, each with ASYNC_FLUSH
// and SYNC_FLUSH, 1 KiB and 4 KiB bodies, 1 and 64 producer threads; then ali-ons and mq's own
// client against mq. Every phase runs warm-up seconds (reported on their own) and then the
// measured seconds; broker and client CPU are read from /proc over the measured window only.
// Prints one table of every phase, then the ratios and the targets (peer-table.ts), with the
// Redis figures scripts/bench.sh left in BENCH_RESULTS_FILE.
//   bun scripts/bench/peers.ts [--quick]       (--quick: 2 s warm-up, 5 s phases)
// BENCH_MQ_BASELINE=/path/to/an/older/mq runs that binary too, right after ./mq under each flush
// type, and adds a table of ./mq / baseline: an A/B of a change measured within one run.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchSummary } from "../../src/cli/bench/report.ts";
import { createTopic, startMq, startRocketMq, stopReferenceBrokers, type Broker, type FlushDiskType } from "./peer-brokers.ts";
import { BASELINE_PREFIX, peerReport, type BrokerRun, type PeerPhase } from "./peer-table.ts";
import { cpuSeconds, killAll, memoryMiB, rssSampler, spawn, type Child } from "./procs.ts";
import type { SystemResult } from "./table.ts";

const ROOT = resolve(import.meta.dir, "../..");
const QUICK = process.argv.includes("--quick");
const WARMUP_S = QUICK ? 2 : 10;
/** A consumer's backlog is what the produce phases left: a short warm-up leaves most of it measured. */
const CONSUME_WARMUP_S = QUICK ? 1 : 5;
const PHASE_S = QUICK ? 5 : 30;
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
  const sampler = rssSampler(b.pid);
  await until();
  const clientCpuS = client.proc.exitCode === null ? cpuSeconds(client.pid) - client0 : client.cpuSeconds() - client0;
  return { brokerCpuS: cpuSeconds(b.pid) - broker0, clientCpuS, peakRssMiB: sampler.stop() };
}

function phaseOf(base: Omit<PeerPhase, "tps" | "warmupTps" | "rtAvgMs" | "rtP99Ms" | "failed" | "brokerCpuUsPerMsg" | "clientCpuUsPerMsg" | "peakRssMiB">,
  m: { messages: number; tps: number; rtAvgMs: number; rtP99Ms: number; failed: number }, warmupTps: number, w: Window): PeerPhase {
  const perMsg = (s: number) => (m.messages > 0 ? (s * 1e6) / m.messages : 0);
  return { ...base, tps: m.tps, warmupTps, rtAvgMs: m.rtAvgMs, rtP99Ms: m.rtP99Ms, failed: m.failed,
    brokerCpuUsPerMsg: perMsg(w.brokerCpuS), clientCpuUsPerMsg: perMsg(w.clientCpuS), peakRssMiB: w.peakRssMiB };
}

async function javaPhases(b: Broker, run: BrokerRun, flush: FlushDiskType, mqBinary: string, dir: string): Promise<void> {
  for (const size of SIZES) {
    const topic = `BenchPeers${size}`;
    await createTopic(mqBinary, b, topic);
    for (const threads of THREADS) {
      process.stdout.write(`-- ${b.label}: java produce ${size} B x ${threads} threads\n`);
      const { json, w } = await javaPhase(b, dir, "Producer", ["-t", topic, "-w", String(threads), "-s", String(size)]);
      run.phases.push(phaseOf({ broker: b.label, flush, client: "java", kind: "produce", size, threads }, json.measured as never, json.warmup!.tps!, w));
    }
    process.stdout.write(`-- ${b.label}: java consume ${size} B\n`);
    const { json, w } = await javaPhase(b, dir, "Consumer", ["-t", topic, "-g", `bench_consumer_${size}`]);
    run.phases.push(phaseOf({ broker: b.label, flush, client: "java", kind: "consume", size, threads: 0 }, json.measured as never, json.warmup!.tps!, w));
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

async function otherClients(b: Broker, run: BrokerRun, flush: FlushDiskType, mqBinary: string): Promise<void> {
  const ons = join(ROOT, "scripts/bench/ons-bench.cjs");
  for (const client of ["ali-ons", "mq"] as const) {
    const topic = `BenchPeers_${client.replace("-", "")}`;
    await createTopic(mqBinary, b, topic);
    const produce = client === "mq"
      ? (s: number) => [mqBinary, "bench", "produce", "-n", b.namesrvAddr, "-t", topic, "-s", "1024", "-w", "64", "--duration", String(s), "--json"]
      : (s: number) => ["node", ons, "produce", b.namesrvAddr, topic, "--size", "1024", "--lanes", "64", "--seconds", String(s)];
    const consume = client === "mq"
      ? (s: number, g: string) => [mqBinary, "bench", "consume", "-n", b.namesrvAddr, "-t", topic, "-g", g, "--from", "first", "--duration", String(s), "--json"]
      : (s: number, g: string) => ["node", ons, "consume", b.namesrvAddr, topic, "--group", g, "--seconds", String(s)];
    run.phases.push(await toolPhase(b, flush, client, "produce", produce));
    run.phases.push(await toolPhase(b, flush, client, "consume", consume));
  }
}

async function benchmark(start: () => Promise<Broker>, label: string, flush: FlushDiskType, mqBinary: string, dir: string, mqOnly: boolean): Promise<BrokerRun> {
  process.stdout.write(`== ${label}\n`);
  const run: BrokerRun = { label, flush, idleRssMiB: 0, hwmMiB: 0, phases: [] };
  let b: Broker | undefined;
  try {
    b = await start();
    run.idleRssMiB = memoryMiB(b.pid).rss;
    await javaPhases(b, run, flush, mqBinary, dir);
    if (mqOnly) await otherClients(b, run, flush, mqBinary);
  } catch (e) {
    run.error = (e as Error).message;
    process.stdout.write(`!! ${label}: ${run.error}\n`);
  } finally {
    if (b !== undefined) {
      try {
        run.hwmMiB = memoryMiB(b.pid).hwm;
      } catch {
        // gone already
      }
      await b.stop();
    }
  }
  return run;
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
      const dir = mkdtempSync(join(work, "mq-"));
      runs.push(await benchmark(() => startMq(binary, flush, dir), `mq ${flush}`, flush, binary, dir, true));
      if (BASELINE !== undefined) {
        const bdir = mkdtempSync(join(work, "mq-base-"));
        const base = join(work, `mq-base-${process.pid}`);
        copyFileSync(BASELINE, base);
        const label = `${BASELINE_PREFIX}${flush}`;
        runs.push(await benchmark(async () => ({ ...(await startMq(base, flush, bdir)), label }), label, flush, base, bdir, true));
      }
      for (const version of ROCKETMQ_VERSIONS) {
        const rdir = mkdtempSync(join(work, "rmq-"));
        runs.push(await benchmark(() => startRocketMq(version, flush), `RocketMQ ${version} ${flush}`, flush, binary, rdir, false));
      }
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
