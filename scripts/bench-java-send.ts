// The Java produce phase of bench-peers.sh alone, as an A/B of two mq binaries in one run:
// RocketMQ's benchmark Producer (scripts/bench/java, rocketmq-client 4.9.8, JSON headers, sync
// send()) against `mq all-in-one`, binaries alternated A B B A … so load drifts hit both alike.
//   bun scripts/bench-java-send.ts <mqA> [mqB]      (build the Java benchmark first: bench-peers.sh does)
// Either may be rocketmq:4.9.7 (Apache RocketMQ from scripts/rocketmq-reference.sh; topic made with ./mq).
// BENCH_ROUNDS (default 2), BENCH_WARMUP_S (3), BENCH_PHASE_S (10), BENCH_THREADS (64), BENCH_SIZE
// (1024), BENCH_FLUSH (ASYNC_FLUSH), BENCH_PARALLEL=1 (A and B at the same time, not in turn: on
// a machine whose load swings, both then see the same swings). Prints per phase msg/s and CPU µs
// per message of broker and client (from /proc), then each binary's mean and B ÷ A.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTopic, startMq, startRocketMq, stopReferenceBrokers, type FlushDiskType } from "./bench/peer-brokers.ts";
import { cpuSeconds, killAll, spawn } from "./bench/procs.ts";

const ROOT = resolve(import.meta.dir, "..");
const env = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const ROUNDS = env("BENCH_ROUNDS", 2);
const WARMUP_S = env("BENCH_WARMUP_S", 3);
const PHASE_S = env("BENCH_PHASE_S", 10);
const THREADS = env("BENCH_THREADS", 64);
const SIZE = env("BENCH_SIZE", 1024);
const FLUSH = (process.env.BENCH_FLUSH ?? "ASYNC_FLUSH") as FlushDiskType;
/** Both brokers at once, each with its own Producer: the same load drift for both (they share the cores). */
const PARALLEL = process.env.BENCH_PARALLEL === "1";
const JAVA_DIR = join(ROOT, "scripts/bench/java");

interface Phase { tps: number; brokerUs: number; clientUs: number; brokerReads: number; brokerWrites: number }

/** read and write system calls so far (/proc/<pid>/io: syscr, syscw; sockets and files alike). */
function syscalls(pid: number): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(io)?.[1] ?? 0);
  return { reads: field("syscr"), writes: field("syscw") };
}

function classpath(): string {
  const cp = join(JAVA_DIR, "target", "classpath-4.9.8.txt");
  if (!existsSync(cp)) throw new Error(`${cp} is missing: run (cd scripts/bench/java && mvn -q -B compile -Drocketmq.version=4.9.8)`);
  return `${join(JAVA_DIR, "target", "classes")}:${readFileSync(cp, "utf8").trim()}`;
}

