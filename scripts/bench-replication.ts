// Replication's cost and lag (./mq, build it first):
//
//   bun scripts/bench-replication.ts [rounds=3] [seconds=8] [bodyBytes=1024] [side-by-side]
//     a NameServer, a master and a slave, then `mq bench produce` against an ASYNC_MASTER and a
//     SYNC_MASTER (both ASYNC_FLUSH) in turn, `rounds` times each, so both see the same machine
//     (side-by-side: both clusters at once in each round, for a machine whose load changes);
//     the master's runtime info is sampled every 50 ms for the slave's lag in bytes and in time
//     (slaveFallBehindMuch, slaveFallBehindSeconds). Prints each round, the medians, and
//     SYNC_MASTER's TPS as a fraction of ASYNC_MASTER's.
//   bun scripts/bench-replication.ts catchup [MiB=200] [loadSeconds=30]
//     a master filled with MiB of 1 KiB messages (with keys), then an empty slave started while
//     `mq bench produce` keeps sending: catch-up MiB/s, the master's send rate meanwhile, and
//     whether the slave ends with the master's consume queues and message index.
//
// MQ_BIN=<path> runs another build of mq; BENCH_HA_THREADS=<n> sets mq bench produce -w (64).
import { killAll } from "./bench/procs.ts";
import { runCatchUp } from "./bench/catch-up.ts";
import { benchProduce, lagSampler, median, percentile, startHaCluster, type LagSample } from "./bench/ha-cluster.ts";

interface Round {
  tps: number;
  failed: number;
  lagBytesP99: number;
  lagMsP99: number;
  lagBytesMax: number;
  /** CPU ms that master, slave and client spent per thousand messages: what the role costs,
   *  whatever else the machine runs. */
  cpuMsPerKilo: number;
  p50Ms: number;
}

async function round(role: "ASYNC_MASTER" | "SYNC_MASTER", seconds: number, body: number): Promise<Round> {
  const cluster = await startHaCluster(role);
  let summary: Record<string, number> = {};
  let lags: LagSample[] = [];
  try {
    await cluster.startSlave();
    await cluster.master.waitFor(/slave connected/, 30_000);
    const sampler = lagSampler(cluster.masterAddr);
    summary = await benchProduce(cluster.namesrvAddr, "BenchHa", ["-s", String(body), "-w", process.env.BENCH_HA_THREADS ?? "64", "--duration", String(seconds)]);
    lags = sampler.stop();
  } finally {
    const cpu = await cluster.stop();
    summary.cpuSeconds = (summary.cpuSeconds ?? 0) + cpu.masterCpuSeconds + cpu.slaveCpuSeconds;
  }
  return {
    tps: summary.msgsPerSecond ?? 0, failed: summary.failed ?? 0,
    lagBytesP99: percentile(lags.map((l) => l.bytes), 0.99), lagMsP99: percentile(lags.map((l) => l.ms), 0.99),
    lagBytesMax: Math.max(0, ...lags.map((l) => l.bytes)),
    cpuMsPerKilo: (summary.cpuSeconds * 1e6) / Math.max(1, summary.count ?? 0), p50Ms: summary.p50Ms ?? 0,
  };
}

async function cost(rounds: number, seconds: number, body: number, sideBySide: boolean): Promise<void> {
  const results: Record<string, Round[]> = { ASYNC_MASTER: [], SYNC_MASTER: [] };
  console.log(`master + slave (ASYNC_FLUSH), mq bench produce ${body}-byte bodies for ${seconds} s, ${rounds} rounds of each role, ` +
    (sideBySide ? "both roles at once" : "interleaved"));
  const roles = ["ASYNC_MASTER", "SYNC_MASTER"] as const;
  for (let i = 0; i < rounds; i++) {
    const done = sideBySide
      ? await Promise.all(roles.map((role) => round(role, seconds, body)))
      : [await round(roles[0], seconds, body), await round(roles[1], seconds, body)];
    for (const [j, role] of roles.entries()) {
      const r = done[j] as Round;
      results[role]!.push(r);
      console.log(`${role.padEnd(12)} TPS ${r.tps.toFixed(0).padStart(7)}${r.failed > 0 ? ` (${r.failed} not SEND_OK)` : ""}  ` +
        `p50 ${r.p50Ms.toFixed(1)} ms  slave lag p99 ${(r.lagBytesP99 / 1024).toFixed(0)} KiB / ${r.lagMsP99.toFixed(0)} ms, ` +
        `max ${(r.lagBytesMax / 1024).toFixed(0)} KiB  CPU ${r.cpuMsPerKilo.toFixed(0)} ms per 1000 msgs`);
    }
  }
  const med = (role: string, f: (r: Round) => number) => median(results[role]!.map(f));
  const ratios = results.SYNC_MASTER!.map((s, i) => s.tps / (results.ASYNC_MASTER![i]?.tps ?? Number.NaN));
  console.log(`median TPS: ASYNC_MASTER ${med("ASYNC_MASTER", (r) => r.tps).toFixed(0)}, SYNC_MASTER ${med("SYNC_MASTER", (r) => r.tps).toFixed(0)} ` +
    `(${(med("SYNC_MASTER", (r) => r.tps) / med("ASYNC_MASTER", (r) => r.tps)).toFixed(2)}x; per round ${ratios.map((x) => x.toFixed(2)).join(" ")})`);
  for (const role of ["ASYNC_MASTER", "SYNC_MASTER"]) {
    console.log(`${role}: median slave lag p99 ${(med(role, (r) => r.lagBytesP99) / 1024).toFixed(0)} KiB, ${med(role, (r) => r.lagMsP99).toFixed(0)} ms; ` +
      `CPU ${med(role, (r) => r.cpuMsPerKilo).toFixed(0)} ms per 1000 msgs (master + slave + client)`);
  }
}

const args = process.argv.slice(2);
try {
  if (args[0] === "catchup") await runCatchUp(Number(args[1] ?? 200), Number(args[2] ?? 30));
  else await cost(Number(args[0] ?? 3), Number(args[1] ?? 8), Number(args[2] ?? 1024), args[3] === "side-by-side");
} finally {
  killAll();
}
