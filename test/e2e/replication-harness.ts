// Master/slave pieces for tests against the compiled binary: a slave of a cluster's broker-a, a
// topic synced to it, and `mq produce` / `mq consume` runs read back by body.
import { expect } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { admin, freePort, spawnMq, type Cluster, type Proc } from "./harness.ts";

export const SEGMENT_BYTES = 16 * 1024 * 1024;

/** A slave of broker-a in the cluster's directory, with its own store and ports. */
export interface Slave {
  proc: Proc;
  store: string;
  addr: string;
}

export async function startSlave(c: Cluster, extra: Record<string, string | number> = {}): Promise<Slave> {
  const port = await freePort();
  const store = join(c.dir, "slave-store");
  const conf = join(c.dir, "slave.properties");
  const props = {
    brokerClusterName: "DefaultCluster", brokerName: "broker-a", brokerId: 1, brokerRole: "SLAVE",
    listenPort: port, namesrvAddr: c.namesrvAddr, brokerIP1: "127.0.0.1", storePathRootDir: store,
    mappedFileSizeCommitLog: SEGMENT_BYTES, slaveSynchronizeInterval: 300, ...extra,
  };
  writeFileSync(conf, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const proc = spawnMq("slave", ["broker", "-c", conf, "--logsDir="], { cwd: c.dir });
  await proc.waitFor(/boot success/);
  return { proc, store, addr: `127.0.0.1:${port}` };
}

/** A slave for the cluster's master, and a topic created on the master and synced to the slave. */
export async function startPair(c: Cluster, topic: string, extra: Record<string, string | number> = {}): Promise<Slave> {
  const slave = await startSlave(c, extra);
  await c.broker.waitFor(/slave connected/);
  const synced = () => slave.proc.lines.filter((l) => l.includes("topics synced from the master")).length;
  const before = synced();
  const created = await admin(c.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);
  await slave.proc.until(() => synced() > before, `${topic} synced to the slave`);
  return slave;
}

/** `mq produce` lines: the sendStatus of each message, by body. */
export async function produce(c: Cluster, topic: string, count: number, prefix = "m"): Promise<Map<string, string>> {
  const proc = spawnMq("produce", ["produce", "-n", c.namesrvAddr, "-t", topic, "-c", String(count), "--body", `${prefix}-{i}`]);
  expect(await proc.exited, proc.tail()).toBe(0);
  const statuses = new Map<string, string>();
  for (const line of proc.lines) {
    const status = /sendStatus=(\w+)/.exec(line)?.[1];
    if (status) statuses.set(`${prefix}-${statuses.size}`, status);
  }
  return statuses;
}

/** `mq consume -c count`: the bodies it printed. */
export async function consume(c: Cluster, topic: string, group: string, count: number): Promise<string[]> {
  const proc = spawnMq("consume", ["consume", "-n", c.namesrvAddr, "-t", topic, "-g", group, "-c", String(count)]);
  expect(await proc.exited, proc.tail()).toBe(0);
  return proc.lines.flatMap((line) => [...line.matchAll(/body=(\w+-\d+)\]/g)].map((m) => m[1] as string));
}

/** Every file under dir: relative path → content hash. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = Bun.hash(readFileSync(path)).toString(16);
    }
  };
  walk(dir);
  return out;
}

/** A broker's runtime info key (mq admin brokerStatus -b addr), as a number. */
export async function runtimeNumber(c: Cluster, addr: string, key: string): Promise<number> {
  const status = await admin(c.namesrvAddr, ["brokerStatus", "-b", addr]);
  expect(status.code, status.out).toBe(0);
  const value = new RegExp(`^${key}\\s*: (\\S+)$`, "m").exec(status.out)?.[1];
  if (value === undefined) throw new Error(`brokerStatus of ${addr} has no ${key}:\n${status.out}`);
  return Number(value);
}

/** Resolves once the slave's commitlog ends where the master's does (after the sends are done). */
export async function slaveCaughtUp(c: Cluster, slave: Slave, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  const master = await runtimeNumber(c, c.brokerAddr, "commitLogMaxOffset");
  while ((await runtimeNumber(c, slave.addr, "commitLogMaxOffset")) < master) {
    if (Date.now() > deadline) throw new Error(`the slave did not reach the master's offset ${master} within ${limitMs} ms`);
    await Bun.sleep(50);
  }
}
