// Replication's cost and lag (./mq, build it first):
//
//   bun scripts/bench-replication.ts [rounds=3] [seconds=8] [bodyBytes=1024]
//     a NameServer, a master and a slave, then `mq bench produce` against an ASYNC_MASTER and a
//     SYNC_MASTER (both ASYNC_FLUSH) in turn, `rounds` times each, so both see the same machine;
//     the master's runtime info is sampled every 50 ms for the slave's lag in bytes and in time
//     (slaveFallBehindMuch, slaveFallBehindSeconds). Prints each round, the medians, and
//     SYNC_MASTER's TPS as a fraction of ASYNC_MASTER's.
//   bun scripts/bench-replication.ts catchup [MiB=200] [loadSeconds=30]
//     a master filled with MiB of 1 KiB messages (with keys), then an empty slave started while
//     `mq bench produce` keeps sending: catch-up MiB/s, the master's send rate meanwhile, and
//     whether the slave ends with the master's consume queues and message index.
//
// MQ_BIN=<path> runs another build of mq.
import { killAll } from "./bench/procs.ts";
import { runCatchUp } from "./bench/catch-up.ts";
import { benchProduce, lagSampler, median, percentile, startHaCluster } from "./bench/ha-cluster.ts";

interface Round {
  tps: number;
  failed: number;
  lagBytesP99: number;
  lagMsP99: number;
  lagBytesMax: number;
}

async function round(role: "ASYNC_MASTER" | "SYNC_MASTER", seconds: number, body: number): Promise<Round> {
  const cluster = await startHaCluster(role);
  try {
    await cluster.startSlave();
    await cluster.master.waitFor(/slave caught up/, 30_000);
    const sampler = lagSampler(cluster.masterAddr);
    const summary = await benchProduce(cluster.namesrvAddr, "BenchHa", ["-s", String(body), "--duration", String(seconds)]);
    const lags = sampler.stop();
    return {
      tps: summary.msgsPerSecond ?? 0, failed: summary.failed ?? 0,
      lagBytesP99: percentile(lags.map((l) => l.bytes), 0.99), lagMsP99: percentile(lags.map((l) => l.ms), 0.99),
      lagBytesMax: Math.max(0, ...lags.map((l) => l.bytes)),
    };
  } finally {
    await cluster.stop();
  }
}

async function cost(rounds: number, seconds: number, body: number): Promise<void> {
  const results: Record<string, Round[]> = { ASYNC_MASTER: [], SYNC_MASTER: [] };
  console.log(`master + slave (ASYNC_FLUSH), mq bench produce ${body}-byte bodies for ${seconds} s, ${rounds} rounds of each role, interleaved`);
  for (let i = 0; i < rounds; i++) {
    for (const role of ["ASYNC_MASTER", "SYNC_MASTER"] as const) {
      const r = await round(role, seconds, body);
      results[role]!.push(r);
      console.log(`${role.padEnd(12)} TPS ${r.tps.toFixed(0).padStart(7)}${r.failed > 0 ? ` (${r.failed} not SEND_OK)` : ""}  ` +
        `slave lag p99 ${(r.lagBytesP99 / 1024).toFixed(0)} KiB / ${r.lagMsP99.toFixed(0)} ms, max ${(r.lagBytesMax / 1024).toFixed(0)} KiB`);
    }
  }
  const med = (role: string, f: (r: Round) => number) => median(results[role]!.map(f));
  const ratios = results.SYNC_MASTER!.map((s, i) => s.tps / (results.ASYNC_MASTER![i]?.tps ?? Number.NaN));
  console.log(`median TPS: ASYNC_MASTER ${med("ASYNC_MASTER", (r) => r.tps).toFixed(0)}, SYNC_MASTER ${med("SYNC_MASTER", (r) => r.tps).toFixed(0)} ` +
    `(${(med("SYNC_MASTER", (r) => r.tps) / med("ASYNC_MASTER", (r) => r.tps)).toFixed(2)}x; per round ${ratios.map((x) => x.toFixed(2)).join(" ")})`);
  for (const role of ["ASYNC_MASTER", "SYNC_MASTER"]) {
    console.log(`median slave lag p99 under ${role}: ${(med(role, (r) => r.lagBytesP99) / 1024).toFixed(0)} KiB, ${med(role, (r) => r.lagMsP99).toFixed(0)} ms`);
  }
}

const args = process.argv.slice(2);
try {
  if (args[0] === "catchup") await runCatchUp(Number(args[1] ?? 200), Number(args[2] ?? 30));
  else await cost(Number(args[0] ?? 3), Number(args[1] ?? 8), Number(args[2] ?? 1024));
} finally {
  killAll();
}