/** A broker to measure: an mq binary, or "rocketmq:<version>" (scripts/rocketmq-reference.sh). */
async function phase(broker: string, work: string): Promise<Phase> {
  const dir = mkdtempSync(join(work, "mq-"));
  const version = broker.startsWith("rocketmq:") ? broker.slice("rocketmq:".length) : undefined;
  const b = version === undefined ? await startMq(broker, FLUSH, dir) : await startRocketMq(version, FLUSH);
  try {
    await createTopic(version === undefined ? broker : join(ROOT, "mq"), b, "BenchJavaSend");
    const tool = spawn("java Producer", ["java", "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", `-Duser.home=${dir}`,
      `-Drocketmq.client.logRoot=${join(dir, "client-logs")}`, "-Drocketmq.client.logLevel=ERROR", "-cp", classpath(),
      "mqbench.Producer", "-n", b.namesrvAddr, "-t", "BenchJavaSend", "-w", String(THREADS), "-s", String(SIZE),
      "-warmup", String(WARMUP_S), "-d", String(PHASE_S)]);
    const limitMs = (WARMUP_S + PHASE_S + 60) * 1000;
    await tool.waitFor(/^\[warm-up done\]/, limitMs);
    const broker0 = cpuSeconds(b.pid);
    const client0 = cpuSeconds(tool.pid);
    const io0 = syscalls(b.pid);
    await tool.waitFor(/^\[measure done\]/, limitMs);
    const brokerS = cpuSeconds(b.pid) - broker0;
    const clientS = cpuSeconds(tool.pid) - client0;
    const io1 = syscalls(b.pid);
    await tool.exited;
    const line = tool.lines.findLast((l) => l.startsWith("{\"warmup\""));
    if (line === undefined) throw new Error(`the Producer printed no summary:\n${tool.lines.slice(-20).join("\n")}`);
    const m = (JSON.parse(line) as { measured: { messages: number; tps: number } }).measured;
    return { tps: m.tps, brokerUs: (brokerS * 1e6) / m.messages, clientUs: (clientS * 1e6) / m.messages,
      brokerReads: (io1.reads - io0.reads) / m.messages, brokerWrites: (io1.writes - io0.writes) / m.messages };
  } finally {
    await b.stop();
  }
}

const fmt = (p: Phase) => `${p.tps.toFixed(0).padStart(7)} msg/s  broker ${p.brokerUs.toFixed(1).padStart(5)} µs  client ${p.clientUs.toFixed(1).padStart(5)} µs  broker syscalls/msg read ${p.brokerReads.toFixed(2)} write ${p.brokerWrites.toFixed(2)}`;
const mean = (ps: Phase[]): Phase => ({
  tps: ps.reduce((s, p) => s + p.tps, 0) / ps.length,
  brokerUs: ps.reduce((s, p) => s + p.brokerUs, 0) / ps.length,
  clientUs: ps.reduce((s, p) => s + p.clientUs, 0) / ps.length,
  brokerReads: ps.reduce((s, p) => s + p.brokerReads, 0) / ps.length,
  brokerWrites: ps.reduce((s, p) => s + p.brokerWrites, 0) / ps.length,
});

async function main(): Promise<void> {
  const binaries = process.argv.slice(2).map((b) => (b.startsWith("rocketmq:") ? b : resolve(b)));
  if (binaries.length === 0) throw new Error("usage: bun scripts/bench-java-send.ts <mqA> [mqB]");
  const work = mkdtempSync(join(tmpdir(), "mq-bench-java-send-"));
  const results = binaries.map(() => [] as Phase[]);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (PARALLEL) {
        const ps = await Promise.all(binaries.map((b) => phase(b, work)));
        ps.forEach((p, i) => {
          results[i]!.push(p);
          process.stdout.write(`${"AB"[i]} round ${round + 1}: ${fmt(p)}\n`);
        });
        continue;
      }
      const order = round % 2 === 0 ? binaries.map((_, i) => i) : binaries.map((_, i) => binaries.length - 1 - i);
      for (const i of order) {
        const p = await phase(binaries[i]!, work);
        results[i]!.push(p);
        process.stdout.write(`${"AB"[i]} round ${round + 1}: ${fmt(p)}\n`);
      }
    }
    process.stdout.write(`${FLUSH}, ${SIZE} B x ${THREADS} threads, ${WARMUP_S} s warm-up, ${PHASE_S} s measured\n`);
    results.forEach((ps, i) => process.stdout.write(`${"AB"[i]} mean:     ${fmt(mean(ps))}   ${binaries[i]}\n`));
    if (binaries.length === 2) {
      const [a, b] = [mean(results[0]!), mean(results[1]!)];
      process.stdout.write(`B ÷ A: msg/s ${(b.tps / a.tps).toFixed(2)}  broker µs ${(b.brokerUs / a.brokerUs).toFixed(2)}  client µs ${(b.clientUs / a.clientUs).toFixed(2)}\n`);
    }
  } finally {
    stopReferenceBrokers();
    killAll();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
