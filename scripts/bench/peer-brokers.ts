// The brokers scripts/bench-peers.sh compares, each started in its own directory on free loopback
// ports and stopped afterwards: mq all-in-one (one process: NameServer and broker), and Apache
// RocketMQ's NameServer and broker JVMs (scripts/rocketmq-reference.sh, from Maven Central jars).
// What the benchmark reads of a broker: the pid whose CPU and RSS it measures (for RocketMQ the
// broker JVM, not its NameServer), and the addresses clients use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, spawn, type Child } from "./procs.ts";

export type FlushDiskType = "ASYNC_FLUSH" | "SYNC_FLUSH";

export interface Broker {
  label: string;
  pid: number;
  namesrvAddr: string;
  brokerAddr: string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dir, "../..");
const START_MS_MAX = 120_000;
/** RocketMQ's runbroker.sh picks G1 and a fixed heap; sized here for a 2-core, 24 GiB machine
 *  that also runs the clients (its own default of 8 GiB would be a third of the RAM). */
export const ROCKETMQ_JVM = "-Xms2g -Xmx2g -XX:MaxDirectMemorySize=2g -XX:+UseG1GC -XX:G1HeapRegionSize=16m " +
  "-XX:G1ReservePercent=25 -XX:InitiatingHeapOccupancyPercent=30 -XX:SoftRefLRUPolicyMSPerMB=0";

export async function startMq(binary: string, flush: FlushDiskType, dir: string): Promise<Broker> {
  const namesrvPort = await freePort();
  const brokerPort = await freePort();
  const server = spawn(`mq ${flush}`, [binary, "all-in-one", "--namesrv-port", String(namesrvPort), `--broker.listenPort=${brokerPort}`,
    `--broker.flushDiskType=${flush}`, "--broker.consoleEnable=false"], { cwd: dir });
  await server.waitFor(/The broker\[.*\] boot success/, START_MS_MAX);
  return {
    label: `mq ${flush}`,
    pid: server.pid,
    namesrvAddr: `127.0.0.1:${namesrvPort}`,
    brokerAddr: `127.0.0.1:${brokerPort}`,
    stop: async () => void (await server.stop()),
  };
}

/** Reference brokers started and not yet stopped, for the run to stop whatever happens. */
const referenceDirs = new Set<string>();

export async function startRocketMq(version: string, flush: FlushDiskType): Promise<Broker> {
  const script = join(ROOT, "scripts/rocketmq-reference.sh");
  process.env.RMQ_REF_VERSION = version;
  process.env.RMQ_REF_JVM = ROCKETMQ_JVM;
  const start: Child = spawn(`rocketmq ${version}`, ["bash", script, "start", `flushDiskType=${flush}`]);
  const line = await start.waitFor(/^dir=/, START_MS_MAX);
  await start.exited;
  const fields = Object.fromEntries(line.split(/\s+/).map((kv) => kv.split("=") as [string, string]));
  const dir = fields.dir!;
  referenceDirs.add(dir);
  return {
    label: `RocketMQ ${version} ${flush}`,
    pid: Number(readFileSync(join(dir, "broker.pid"), "utf8").trim()),
    namesrvAddr: fields.namesrvAddr!,
    brokerAddr: fields.brokerAddr!,
    stop: async () => {
      referenceDirs.delete(dir);
      await spawn("rocketmq stop", ["bash", script, "stop", dir]).exited;
    },
  };
}

/** Stops every reference broker still running (synchronously: also called on the way out). */
export function stopReferenceBrokers(): void {
  const script = join(ROOT, "scripts/rocketmq-reference.sh");
  for (const dir of referenceDirs) Bun.spawnSync(["bash", script, "stop", dir]);
  referenceDirs.clear();
}

/** Creates topic with 8 read and write queues on the broker (mq's admin speaks to either). */
export async function createTopic(mqBinary: string, b: Broker, topic: string): Promise<void> {
  const admin = spawn("updateTopic", [mqBinary, "admin", "updateTopic", "-n", b.namesrvAddr, "-b", b.brokerAddr, "-t", topic, "-r", "8", "-w", "8"]);
  if ((await admin.exited) !== 0) throw new Error(`updateTopic ${topic} on ${b.label} failed:\n${admin.lines.join("\n")}`);
}
