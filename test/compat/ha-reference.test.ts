// Replication between mq and Apache RocketMQ 5.5.0 and 4.9.7 (scripts/rocketmq-reference.sh), over
// RocketMQ's HA protocol and metadata codes: an Apache slave follows an mq SYNC_MASTER (its acks
// are what answers mq's sends SEND_OK), and an mq slave follows an Apache master. Both stores use
// 1 GiB segments named by their first offset; Apache maps each file whole, mq writes what it holds,
// so the written prefix is compared, and the Apache file holds only zeros beyond it.
import { afterEach, expect, test } from "bun:test";
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { admin, freePort, killAll, spawnMq, startCluster, tempDir, type Cluster } from "../e2e/harness.ts";
import { unsupportedCodes } from "./mqadmin-steps.ts";
import { startReferenceBroker, type ReferenceBroker } from "./reference-broker.ts";
import { toolchain } from "./toolchain.ts";

const tools = toolchain("Java (Apache RocketMQ reference broker)", ["java", "mvn", "bash"]);
const VERSIONS = ["5.5.0", "4.9.7"];
const GIB = 1024 * 1024 * 1024;
const MESSAGES = 1000;
const TEST_TIMEOUT_MS = 300_000;

let cluster: Cluster | undefined;
let reference: ReferenceBroker | undefined;
let slaveDir: string | undefined;
afterEach(async () => {
  await killAll();
  if (slaveDir !== undefined) rmSync(slaveDir, { recursive: true, force: true });
  slaveDir = undefined;
  await reference?.stop();
  reference = undefined;
  await cluster?.stop();
  cluster = undefined;
}, 60_000);

/** `mq produce` through namesrvAddr: how many of count were answered SEND_OK. */
async function sendOk(namesrvAddr: string, topic: string, count: number): Promise<number> {
  const created = await admin(namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);
  const proc = spawnMq("produce", ["produce", "-n", namesrvAddr, "-t", topic, "-c", String(count), "--body", "ha-{i}"]);
  expect(await proc.exited, proc.tail()).toBe(0);
  return proc.lines.filter((l) => l.includes("sendStatus=SEND_OK")).length;
}

/** Every file under mqDir (relative path → bytes written) has the same bytes at the same path
 *  under refDir, followed there by zeros; undefined when so, else the first difference. */
function writtenPrefixDiffers(mqDir: string, refDir: string): string | undefined {
  const files = filesUnder(mqDir);
  if (files.length === 0) return `no files under ${mqDir}`;
  for (const rel of files) {
    const mine = readAll(join(mqDir, rel));
    const theirs = readRange(join(refDir, rel), mine.length + 4096);
    if (theirs === undefined) return `${rel}: missing under ${refDir}`;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== theirs[i]) return `${rel}: differs at byte ${i} of ${mine.length}`;
    const tailAt = theirs.subarray(mine.length).findIndex((b) => b !== 0);
    if (tailAt >= 0) return `${rel}: Apache's file goes on past mq's ${mine.length} bytes`;
  }
  return undefined;
}

/** Files under dir (none when dir is not there yet: consume queues appear at their first flush). */
function filesUnder(dir: string, prefix = ""): string[] {
  if (prefix === "" && !existsSync(dir)) return [];
  return readdirSync(join(dir, prefix)).sort().flatMap((name) => {
    const rel = prefix === "" ? name : join(prefix, name);
    return statSync(join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

const readAll = (path: string): Uint8Array => readRange(path, statSync(path).size) ?? new Uint8Array(0);

function readRange(path: string, length: number): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const bytes = new Uint8Array(length);
    const n = readSync(fd, bytes, 0, length, 0);
    return bytes.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Re-checks every 100 ms until differs() says nothing, for up to limitMs. */
async function converges(differs: () => string | undefined, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (let why = differs(); why !== undefined; why = differs()) {
    if (Date.now() > deadline) throw new Error(`not identical after ${limitMs} ms: ${why}`);
    await Bun.sleep(100);
  }
}

for (const version of VERSIONS) {
  test.skipIf(!tools.ready)(`an Apache RocketMQ ${version} slave follows an mq SYNC_MASTER: ${MESSAGES} sends SEND_OK, commitlog and consume queues byte-identical`, async () => {
    cluster = await startCluster({ brokerRole: "SYNC_MASTER", mappedFileSizeCommitLog: GIB });
    reference = await startReferenceBroker(version, ["brokerRole=SLAVE", "brokerId=1", `mappedFileSizeCommitLog=${GIB}`], cluster.namesrvAddr);
    await cluster.broker.waitFor(/slave connected/, 30_000);
    expect(await sendOk(cluster.namesrvAddr, "HaRefTopic", MESSAGES)).toBe(MESSAGES);
    const mqStore = join(cluster.dir, "store");
    await converges(() => writtenPrefixDiffers(join(mqStore, "commitlog"), join(reference!.store, "commitlog")));
    await converges(() => writtenPrefixDiffers(join(mqStore, "consumequeue", "HaRefTopic"), join(reference!.store, "consumequeue", "HaRefTopic")));
    // Its metadata sync (topics, offsets, delay offsets, groups; 5.x: request modes, timer state)
    // found every code it asks for.
    expect(unsupportedCodes(reference.logs())).toEqual([]);
  }, TEST_TIMEOUT_MS);

  test.skipIf(!tools.ready)(`an mq slave follows an Apache RocketMQ ${version} master: commitlog and consume queues byte-identical, topics synced`, async () => {
    reference = await startReferenceBroker(version, [`mappedFileSizeCommitLog=${GIB}`]);
    const dir = tempDir("mq-ha-ref-");
    slaveDir = dir;
    const conf = join(dir, "slave.properties");
    const props = {
      brokerClusterName: "DefaultCluster", brokerName: "broker-a", brokerId: 1, brokerRole: "SLAVE", listenPort: await freePort(),
      namesrvAddr: reference.namesrvAddr, brokerIP1: "127.0.0.1", storePathRootDir: join(dir, "store"),
      mappedFileSizeCommitLog: GIB, slaveSynchronizeInterval: 500,
    };
    writeFileSync(conf, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    const slave = spawnMq("slave", ["broker", "-c", conf, "--logsDir="], { cwd: dir });
    await slave.waitFor(/connected to master masterAddress=127\.0\.0\.1:/, 30_000);
    expect(await sendOk(reference.namesrvAddr, "HaRevTopic", MESSAGES)).toBe(MESSAGES);
    await converges(() => writtenPrefixDiffers(join(dir, "store", "commitlog"), join(reference!.store, "commitlog")));
    await converges(() => writtenPrefixDiffers(join(dir, "store", "consumequeue", "HaRevTopic"), join(reference!.store, "consumequeue", "HaRevTopic")));
    await slave.until(() => slave.lines.some((l) => l.includes("topics synced from the master") && l.includes("changed=")), "a topic sync from the Apache master");
    expect(slave.output()).not.toContain("replication refused");
  }, TEST_TIMEOUT_MS);
}
