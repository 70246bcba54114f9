// The benchmark run scripts/bench.sh starts (after building ./mq and installing redis-server):
// mq all-in-one with ASYNC_FLUSH then SYNC_FLUSH, Redis Streams with appendfsync everysec then
// always, each in its own temporary directory on free loopback ports, each put through the same
// phases by a separate client process:
//   warmup   WARMUP messages as in produce, to a topic/stream of their own, reported on their own
//            row (0 leaves it out): the server's JIT tier-up stays out of the produce figures;
//   produce  COUNT messages of SIZE bytes, INFLIGHT sends in flight;
//   consume  those COUNT messages with a new consumer group;
//   latency  a consumer waits on a fresh topic/stream, a producer sends RATE msg/s for LATENCY_S s;
//            the consumer's born → received percentiles are the end-to-end latency.
// The server's CPU time and RSS are read from /proc around each phase. Prints one table.
// Sizes can be shrunk for a quick look: BENCH_COUNT, BENCH_WARMUP, BENCH_RATE, BENCH_LATENCY_S.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchSummary } from "../../src/cli/bench/report.ts";
import { Child, cpuSeconds, freePort, killAll, memoryMiB, rssSampler, spawn } from "./procs.ts";
import { PHASES, ratioTable, resultsTable, targets, type PhaseName, type PhaseResult, type SystemResult } from "./table.ts";

const ROOT = resolve(import.meta.dir, "../..");
/** BENCH_MQ: another mq binary to run instead of ./mq (a baseline build, for an A/B). */
const MQ = process.env.BENCH_MQ ?? join(ROOT, "mq");
const BUN = join(ROOT, "node_modules/.bin/bun");
const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100_000);
const SIZE = 1024;
const INFLIGHT = 1000;
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 10);
/** No throughput phase may run longer than this, whatever happens. */
const PHASE_S_MAX = 90;
const START_MS_MAX = 15_000;

const showLine = (line: string) => line.startsWith("Current Time: ") || line.startsWith("[Complete] ");

/** How one system is started and driven; the phases are the same for all. */
interface Target {
  label: string;
  start(dir: string): Promise<Child>;
  /** Called once the server is up: create the topics. */
  prepare(): Promise<void>;
  produce(topic: string, extra: string[]): string[];
  consume(topic: string, group: string, extra: string[]): string[];
}

async function mqTarget(flushDiskType: "ASYNC_FLUSH" | "SYNC_FLUSH", MQ: string): Promise<Target> {
  const namesrvPort = await freePort();
  const brokerPort = await freePort();
  const n = ["-n", `127.0.0.1:${namesrvPort}`];
  return {
    label: `mq ${flushDiskType}`,
    async start(dir) {
      const server = spawn("mq", [MQ, "all-in-one", "--namesrv-port", String(namesrvPort), `--broker.listenPort=${brokerPort}`,
        `--broker.flushDiskType=${flushDiskType}`], { cwd: dir });
      await server.waitFor(/The broker\[.*\] boot success/, START_MS_MAX);
      return server;
    },
    async prepare() {
      for (const topic of ["WarmupTopic", "BenchTopic", "LatencyTopic"]) {
        const admin = spawn("admin", [MQ, "admin", "updateTopic", ...n, "-b", `127.0.0.1:${brokerPort}`, "-t", topic, "-r", "8", "-w", "8"]);
        if ((await admin.exited) !== 0) throw new Error(`updateTopic ${topic} failed:\n${admin.lines.join("\n")}`);
      }
    },
    produce: (topic, extra) => [MQ, "bench", "produce", ...n, "-t", topic, "-s", String(SIZE), "-w", String(INFLIGHT), "--json", ...extra],
    consume: (topic, group, extra) => [MQ, "bench", "consume", ...n, "-t", topic, "-g", group, "--json", ...extra],
  };
}

async function redisTarget(appendfsync: "everysec" | "always"): Promise<Target> {
  const port = await freePort();
  const script = join(ROOT, "scripts/bench/redis-bench.ts");
  return {
    label: `Redis ${appendfsync}`,
    async start(dir) {
      const server = spawn("redis", ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
        "--appendfsync", appendfsync, "--save", "", "--protected-mode", "no", "--daemonize", "no"]);
      await server.waitFor(/Ready to accept connections/, START_MS_MAX);
      return server;
    },
    async prepare() {},
    produce: (stream, extra) => [BUN, script, "produce", "--port", String(port), "--stream", stream, "--size", String(SIZE),
      "--inflight", String(INFLIGHT), "--json", ...extra],
    consume: (stream, group, extra) => [BUN, script, "consume", "--port", String(port), "--stream", stream, "--group", group, "--json", ...extra],
  };
}

interface ToolRun { summary: BenchSummary; clientCpuS: number }

