// Controller mode against the compiled binary (issue 18): a master and two slaves of broker-a, a
// standalone controller, allAckInSyncStateSet, steady load from mq's client.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll } from "./harness.ts";
import { consumeAll, startThreeReplicas, steadyLoad, type ControllerGroup, type GroupLayout } from "./controller-group.ts";

let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  group = undefined;
});

/** A started group of three with topic made on its master and the SyncStateSet full. */
const threeReplicas = (topic: string, props: Record<string, string | number> = {}, layout: GroupLayout = {}) =>
  startThreeReplicas(topic, (g) => (group = g), props, layout);

test("SIGKILL of the master under load: a slave is master within 10 s, every acknowledged message is consumed, and the old master returns as a slave", async () => {
  const g = await threeReplicas("FailoverTopic");
  const load = await steadyLoad(g, "FailoverTopic");
  while (load.acked.size < 200) await Bun.sleep(20);
  const old = g.brokers[0];
  const killedAtMs = Date.now();
  await old?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(old?.addr, 10_000);
  while (![...load.acked.values()].some((a) => a.addr === next.addr && a.atMs > killedAtMs)) {
    expect(Date.now() - killedAtMs, "a send acknowledged by the new master").toBeLessThan(10_000);
    await Bun.sleep(20);
  }
  const firstMs = Math.min(...[...load.acked.values()].filter((a) => a.addr === next.addr).map((a) => a.atMs)) - killedAtMs;
  expect(firstMs).toBeLessThan(10_000);
  const ackedBefore = load.acked.size;
  while (load.acked.size < ackedBefore + 200) await Bun.sleep(20);
  const back = await g.start(0);
  await back.waitFor(/serving as slave/);
  await load.stop();
  const got = await consumeAll(g, "FailoverTopic", "GID_FAILOVER", load.acked.keys());
  const missing = [...load.acked.keys()].filter((b) => !got.has(b));
  expect(missing.slice(0, 10), `${missing.length} of ${load.acked.size} acknowledged messages not consumed`).toEqual([]);
  expect([...got].filter((b) => !load.sent.has(b))).toEqual([]);
  await g.awaitSyncStateSet(3, 20_000); // the old master caught up and is in sync again
}, 90_000);

