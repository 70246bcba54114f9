// Controller mode with the real Java clients, rocketmq-client 4.9.8 and 5.5.0, against the
// compiled ./mq (issue 18): a master and two slaves of broker-a, allAckInSyncStateSet; each client
// sends steadily while the master is SIGKILLed, finds the elected master at its next route poll
// (30 s, its default) with no restart, and every message it saw acknowledged is consumed.
import { afterEach, expect, test } from "bun:test";
import { encodeConsumerGroupHeader, RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { Producer } from "../../src/client/index.ts";
import { request, RemotingClient } from "../../src/remoting/index.ts";
import { admin, killAll } from "../e2e/harness.ts";
import { consumeAll, startControllerGroup, type ControllerGroup } from "../e2e/controller-group.ts";
import { buildJava, runJava, type JavaModule } from "./java-build.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const MODULES: JavaModule[] = ["v4", "v5"];
const PREFIX = "JCTL";
const TOPIC = `${PREFIX}_send-steady`;

let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  group = undefined;
}, 30_000);

test.skipIf(!jdk.ready)("SIGKILL of the master under steady Java load: the Java producers go on against the new master without a restart, and every acknowledged message is consumed", async () => {
  const classpaths = await buildJava();
  const g = await threeReplicas([TOPIC]);

  const runs = MODULES.map((m) => [m, runJava(classpaths[m], {
    name: `java-${m}-steady`, namesrvAddr: g.namesrvAddr, prefix: PREFIX, dir: g.dir, scenarios: ["send-steady"],
    systemProps: { "mqcompat.bodyPrefix": `java-${m}` },
  })] as const);
  for (const [, run] of runs) await run.proc.waitFor(/mqcompat: steady: 100 acknowledged/, 30_000);
  const old = g.brokers[0];
  await old?.proc?.kill("SIGKILL");
  await g.awaitMaster(old?.addr, 10_000);

  const acked: string[] = [];
  for (const [m, run] of runs) {
    const r = await run.result("send-steady", 60_000);
    expect(r.ackedAfterFailure, `${m}: acknowledged after the first failed send (${r.failures} failed)`).toBe(50);
    acked.push(...(r.acked as string[]));
  }
  const got = await consumeAll(g, TOPIC, "GID_JAVA_FAILOVER", acked, 60_000);
  const missing = acked.filter((b) => !got.has(b));
  expect(missing.slice(0, 10), `${missing.length} of ${acked.length} acknowledged messages not consumed`).toEqual([]);
}, 180_000);

/** A group of three, broker 0 master, the SyncStateSet full, and topics made and synced to the slaves. */
async function threeReplicas(topics: string[]): Promise<ControllerGroup> {
  const g = await startControllerGroup(3);
  group = g;
  for (let i = 0; i < 3; i++) await g.start(i);
  expect((await g.awaitMaster()).index).toBe(0);
  await g.awaitSyncStateSet(3);
  for (const topic of topics) {
    const created = await admin(g.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", "4", "-w", "4"]);
    expect(created.code, created.out).toBe(0);
  }
  for (const b of g.brokers.slice(1)) await b.proc?.waitFor(/topics synced from the master/);
  return g;
}

/** The body a Java consumer waits for, sent once the new master serves. */
const AFTER = "after-failover";

// Timed, not compared: a Java consumer finds the elected master at its route poll, and its
// heartbeat comes about a second after that poll, so the registration the in-place role change
// keeps saves it little here (measured: 4.9.8 ~30 s, 5.5.0 ~42 s, the same before the change).
test.skipIf(!jdk.ready)("a Java push consumer consumes from the elected master after the master's SIGKILL, with no restart", async () => {
  const classpaths = await buildJava();
  const prefixOf = (m: JavaModule) => `${PREFIX}${m}`;
  const g = await threeReplicas(MODULES.map((m) => `${prefixOf(m)}_consume-through-failover`));
  const runs = MODULES.map((m) => [m, runJava(classpaths[m], {
    name: `java-${m}-consume`, namesrvAddr: g.namesrvAddr, prefix: prefixOf(m), dir: g.dir, scenarios: ["consume-through-failover"],
    systemProps: { "mqcompat.awaitBody": AFTER, "mqcompat.scenarioTimeoutMs": "110000" },
  })] as const);
  for (const [, run] of runs) await run.proc.waitFor(/mqcompat: consumer started/, 30_000);
  const client = new RemotingClient({ log: silentLogger });
  try {
    for (const m of MODULES) for (const b of g.brokers.slice(1)) await awaitConsumer(client, b.addr, `${prefixOf(m)}_consume-through-failover_FAILOVER`);
  } finally {
    client.close();
  }
  const old = g.brokers[0];
  const killedAtMs = Date.now();
  await old?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(old?.addr, 10_000);
  await next.proc?.waitFor(/serving as master/);
  const producer = new Producer({ namesrvAddr: g.namesrvAddr, producerGroup: "PID_JAVA_CONSUME_FAILOVER", sendMsgTimeoutMs: 3000 });
  await producer.start();
  try {
    for (const m of MODULES) await sendSoon(producer, `${prefixOf(m)}_consume-through-failover`, AFTER);
  } finally {
    await producer.shutdown();
  }
  for (const [m, run] of runs) {
    const r = await run.result("consume-through-failover", 120_000);
    const afterMs = (r.consumedAtMs as number) - killedAtMs;
    process.stderr.write(`java ${m}: first consume on the new master ${afterMs} ms after the SIGKILL\n`);
    expect(r.consumedAtMs as number, `${m}: the body sent to the new master was consumed`).toBeGreaterThan(0);
    expect(afterMs).toBeLessThan(100_000);
  }
}, 180_000);

/** Resolves once the broker at addr names a consumer of group (it took the Java client's heartbeat). */
async function awaitConsumer(client: RemotingClient, addr: string, consumerGroup: string): Promise<void> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const res = await client.invoke(addr, request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, encodeConsumerGroupHeader(consumerGroup)), 3000);
    if (res.code === ResponseCode.SUCCESS) return;
    if (Date.now() > deadline) throw new Error(`${addr} never knew a consumer of ${consumerGroup}: ${res.remark ?? ""}`);
    await Bun.sleep(200);
  }
}

async function sendSoon(producer: Producer, topic: string, body: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await producer.send({ topic, body }).catch((e: unknown) => {
      if (Date.now() > deadline) throw e;
      return undefined;
    });
    if (r?.sendStatus === "SEND_OK") return;
    await Bun.sleep(100);
  }
}
