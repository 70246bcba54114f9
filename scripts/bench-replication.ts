// Replication's cost and lag: a NameServer, a master and a slave (./mq, build it first), then
// `mq bench produce` against an ASYNC_MASTER and a SYNC_MASTER in turn, `rounds` times each, so
// both see the same machine. While each runs, the master's haStatus (GET_BROKER_HA_STATUS) is
// sampled every 50 ms for the slave's lag in bytes. Prints each round, then the medians and
// SYNC_MASTER's TPS as a fraction of ASYNC_MASTER's.
// Usage: node_modules/.bin/bun scripts/bench-replication.ts [rounds=2] [seconds=8] [bodyBytes=1024]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeHaRuntimeInfo, RequestCode, silentLogger } from "../src/common/index.ts";
import { RemotingClient, request } from "../src/remoting/index.ts";

const MQ = resolve(import.meta.dir, "..", "mq");
const [ROUNDS, SECONDS, BODY] = [Number(process.argv[2] ?? 2), Number(process.argv[3] ?? 8), Number(process.argv[4] ?? 1024)];

function freePort(): number {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    try {
      for (const p of [port - 2, port, port + 1]) Bun.listen({ hostname: "127.0.0.1", port: p, socket: { data() {} } }).stop(true);
      return port;
    } catch {
      // taken: another
    }
  }
}

/** A child whose output is read all along, so a line can be awaited more than once. */
function spawn(args: string[], dir: string) {
  const child = Bun.spawn([MQ, ...args, "--logsDir="], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  let text = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) text += decoder.decode(chunk, { stream: true });
  })();
  return {
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    exited: child.exited,
    async waitLine(re: RegExp): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (!re.test(text)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${re} from mq ${args[0]}:\n${text}`);
        await Bun.sleep(20);
      }
      void reading;
    },
  };
}

async function round(role: "ASYNC_MASTER" | "SYNC_MASTER"): Promise<{ tps: number; lagP99: number; lagMax: number }> {
  const dir = mkdtempSync(join(tmpdir(), "mq-bench-ha-"));
  const [nsPort, mPort, sPort] = [freePort(), freePort(), freePort()];
  const ns = `127.0.0.1:${nsPort}`;
  const common = ["-n", ns, "--brokerName=broker-a", "--brokerIP1=127.0.0.1"];
  const children = [spawn(["namesrv", `--listenPort=${nsPort}`], dir)];
  try {
    await children[0]!.waitLine(/boot success/);
    const master = spawn(["broker", ...common, `--listenPort=${mPort}`, `--brokerRole=${role}`, `--storePathRootDir=${dir}/m`], dir);
    children.push(master);
    await master.waitLine(/boot success/);
    children.push(spawn(["broker", ...common, `--listenPort=${sPort}`, "--brokerRole=SLAVE", "--brokerId=1", `--storePathRootDir=${dir}/s`], dir));
    await master.waitLine(/slave connected/);
    const client = new RemotingClient({ log: silentLogger });
    const lags: number[] = [];
    const sampler = setInterval(() => {
      void client.invoke(`127.0.0.1:${mPort}`, request(RequestCode.GET_BROKER_HA_STATUS, {}), 1000)
        .then((res) => lags.push(decodeHaRuntimeInfo(res.body).haConnectionInfo[0]?.diff ?? 0), () => {});
    }, 50);
    const bench = Bun.spawn([MQ, "bench", "produce", "-n", ns, "-t", "BenchHa", "-s", String(BODY), "--duration", String(SECONDS),
      "--report-interval", "100000", "--json"], { stdout: "pipe", stderr: "inherit" });
    const out = await new Response(bench.stdout).text();
    clearInterval(sampler);
    client.close();
    const summary = JSON.parse(out.trim().split("\n").filter((l) => l.startsWith("{")).at(-1) ?? "{}") as Record<string, number>;
    const sorted = [...lags].sort((a, b) => a - b);
    if ((summary.failed ?? 0) > 0) console.log(`  ${role}: ${summary.failed} sends not SEND_OK`);
    return { tps: summary.msgsPerSecond ?? 0, lagP99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, lagMax: sorted.at(-1) ?? 0 };
  } finally {
    for (const child of children.reverse()) child.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const results: Record<string, Array<{ tps: number; lagP99: number; lagMax: number }>> = { ASYNC_MASTER: [], SYNC_MASTER: [] };
console.log(`master + slave, mq bench produce ${BODY}-byte bodies for ${SECONDS} s, ${ROUNDS} rounds of each role, interleaved`);
for (let i = 0; i < ROUNDS; i++) {
  for (const role of ["ASYNC_MASTER", "SYNC_MASTER"] as const) {
    const r = await round(role);
    results[role]!.push(r);
    console.log(`${role.padEnd(12)} TPS ${r.tps.toFixed(0).padStart(7)}  slave lag p99 ${(r.lagP99 / 1024).toFixed(0)} KiB, max ${(r.lagMax / 1024).toFixed(0)} KiB`);
  }
}
const tps = (role: string) => median(results[role]!.map((r) => r.tps));
console.log(`median TPS: ASYNC_MASTER ${tps("ASYNC_MASTER").toFixed(0)}, SYNC_MASTER ${tps("SYNC_MASTER").toFixed(0)} ` +
  `(${(tps("SYNC_MASTER") / tps("ASYNC_MASTER")).toFixed(2)}x)`);
