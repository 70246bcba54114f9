// Controller mode with the real Java clients, rocketmq-client 4.9.8 and 5.5.0, against the
// compiled ./mq (issue 18): a master and two slaves of broker-a, allAckInSyncStateSet; each client
// sends steadily while the master is SIGKILLed, finds the elected master at its next route poll
// (30 s, its default) with no restart, and every message it saw acknowledged is consumed.
import { afterEach, expect, test } from "bun:test";
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
  const g = await startControllerGroup(3);
  group = g;
  for (let i = 0; i < 3; i++) await g.start(i);
  expect((await g.awaitMaster()).index).toBe(0);
  await g.awaitSyncStateSet(3);
  const created = await admin(g.namesrvAddr, ["updateTopic", "-t", TOPIC, "-c", "DefaultCluster", "-r", "4", "-w", "4"]);
  expect(created.code, created.out).toBe(0);
  for (const b of g.brokers.slice(1)) await b.proc?.waitFor(/topics synced from the master/);

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
