// Produce throughput with the broker's metrics on against off, in one run: mq all-in-one with
// metricsEnable=false (no meters), then with metricsEnable=true, metricsExporterType=PROM and
// /metrics scraped every second, ROUNDS times (the order alternates, so the machine's drift
// falls on both sides), each on a fresh store. Each side: `mq bench produce` of COUNT messages
// of SIZE bytes, INFLIGHT in flight. Prints every run, the median of each side and their ratio;
// exits 1 when on / off is below 0.97. It also prints the all-in-one's CPU time per message,
// which other work on a shared machine disturbs far less than it disturbs throughput.
//   node_modules/.bin/bun scripts/bench-metrics.ts
//   BENCH_COUNT=50000 BENCH_ROUNDS=3 node_modules/.bin/bun scripts/bench-metrics.ts
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchSummary } from "../src/cli/bench/report.ts";
import { cpuSeconds, freePort, killAll, spawn } from "./bench/procs.ts";

const ROOT = resolve(import.meta.dir, "..");
const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const SIZE = Number(process.env.BENCH_SIZE ?? 1024);
const INFLIGHT = Number(process.env.BENCH_INFLIGHT ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATIO_MIN = 0.97;
const START_MS_MAX = 30_000;

type Side = "off" | "on";

interface Run {
  msgsPerSecond: number;
  /** The all-in-one's CPU time per message sent, µs: steadier than throughput on a shared machine. */
  cpuUsPerMsg: number;
  scrapes: number;
}

async function produceOnce(binary: string, dir: string, side: Side): Promise<Run> {
  const [namesrvPort, brokerPort, consolePort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const metrics = side === "on"
    ? ["--broker.metricsEnable=true", "--broker.metricsExporterType=PROM", `--broker.metricsPromExporterPort=${metricsPort}`]
    : ["--broker.metricsEnable=false"];
  const server = spawn("all-in-one", [binary, "all-in-one", "--namesrv-port", String(namesrvPort), `--broker.listenPort=${brokerPort}`,
    `--consolePort=${consolePort}`, "--logsDir=", ...metrics], { cwd: dir });
  let scrapes = 0;
  let scraper: ReturnType<typeof setInterval> | undefined;
  try {
    await server.waitFor(/^The console is at /, START_MS_MAX);
    if (side === "on") {
      scraper = setInterval(() => {
        void fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text()).then(() => scrapes++, () => undefined);
      }, 1000);
    }
    const n = ["-n", `127.0.0.1:${namesrvPort}`];
    const admin = spawn("admin", [binary, "admin", "updateTopic", ...n, "-b", `127.0.0.1:${brokerPort}`, "-t", "MetricsBench", "-r", "8", "-w", "8"]);
    if ((await admin.exited) !== 0) throw new Error(`updateTopic failed:\n${admin.lines.join("\n")}`);
    const cpuBefore = cpuSeconds(server.pid);
    const tool = spawn("produce", [binary, "bench", "produce", ...n, "-t", "MetricsBench", "-s", String(SIZE), "-w", String(INFLIGHT),
      "--count", String(COUNT), "--duration", "120", "--json"]);
    const code = await tool.exited;
    const json = tool.lines.findLast((l) => l.startsWith("{"));
    if (json === undefined) throw new Error(`mq bench produce exited ${code} without a summary:\n${tool.lines.slice(-20).join("\n")}`);
    const summary = JSON.parse(json) as BenchSummary;
    if (summary.failed > 0) throw new Error(`${summary.failed} sends failed`);
    const cpuUsPerMsg = ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / summary.count;
    return { msgsPerSecond: summary.msgsPerSecond, cpuUsPerMsg, scrapes };
  } finally {
    clearInterval(scraper);
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "mq-bench-metrics-"));
  try {
    // A copy under its own name: `mq shutdown all-in-one` elsewhere on the machine must not stop it.
    const binary = join(work, `mq-bench-metrics-${process.pid}`);
    copyFileSync(join(ROOT, "mq"), binary);
    const runs: Record<Side, number[]> = { off: [], on: [] };
    const cpu: Record<Side, number[]> = { off: [], on: [] };
    process.stdout.write(`${COUNT} messages x ${SIZE} B, ${INFLIGHT} in flight, ${ROUNDS} rounds\n`);
    for (let round = 1; round <= ROUNDS; round++) {
      const order: Side[] = round % 2 === 1 ? ["off", "on"] : ["on", "off"];
      for (const side of order) {
        const r = await produceOnce(binary, mkdtempSync(join(work, `${round}-${side}-`)), side);
        runs[side].push(r.msgsPerSecond);
        cpu[side].push(r.cpuUsPerMsg);
        process.stdout.write(`round ${round}  metrics ${side.padEnd(3)}  ${r.msgsPerSecond.toFixed(0).padStart(7)} msg/s` +
          `  ${r.cpuUsPerMsg.toFixed(1).padStart(6)} µs CPU/msg` +
          `${side === "on" ? `  (/metrics scraped ${r.scrapes} times)` : ""}\n`);
      }
    }
    const [off, on] = [median(runs.off), median(runs.on)];
    const ratio = on / off;
    const [cpuOff, cpuOn] = [median(cpu.off), median(cpu.on)];
    process.stdout.write(`median  off ${off.toFixed(0)} msg/s  on ${on.toFixed(0)} msg/s  on/off ${ratio.toFixed(3)} ` +
      `(${ratio >= RATIO_MIN ? "meets" : "BELOW"} ${RATIO_MIN})\n`);
    process.stdout.write(`median  CPU off ${cpuOff.toFixed(1)} µs/msg  on ${cpuOn.toFixed(1)} µs/msg  ` +
      `throughput a CPU-bound broker keeps with metrics on: ${(cpuOff / cpuOn).toFixed(3)}x\n`);
    return ratio >= RATIO_MIN ? 0 : 1;
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
process.exit(await main());
