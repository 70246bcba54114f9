// Replication with the real Java clients, rocketmq-client 4.9.8 and 5.5.0, against the compiled
// ./mq: they follow PULL_MESSAGE's suggestWhichBrokerId between master and slave (slaveReadEnable),
// and after a SYNC_MASTER is SIGKILLed they consume every acknowledged message from its slave; a
// new JVM of the same group, once the master is back, consumes only what is new (the offsets they
// committed to the slave, which the master takes back when it starts).
import { afterEach, expect, test } from "bun:test";
import { killAll, startCluster, type Cluster } from "../e2e/harness.ts";
import { produce, runtimeNumber, SEGMENT_BYTES, slaveCaughtUp, startPair } from "../e2e/replication-harness.ts";
import { buildJava, runJava, type JavaModule } from "./java-build.ts";
import type { Observed } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const MODULES: JavaModule[] = ["v4", "v5"];
/** The Java scenario reads <prefix>_consume-existing. */
const PREFIX = "JHA";
const TOPIC = `${PREFIX}_consume-existing`;
const ACKED = 10_000;
const RESULT_TIMEOUT_MS = 90_000;

let cluster: Cluster | undefined;
afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
}, 30_000);

/** One JVM per client version, each consuming TOPIC in group <group>_<module> until it holds expect bodies. */
async function javaConsume(expect: number, group: string): Promise<Map<JavaModule, Observed>> {
  const classpaths = await buildJava();
  const runs = MODULES.map((m) => [m, runJava(classpaths[m], {
    name: `java-${m}-${group}`, namesrvAddr: cluster!.namesrvAddr, prefix: PREFIX, dir: cluster!.dir, scenarios: ["consume-existing"],
    systemProps: { "mqcompat.expect": String(expect), "mqcompat.group": `${group}_${m}` },
  })] as const);
  const results = await Promise.all(runs.map(async ([m, run]) => [m, await run.result("consume-existing", RESULT_TIMEOUT_MS)] as const));
  return new Map(results);
}

test.skipIf(!jdk.ready)("slaveReadEnable: the Java clients are sent to the slave by a master reading from disk and back by a slave reading in memory", async () => {
  cluster = await startCluster({
    brokerRole: "ASYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES, slaveReadEnable: "true", accessMessageInMemoryMaxRatio: 0,
  });
  const slave = await startPair(cluster, TOPIC, { slaveReadEnable: "true", accessMessageInMemoryMaxRatio: 100 });
  expect([...(await produce(cluster, TOPIC, 2000)).values()].every((s) => s === "SEND_OK")).toBe(true);
  await slaveCaughtUp(cluster, slave);
  const gets = async () => [await runtimeNumber(cluster!, cluster!.brokerAddr, "msgGetTotalTodayNow"), await runtimeNumber(cluster!, slave.addr, "msgGetTotalTodayNow")];
  for (const m of MODULES) {
    const [masterBefore, slaveBefore] = await gets();
    const classpaths = await buildJava();
    const run = runJava(classpaths[m], {
      name: `java-${m}-reads`, namesrvAddr: cluster.namesrvAddr, prefix: PREFIX, dir: cluster.dir, scenarios: ["consume-existing"],
      systemProps: { "mqcompat.expect": "2000", "mqcompat.group": `GID_READS_${m}` },
    });
    expect((await run.result("consume-existing", RESULT_TIMEOUT_MS)).distinct).toBe(2000);
    const [masterAfter, slaveAfter] = await gets();
    expect(slaveAfter! - slaveBefore!, `messages the slave handed out to the ${m} client`).toBeGreaterThan(0);
    expect(masterAfter! - masterBefore!, `messages the master handed out to the ${m} client`).toBeGreaterThan(0);
  }
}, 240_000);

test.skipIf(!jdk.ready)(`SYNC_MASTER + SLAVE: the Java clients consume all ${ACKED} acknowledged messages from the slave after the master is SIGKILLed, and after its return a new JVM of the group only what is new`, async () => {
  cluster = await startCluster({ brokerRole: "SYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES });
  const slave = await startPair(cluster, TOPIC);
  const statuses = await produce(cluster, TOPIC, ACKED);
  const acked = [...statuses].filter(([, s]) => s === "SEND_OK").map(([body]) => body).sort();
  expect(acked.length).toBe(ACKED);
  await cluster.broker.kill("SIGKILL");
  for (const [m, r] of await javaConsume(ACKED, "GID_HA")) {
    expect(r.distinct, `${m}: received ${r.received}`).toBe(ACKED);
    expect(r.bodies, m).toEqual(acked);
  }
  const connects = () => slave.proc.lines.filter((l) => l.includes("connected to master")).length;
  const before = connects();
  const master = await cluster.startBroker();
  expect(master.output()).toContain("consumer offsets taken back from a slave");
  await slave.proc.until(() => connects() > before, "the slave to follow the master again");
  expect([...(await produce(cluster, TOPIC, 50, "new")).values()].every((s) => s === "SEND_OK")).toBe(true);
  for (const [m, r] of await javaConsume(50, "GID_HA")) {
    expect((r.bodies as string[]).filter((b) => !b.startsWith("new-")).slice(0, 5), `${m}: received ${r.received}`).toEqual([]);
    expect(r.distinct, m).toBe(50);
  }
}, 300_000);
