// A NameServer, a master and (optionally later) a slave of broker-a, each ./mq in a temp directory
// on free loopback ports, for the replication benchmarks; and a sampler of the master's view of
// its slave (GET_BROKER_RUNTIME_INFO's slaveFallBehindMuch and slaveFallBehindSeconds).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeKVTable, RequestCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { freePort, spawn, type Child } from "./procs.ts";

export const MQ = process.env.MQ_BIN ?? resolve(import.meta.dir, "..", "..", "mq");
const BOOT_MS = 30_000;

export interface HaCluster {
  dir: string;
  namesrvAddr: string;
  masterAddr: string;
  master: Child;
  startSlave(): Promise<Child>;
  /** Stops every process; resolves to the CPU seconds the master and the slave used. */
  stop(): Promise<{ masterCpuSeconds: number; slaveCpuSeconds: number }>;
}

export async function startHaCluster(role: "ASYNC_MASTER" | "SYNC_MASTER", masterProps: string[] = []): Promise<HaCluster> {
  const dir = mkdtempSync(join(tmpdir(), "mq-bench-ha-"));
  const [nsPort, mPort, sPort] = [await freePort(), await freePort(), await freePort()];
  const namesrvAddr = `127.0.0.1:${nsPort}`;
  const common = ["-n", namesrvAddr, "--brokerName=broker-a", "--brokerIP1=127.0.0.1", "--logsDir="];
  const children: Child[] = [spawn("namesrv", [MQ, "namesrv", `--listenPort=${nsPort}`, "--logsDir="], { cwd: dir })];
  await children[0]!.waitFor(/boot success/, BOOT_MS);
  const master = spawn("master", [MQ, "broker", ...common, `--listenPort=${mPort}`, `--brokerRole=${role}`, `--storePathRootDir=${dir}/m`, ...masterProps], { cwd: dir });
  children.push(master);
  await master.waitFor(/boot success/, BOOT_MS);
  return {
    dir, namesrvAddr, masterAddr: `127.0.0.1:${mPort}`, master,
    async startSlave() {
      const slave = spawn("slave", [MQ, "broker", ...common, `--listenPort=${sPort}`, "--brokerRole=SLAVE", "--brokerId=1", `--storePathRootDir=${dir}/s`], { cwd: dir });
      children.push(slave);
      await slave.waitFor(/boot success/, BOOT_MS);
      return slave;
    },
    async stop() {
      for (const child of [...children].reverse()) await child.stop("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
      const cpu = (name: string) => children.find((c) => c.name === name)?.cpuSeconds() ?? 0;
      return { masterCpuSeconds: cpu("master"), slaveCpuSeconds: cpu("slave") };
    },
  };
}

export interface LagSample {
  bytes: number;
  ms: number;
}

/** Samples the master's runtime info every intervalMs until stop(), which returns the samples. */
export function lagSampler(masterAddr: string, intervalMs = 50): { stop(): LagSample[] } {
  const client = new RemotingClient({ log: silentLogger });
  const samples: LagSample[] = [];
  const timer = setInterval(() => {
    void client.invoke(masterAddr, request(RequestCode.GET_BROKER_RUNTIME_INFO, {}), 1000).then((res) => {
      const kv = decodeKVTable(res.body);
      if (kv.slaveFallBehindMuch !== undefined) samples.push({ bytes: Number(kv.slaveFallBehindMuch), ms: Number(kv.slaveFallBehindSeconds) * 1000 });
    }, () => {});
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      client.close();
      return samples;
    },
  };
}

/** `mq bench produce` against the cluster: its --json summary, with cpuSeconds (the bench's own). */
export async function benchProduce(namesrvAddr: string, topic: string, args: string[]): Promise<Record<string, number>> {
  const bench = spawn("bench", [MQ, "bench", "produce", "-n", namesrvAddr, "-t", topic, "--report-interval", "100000", "--json", ...args]);
  await bench.exited;
  const line = bench.lines.filter((l) => l.startsWith("{")).at(-1);
  if (line === undefined) throw new Error(`mq bench produce printed no summary:\n${bench.lines.slice(-20).join("\n")}`);
  return { ...(JSON.parse(line) as Record<string, number>), cpuSeconds: bench.cpuSeconds() };
}

export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
export const median = (xs: number[]): number => percentile(xs, 0.5);
