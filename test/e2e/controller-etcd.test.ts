// controllerType=etcd from the binary (issue 18): two `mq controller`s share their state in a
// 3-member etcd; SIGKILL of the active controller together with the group's master still ends
// with exactly one master, elected by the other controller.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll } from "./harness.ts";
import { startControllerGroup, steadyLoad, type ControllerGroup } from "./controller-group.ts";
import { etcdMissing, startEtcd, type EtcdCluster } from "../controller/etcd-cluster.ts";

let etcd: EtcdCluster | undefined;
let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  await etcd?.stop();
  [group, etcd] = [undefined, undefined];
});

test.skipIf(etcdMissing !== undefined && process.env.CI !== "true")("SIGKILL of the active controller and the master at once ends with exactly one master", async () => {
  if (etcdMissing !== undefined) throw new Error(etcdMissing); // CI=true: a missing etcd fails
  etcd = await startEtcd();
  const g = await startControllerGroup(3, {}, { etcdEndpoints: etcd.endpoints });
  group = g;
  for (let i = 0; i < 3; i++) await g.start(i);
  const old = await g.awaitMaster();
  await g.awaitSyncStateSet(3);
  const created = await admin(g.namesrvAddr, ["updateTopic", "-t", "EtcdTopic", "-c", "DefaultCluster"]);
  expect(created.code, created.out).toBe(0);
  for (const b of g.brokers.filter((b) => b !== old)) await b.proc?.waitFor(/topics synced from the master/);
  const active = [...g.controllers].find(([, c]) => c.lines.some((l) => l.includes("holds the etcd lease: active")));
  expect(active, "one controller holds the lease").toBeDefined();
  const load = await steadyLoad(g, "EtcdTopic", 2, "e", 5);
  while (load.acked.size < 50) await Bun.sleep(20);
  await Promise.all([active?.[1].kill("SIGKILL"), old.proc?.kill("SIGKILL")]);
  const next = await g.awaitMaster(old.addr, 30_000);
  const before = load.acked.size;
  while (![...load.acked.values()].slice(before).some((a) => a.addr === next.addr)) await Bun.sleep(20);
  await load.stop();
  const alive = g.brokers.filter((b) => b !== old);
  const lastRole = (b: (typeof alive)[number]) => b.proc?.lines.filter((l) => /serving as (master|slave)/.test(l)).at(-1) ?? "";
  expect(alive.map((b) => lastRole(b).includes("serving as master"))).toEqual(alive.map((b) => b === next));
  const cluster = await admin(g.namesrvAddr, ["clusterList"]);
  expect(cluster.out.split("\n").filter((l) => /broker-a\s+0\s/.test(l)).map((l) => l.includes(next.addr))).toEqual([true]);
}, 90_000);