test("a returning old master cuts the messages only it stored, and they are never consumed", async () => {
  const g = await threeReplicas("DivergeTopic", { slaveTimeout: 400 });
  const load = await steadyLoad(g, "DivergeTopic", 2, "ok");
  while (load.acked.size < 50) await Bun.sleep(20);
  await load.stop();
  const [m, s1, s2] = g.brokers;
  // The slaves die: what the master stores now only it holds (they stay in the SyncStateSet for
  // haMaxTimeSlaveNotCatchup, so it acknowledges none of it).
  await s1?.proc?.kill("SIGKILL");
  await s2?.proc?.kill("SIGKILL");
  const lone = await steadyLoad(g, "DivergeTopic", 2, "lone");
  while (lone.sent.size < 6) await Bun.sleep(20);
  await lone.stop();
  expect(lone.acked.size).toBe(0);
  await m?.proc?.kill("SIGKILL");
  await Promise.all([g.start(1), g.start(2)]); // SyncStateSet members: one is elected
  const next = await g.awaitMaster(m?.addr, 10_000);
  const after = await steadyLoad(g, "DivergeTopic", 2, "after");
  while (after.acked.size < 50) await Bun.sleep(20);
  await after.stop();
  const back = await g.start(0);
  await back.waitFor(/log truncated to where it and the master's part/);
  await back.waitFor(/serving as slave/);
  await g.awaitSyncStateSet(3, 20_000);
  const epochs = await admin(g.namesrvAddr, ["getBrokerEpoch", "-b", "broker-a"]);
  expect(epochs.code, epochs.out).toBe(0);
  expect(epochs.out.match(/#Epoch: EpochEntry\{epoch=2,/g)?.length, epochs.out).toBe(3);
  const want = [...load.acked.keys(), ...after.acked.keys()];
  const got = await consumeAll(g, "DivergeTopic", "GID_DIVERGE", want);
  expect(want.filter((b) => !got.has(b))).toEqual([]);
  expect([...got].filter((b) => b.startsWith("lone-"))).toEqual([]);
  // The returned broker made master serves none of what it cut either. (The slave dies first: the
  // master's death then leaves broker 0 the only live SyncStateSet member, the one elected.)
  const other = g.brokers.find((b) => b.index !== 0 && b.index !== next.index);
  await other?.proc?.kill("SIGKILL");
  await g.brokers[next.index]?.proc?.kill("SIGKILL");
  expect((await g.awaitMaster(next.addr, 10_000)).index).toBe(0);
  // Elected is not yet serving (a request that comes during the role change waits for it).
  await back.waitFor(/serving as master/);
  const again = await consumeAll(g, "DivergeTopic", "GID_DIVERGE_AGAIN", want);
  expect(want.filter((b) => !again.has(b))).toEqual([]);
  expect([...again].filter((b) => b.startsWith("lone-"))).toEqual([]);
}, 90_000);

test("the controller names the group in mqadmin's getSyncStateSet and electMaster moves the master", async () => {
  const g = await threeReplicas("AdminTopic");
  const sss = await admin(g.namesrvAddr, ["getSyncStateSet", "-a", g.controllerAddr, "-b", "broker-a"]);
  expect(sss.code, sss.out).toBe(0);
  expect(sss.out).toContain("#MasterBrokerId\t1");
  expect(sss.out).toContain("#SyncStateSetNums\t3");
  const moved = await admin(g.namesrvAddr, ["electMaster", "-a", g.controllerAddr, "-c", "DefaultCluster", "-bn", "broker-a", "-b", "3"]);
  expect(moved.code, moved.out).toBe(0);
  expect(moved.out).toContain(`#BrokerMasterAddr\t${g.brokers[2]?.addr}`);
  expect((await g.awaitMaster(g.brokers[0]?.addr)).index).toBe(2);
  const route = await admin(g.namesrvAddr, ["clusterList"]);
  await g.brokers[0]?.proc?.waitFor(/serving as slave/);
  expect(route.code, route.out).toBe(0);
}, 60_000);

test("a NameServer with enableControllerInNamesrv=true is the controller: its port elects a new master when the master dies", async () => {
  const g = await threeReplicas("EmbeddedTopic", {}, { embedded: true });
  expect(g.controllerAddr).toBe(g.namesrvAddr);
  const load = await steadyLoad(g, "EmbeddedTopic", 2, "e", 5);
  while (load.acked.size < 50) await Bun.sleep(20);
  await g.brokers[0]?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(g.brokers[0]?.addr, 10_000);
  const before = load.acked.size;
  while (![...load.acked.values()].slice(before).some((a) => a.addr === next.addr)) await Bun.sleep(20);
  await load.stop();
  const meta = await admin(g.namesrvAddr, ["getControllerMetaData", "-a", g.controllerAddr]);
  expect(meta.code, meta.out).toBe(0);
  expect(meta.out).toContain("#ControllerLeaderAddress");
}, 60_000);

test("with the controller down the brokers go on serving; restarted, it knows the group and elects again", async () => {
  const g = await threeReplicas("SurviveTopic");
  await g.controller.kill("SIGKILL");
  const load = await steadyLoad(g, "SurviveTopic", 2, "s", 5);
  while (load.acked.size < 50) await Bun.sleep(20); // acknowledged by the master, all in sync, no controller
  expect([...load.acked.values()].every((a) => a.addr === g.brokers[0]?.addr)).toBe(true);
  const controller = await g.restartController();
  expect(await g.replicaInfo()).toMatchObject({ info: { masterBrokerId: 1, masterEpoch: 1 }, syncStateSet: [1, 2, 3] });
  await controller.until(() => controller.lines.filter((l) => l.includes("broker alive")).length === 3, "the three brokers' heartbeats");
  await g.brokers[0]?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(g.brokers[0]?.addr, 10_000);
  expect((await g.replicaInfo()).info.masterEpoch).toBe(2);
  const before = load.acked.size;
  while (![...load.acked.values()].slice(before).some((a) => a.addr === next.addr)) await Bun.sleep(20);
  await load.stop();
  const got = await consumeAll(g, "SurviveTopic", "GID_SURVIVE", load.acked.keys());
  expect([...load.acked.keys()].filter((b) => !got.has(b))).toEqual([]);
}, 60_000);

test("mq admin cleanBrokerMetadata forgets a dead broker id with mqadmin's line, and without -l asks for -c as mqadmin does", async () => {
  const g = await threeReplicas("CleanTopic");
  await g.brokers[2]?.proc?.kill("SIGKILL"); // brokerId 3
  while ((await g.replicaInfo()).syncStateSet.includes(3)) await Bun.sleep(100);
  const noCluster = await admin(g.namesrvAddr, ["cleanBrokerMetadata", "-a", g.controllerAddr, "-bn", "broker-a", "-b", "3"]);
  expect(noCluster.code).toBe(2);
  expect(noCluster.out).toContain("cleanLivingBroker option is false, clusterName option can not be empty.");
  const cleaned = await admin(g.namesrvAddr, ["cleanBrokerMetadata", "-a", g.controllerAddr, "-bn", "broker-a", "-b", "3", "-c", "DefaultCluster"]);
  expect(cleaned.code, cleaned.out).toBe(0);
  expect(cleaned.out).toBe("clear broker broker-a metadata from controller success! "); // one line (output() joins lines)
  const sss = await admin(g.namesrvAddr, ["getSyncStateSet", "-a", g.controllerAddr, "-b", "broker-a"]);
  expect(sss.out).not.toContain("brokerId=3,");
}, 60_000);