/** The summary (the --json line) of a benchmark client that has exited. */
async function summaryOf(tool: Child): Promise<ToolRun> {
  const code = await tool.exited;
  const json = tool.lines.findLast((l) => l.startsWith("{"));
  if (json === undefined) throw new Error(`${tool.name} exited ${code} without a summary:\n${tool.lines.slice(-20).join("\n")}`);
  return { summary: JSON.parse(json) as BenchSummary, clientCpuS: tool.cpuSeconds() };
}

const runTool = (name: string, cmd: string[]): Promise<ToolRun> => summaryOf(spawn(name, cmd, { echo: showLine }));

async function measured(server: Child, work: () => Promise<ToolRun>): Promise<PhaseResult> {
  const cpuBefore = cpuSeconds(server.pid);
  const sampler = rssSampler(server.pid);
  const { summary, clientCpuS } = await work();
  return { summary, clientCpuS, cpuS: cpuSeconds(server.pid) - cpuBefore, peakRssMiB: sampler.stop() };
}

/** A consumer waiting on a fresh topic, then a producer at RATE; the consumer's figures. */
async function latencyRun(t: Target): Promise<ToolRun> {
  const total = RATE * LATENCY_S;
  const consumer = spawn("latency-consume", t.consume("LatencyTopic", "latency_group",
    ["--from", "last", "--count", String(total), "--duration", String(LATENCY_S + 10)]), { echo: showLine });
  await consumer.waitFor(/^Consumer Started\./, START_MS_MAX);
  const producer = await runTool("latency-produce",
    t.produce("LatencyTopic", ["--rate", String(RATE), "--duration", String(LATENCY_S), "--count", String(total)]));
  const received = await summaryOf(consumer);
  return { summary: received.summary, clientCpuS: received.clientCpuS + producer.clientCpuS };
}

async function runPhases(t: Target, server: Child, result: SystemResult): Promise<void> {
  const work: Record<PhaseName, () => Promise<ToolRun>> = {
    warmup: () => runTool("warmup", t.produce("WarmupTopic", ["--count", String(WARMUP), "--duration", String(PHASE_S_MAX)])),
    produce: () => runTool("produce", t.produce("BenchTopic", ["--count", String(COUNT), "--duration", String(PHASE_S_MAX)])),
    consume: () => runTool("consume", t.consume("BenchTopic", "bench_group",
      ["--from", "first", "--count", String(COUNT), "--duration", String(PHASE_S_MAX)])),
    latency: () => latencyRun(t),
  };
  for (const phase of PHASES) {
    if (phase === "warmup" && WARMUP <= 0) continue;
    process.stdout.write(`-- ${t.label}: ${phase}\n`);
    result.phases[phase] = await measured(server, work[phase]);
  }
}

async function benchmark(t: Target, dir: string): Promise<SystemResult> {
  process.stdout.write(`== ${t.label}\n`);
  const result: SystemResult = { label: t.label, idleRssMiB: 0, hwmMiB: 0, phases: {} };
  const server = await t.start(dir);
  try {
    result.idleRssMiB = memoryMiB(server.pid).rss;
    await t.prepare();
    await runPhases(t, server, result);
  } catch (e) {
    result.error = (e as Error).message;
    process.stdout.write(`!! ${t.label}: ${result.error}\n`);
  } finally {
    result.hwmMiB = memoryMiB(server.pid).hwm;
    await server.stop();
  }
  return result;
}

async function main(): Promise<void> {
  // scripts/bench.sh hands over a directory it removes itself, even when this process is killed.
  const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "mq-bench-"));
  const startedMs = Date.now();
  try {
    // A copy of ./mq under a name of its own: `mq shutdown all-in-one` run by anyone else on this
    // machine finds processes by their binary's name, and must not stop the benchmark's.
    const binary = join(work, `mq-bench-${process.pid}`);
    copyFileSync(MQ, binary);
    const systems: Target[] = [await mqTarget("ASYNC_FLUSH", binary), await mqTarget("SYNC_FLUSH", binary), await redisTarget("everysec"), await redisTarget("always")];
    const results: SystemResult[] = [];
    for (const [i, t] of systems.entries()) results.push(await benchmark(t, mkdtempSync(join(work, `${i}-`))));
    const [mqAsync, mqSync, redisEverysec, redisAlways] = results as [SystemResult, SystemResult, SystemResult, SystemResult];
    const pairs: [SystemResult, SystemResult][] = [[mqAsync, redisEverysec], [mqSync, redisAlways]];
    process.stdout.write(`\n== ${COUNT} messages x ${SIZE} B, ${INFLIGHT} in flight; latency at ${RATE} msg/s for ${LATENCY_S} s; ` +
      `2 cores (other work on the machine shows in these figures); run took ${((Date.now() - startedMs) / 1000).toFixed(0)} s\n`);
    process.stdout.write(resultsTable(results));
    process.stdout.write(`\n${ratioTable(pairs)}\n${targets(pairs)}`);
    // scripts/bench-peers.sh puts these figures into its own table.
    if (process.env.BENCH_RESULTS_FILE) writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(results));
  } finally {
    killAll();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
await main();
