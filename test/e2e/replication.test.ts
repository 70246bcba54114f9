// Master/slave replication against the compiled binary: a NameServer, a master and a slave as
// separate processes on loopback, each store in the test's temp directory.
import { afterEach, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { admin, freePort, killAll, spawnMq, startCluster, type Cluster, type Proc } from "./harness.ts";
import { onsConsumer, received } from "./ons.ts";

let cluster: Cluster | undefined;

afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

const SEGMENT_BYTES = 16 * 1024 * 1024;

/** A slave of broker-a in the cluster's directory, with its own store and ports. */
async function startSlave(c: Cluster, extra: Record<string, string | number> = {}): Promise<{ proc: Proc; store: string }> {
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
  return { proc, store };
}

/** A slave for the cluster's master, and a topic created on the master and synced to the slave. */
async function startPair(c: Cluster, topic: string): Promise<Proc> {
  const slave = await startSlave(c);
  await c.broker.waitFor(/slave connected/);
  const synced = () => slave.proc.lines.filter((l) => l.includes("topics synced from the master")).length;
  const before = synced();
  const created = await admin(c.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);
  await slave.proc.until(() => synced() > before, `${topic} synced to the slave`);
  return slave.proc;
}

/** `mq produce` lines: the sendStatus of each message, by body. */
async function produce(c: Cluster, topic: string, count: number, prefix = "m"): Promise<Map<string, string>> {
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
async function consume(c: Cluster, topic: string, group: string, count: number): Promise<string[]> {
  const proc = spawnMq("consume", ["consume", "-n", c.namesrvAddr, "-t", topic, "-g", group, "-c", String(count)]);
  expect(await proc.exited, proc.tail()).toBe(0);
  return proc.lines.flatMap((line) => [...line.matchAll(/body=(\w+-\d+)\]/g)].map((m) => m[1] as string));
}

test("a SYNC_MASTER with no slave answers SLAVE_NOT_AVAILABLE and keeps the message", async () => {
  cluster = await startCluster({ brokerRole: "SYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES });
  const statuses = await produce(cluster, "NoSlaveTopic", 3);
  expect([...statuses.values()]).toEqual(["SLAVE_NOT_AVAILABLE", "SLAVE_NOT_AVAILABLE", "SLAVE_NOT_AVAILABLE"]);
  expect((await consume(cluster, "NoSlaveTopic", "GID_NOSLAVE", 3)).sort()).toEqual(["m-0", "m-1", "m-2"]);
}, 30_000);

test("SYNC_MASTER + SLAVE: every acknowledged message is consumed from the slave after the master is SIGKILLed", async () => {
  cluster = await startCluster({ brokerRole: "SYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES });
  await startPair(cluster, "HaTopic");
  const statuses = await produce(cluster, "HaTopic", 2000);
  const acked = [...statuses].filter(([, s]) => s === "SEND_OK").map(([body]) => body);
  expect(acked.length, JSON.stringify([...statuses].filter(([, s]) => s !== "SEND_OK").slice(0, 5))).toBe(2000);
  const ha = await admin(cluster.namesrvAddr, ["haStatus", "-c", "DefaultCluster"]);
  expect(ha.code, ha.out).toBe(0);
  expect(ha.out).toContain("#SlaveNum\t1\n#InSyncSlaveNum\t1");
  expect(ha.out).toMatch(/127\.0\.0\.1:\d+ +\d+ +0 +[\d.]+ +OK +0/); // acknowledged all: no diff
  expect(ha.out).toContain("#State\tfollowing");
  await cluster.broker.kill("SIGKILL");
  // At least once: a redelivery (a rebalance as the master leaves the route) counts towards -c,
  // so what is still missing is asked for again from the committed offsets.
  const consumed = await consume(cluster, "HaTopic", "GID_HA", 2000);
  const got = new Set(consumed);
  for (let again = 0; again < 3 && acked.some((b) => !got.has(b)); again++) {
    for (const body of await consume(cluster, "HaTopic", "GID_HA", acked.filter((b) => !got.has(b)).length)) got.add(body);
  }
  expect(acked.filter((b) => !got.has(b)), `${consumed.length} consumed first, ${new Set(consumed).size} distinct`).toEqual([]);
  // And by ali-ons, as an application would, in a group of its own.
  const ons = onsConsumer("ons-from-slave", { nameSrv: cluster.namesrvAddr, topic: "HaTopic", group: "GID_HA_ONS" });
  const bodies = () => new Set(received(ons).map((m) => m.body));
  await ons.until(() => bodies().size >= acked.length, `all ${acked.length} acknowledged messages by ali-ons`, 30_000);
  for (const body of acked) expect(bodies().has(body)).toBe(true);
}, 60_000);

test("a master that returns takes back the offsets its group committed to the slave, and the group consumes only what is new", async () => {
  cluster = await startCluster({ brokerRole: "SYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES });
  const slave = await startPair(cluster, "BackTopic");
  expect([...(await produce(cluster, "BackTopic", 100, "old")).values()].every((s) => s === "SEND_OK")).toBe(true);
  await cluster.broker.kill("SIGKILL");
  expect(new Set(await consume(cluster, "BackTopic", "GID_BACK", 100)).size).toBe(100); // from the slave
  const connects = () => slave.lines.filter((l) => l.includes("connected to master")).length;
  const before = connects();
  const master = await cluster.startBroker();
  expect(master.output()).toContain("consumer offsets taken back from a slave");
  await slave.until(() => connects() > before, "the slave to follow the master again");
  expect([...(await produce(cluster, "BackTopic", 50, "new")).values()].every((s) => s === "SEND_OK")).toBe(true);
  const got = await consume(cluster, "BackTopic", "GID_BACK", 50);
  expect(got.filter((b) => b.startsWith("old-"))).toEqual([]);
  expect(new Set(got).size).toBe(50);
}, 60_000);

test("a slave started empty catches up with its master and holds the same commitlog and consume queues", async () => {
  cluster = await startCluster({ brokerRole: "ASYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES });
  const bench = spawnMq("bench", ["bench", "produce", "-n", cluster.namesrvAddr, "-t", "CatchUp", "-s", "1024", "-q", "12000", "--report-interval", "100000"]);
  expect(await bench.exited, bench.tail()).toBe(0);
  const masterStore = join(cluster.dir, "store");
  const started = Date.now();
  const slave = await startSlave(cluster);
  await slave.proc.waitFor(/caught up with the master/, 20_000);
  const seconds = (Date.now() - started) / 1000;
  const bytes = statSync(join(masterStore, "commitlog", "00000000000000000000")).size;
  process.stderr.write(`slave caught up ${(bytes / 1048576).toFixed(1)} MiB in ${seconds.toFixed(2)} s ` +
    `(${(bytes / 1048576 / seconds).toFixed(1)} MiB/s, including the slave's start)\n`);
  await slave.proc.kill("SIGTERM");
  await cluster.broker.kill("SIGTERM");
  expect(filesOf(join(slave.store, "commitlog"))).toEqual(filesOf(join(masterStore, "commitlog")));
  expect(filesOf(join(slave.store, "consumequeue", "CatchUp"))).toEqual(filesOf(join(masterStore, "consumequeue", "CatchUp")));
}, 60_000);

/** Every file under dir: relative path → content hash. */
function filesOf(dir: string): Record<string, string> {
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
