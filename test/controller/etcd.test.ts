// controllerType=etcd: two controllers share their state in a 3-member etcd over its JSON gateway;
// one holds the lease and answers, the other says CONTROLLER_NOT_LEADER and takes over, with the
// state as saved, once the active one is gone.
import { afterEach, expect, test } from "bun:test";
import { readMasterInfo, RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { ControllerServer } from "../../src/controller/index.ts";
import { request, RemotingClient } from "../../src/remoting/index.ts";
import { killAll } from "../e2e/harness.ts";
import { etcdMissing, startEtcd, type EtcdCluster } from "./etcd-cluster.ts";

let etcd: EtcdCluster | undefined;
const servers: ControllerServer[] = [];
const client = new RemotingClient({ log: silentLogger });
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  await etcd?.stop();
  etcd = undefined;
  await killAll();
});

async function controller(endpoints: string): Promise<{ server: ControllerServer; addr: string }> {
  const server = new ControllerServer({
    listenPort: 0, listenHost: "127.0.0.1", advertisedHost: "127.0.0.1", controllerStorePath: "", controllerType: "etcd", controllerEtcdEndpoints: endpoints,
    enableElectUncleanMaster: false, notifyBrokerRoleChanged: false, scanNotActiveBrokerInterval: 200, scanInactiveMasterInterval: 60_000, log: silentLogger,
  });
  servers.push(server);
  return { server, addr: `127.0.0.1:${await server.start()}` };
}

const call = (addr: string, code: number, ext: Record<string, string | number | boolean> = {}) => client.invoke(addr, request(code, ext), 3000);

async function activeOf(addrs: string[], timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const active: string[] = [];
    for (const addr of addrs) {
      const res = await call(addr, RequestCode.CONTROLLER_GET_METADATA_INFO).catch(() => undefined);
      if (res?.extFields.isLeader === "true") active.push(addr);
    }
    if (active.length === 1) return active[0] as string;
    if (active.length > 1) throw new Error(`two active controllers: ${active.join(", ")}`);
    if (Date.now() > deadline) throw new Error("no active controller");
    await Bun.sleep(50);
  }
}

test.skipIf(etcdMissing !== undefined && process.env.CI !== "true")("of two controllers on etcd one is active; killed, the other takes over with the group's state", async () => {
  if (etcdMissing !== undefined) throw new Error(etcdMissing); // CI=true: a missing etcd fails
  etcd = await startEtcd();
  const a = await controller(etcd.endpoints);
  const b = await controller(etcd.endpoints);
  const active = await activeOf([a.addr, b.addr]);
  const standby = active === a.addr ? b : a;
  const g = { clusterName: "C", brokerName: "b" };
  expect((await call(standby.addr, RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, g)).code).toBe(ResponseCode.CONTROLLER_NOT_LEADER);
  expect((await call(active, RequestCode.CONTROLLER_APPLY_BROKER_ID, { ...g, appliedBrokerId: 1, registerCheckCode: "x" })).code).toBe(0);
  expect((await call(active, RequestCode.BROKER_HEARTBEAT, { ...g, brokerAddr: "127.0.0.1:1", brokerId: 1, heartbeatTimeoutMills: 60_000 })).code).toBe(0);
  expect((await call(active, RequestCode.CONTROLLER_REGISTER_BROKER, { ...g, brokerId: 1, brokerAddress: "127.0.0.1:1" })).code).toBe(0);
  const elected = await call(active, RequestCode.CONTROLLER_ELECT_MASTER, { ...g, brokerId: 1, designateElect: false });
  expect(readMasterInfo(elected.extFields)).toMatchObject({ masterBrokerId: 1, masterEpoch: 1 });
  const gone = active === a.addr ? a : b;
  await gone.server.stop(); // its lease is revoked
  servers.splice(servers.indexOf(gone.server), 1);
  expect(await activeOf([standby.addr])).toBe(standby.addr);
  const info = await call(standby.addr, RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" });
  expect(readMasterInfo(info.extFields)).toMatchObject({ masterBrokerId: 1, masterEpoch: 1, masterAddress: "127.0.0.1:1" });
}, 60_000);

test.skipIf(etcdMissing !== undefined && process.env.CI !== "true")("a group cleaned on etcd (CLEAN_BROKER_DATA) is gone for the controller that takes over", async () => {
  if (etcdMissing !== undefined) throw new Error(etcdMissing);
  etcd = await startEtcd();
  const first = await controller(etcd.endpoints);
  const active = await activeOf([first.addr]);
  const g = { clusterName: "C", brokerName: "b" };
  expect((await call(active, RequestCode.CONTROLLER_APPLY_BROKER_ID, { ...g, appliedBrokerId: 1, registerCheckCode: "x" })).code).toBe(0);
  expect((await call(active, RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).code).toBe(0);
  expect((await call(active, RequestCode.CLEAN_BROKER_DATA, { ...g, isCleanLivingBroker: true })).code).toBe(0);
  await first.server.stop();
  servers.splice(servers.indexOf(first.server), 1);
  const next = await controller(etcd.endpoints);
  await activeOf([next.addr]);
  expect((await call(next.addr, RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).code).toBe(ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST);
}, 60_000);
