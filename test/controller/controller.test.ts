// The controller over its port (RequestCodes 904, 1001-1013): broker ids, registration, the first
// election, SyncStateSet changes fenced by epochs, election on a master's loss — never outside
// the SyncStateSet unless enableElectUncleanMaster — and its state surviving a restart.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonBody, parseBody, readMasterInfo, readReplicasInfoTable, RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { ControllerServer } from "../../src/controller/index.ts";
import { request, RemotingClient, type RemotingCommand } from "../../src/remoting/index.ts";

const dirs: string[] = [];
const servers: ControllerServer[] = [];
const clients: RemotingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startController(dir: string, unclean = false): Promise<string> {
  const server = new ControllerServer({
    listenPort: 0, listenHost: "127.0.0.1", advertisedHost: "127.0.0.1", controllerStorePath: dir, enableElectUncleanMaster: unclean,
    controllerType: "DLedger", controllerEtcdEndpoints: "",
    notifyBrokerRoleChanged: false, scanNotActiveBrokerInterval: 100, scanInactiveMasterInterval: 60_000, log: silentLogger,
  });
  servers.push(server);
  return `127.0.0.1:${await server.start()}`;
}

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mq-controller-"));
  dirs.push(dir);
  return dir;
}

/** A broker's conversation with the controller, each on its own connection. */
function brokerClient(addr: string) {
  const client = new RemotingClient({ log: silentLogger });
  clients.push(client);
  const call = (code: number, ext: Record<string, string | number | boolean>, body?: Uint8Array): Promise<RemotingCommand> =>
    client.invoke(addr, request(code, ext, body), 3000);
  return {
    client, call,
    async join(brokerId: number, port: number, timeoutMs = 60_000): Promise<void> {
      const g = { clusterName: "C", brokerName: "b" };
      expect((await call(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, g)).extFields.nextBrokerId).toBe(String(brokerId));
      expect((await call(RequestCode.CONTROLLER_APPLY_BROKER_ID, { ...g, appliedBrokerId: brokerId, registerCheckCode: `127.0.0.1:${port};1` })).code).toBe(0);
      await this.beat(brokerId, port, 0, 0, timeoutMs);
      const reg = await call(RequestCode.CONTROLLER_REGISTER_BROKER, { ...g, brokerId, brokerAddress: `127.0.0.1:${port}`, haAddress: `127.0.0.1:${port + 1}` });
      expect(reg.code).toBe(0);
    },
    beat: async (brokerId: number, port: number, epoch: number, maxOffset: number, timeoutMs = 60_000) => {
      const res = await call(RequestCode.BROKER_HEARTBEAT, {
        clusterName: "C", brokerName: "b", brokerAddr: `127.0.0.1:${port}`, brokerId, epoch, maxOffset, heartbeatTimeoutMills: timeoutMs,
      });
      expect(res.code).toBe(0);
    },
  };
}

const elect = (b: ReturnType<typeof brokerClient>, brokerId: number) =>
  b.call(RequestCode.CONTROLLER_ELECT_MASTER, { clusterName: "C", brokerName: "b", brokerId, designateElect: false });

const alter = (b: ReturnType<typeof brokerClient>, master: number, masterEpoch: number, ids: number[], syncStateSetEpoch: number) =>
  b.call(RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET, { brokerName: "b", masterBrokerId: master, masterEpoch },
    jsonBody({ syncStateSet: ids, syncStateSetEpoch }));

test("the first broker to ask is elected master at epoch 1; the master's SyncStateSet changes are fenced by both epochs", async () => {
  const addr = await startController(newDir());
  const a = brokerClient(addr);
  const b = brokerClient(addr);
  await a.join(1, 30000);
  await b.join(2, 30010);
  const first = await elect(a, 1);
  expect(readMasterInfo(first.extFields)).toMatchObject({ masterBrokerId: 1, masterEpoch: 1, syncStateSetEpoch: 1, masterAddress: "127.0.0.1:30000" });
  expect((await elect(b, 2)).code).toBe(ResponseCode.CONTROLLER_MASTER_STILL_EXIST);
  expect((await alter(a, 1, 1, [1, 2], 0)).code).toBe(ResponseCode.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH);
  expect((await alter(a, 1, 0, [1, 2], 1)).code).toBe(ResponseCode.CONTROLLER_FENCED_MASTER_EPOCH);
  expect((await alter(b, 2, 1, [1, 2], 1)).code).toBe(ResponseCode.CONTROLLER_INVALID_MASTER);
  const altered = await alter(a, 1, 1, [1, 2], 1);
  expect(altered.code).toBe(0);
  expect(altered.extFields.newSyncStateSetEpoch).toBe("2");
  const data = await a.call(RequestCode.CONTROLLER_GET_SYNC_STATE_DATA, {}, jsonBody(["b"]));
  expect(readReplicasInfoTable(parseBody(data.body)).b).toMatchObject({
    masterBrokerId: 1, masterEpoch: 1, syncStateSetEpoch: 2,
    inSyncReplicas: [{ brokerId: 1, alive: true }, { brokerId: 2, alive: true }], notInSyncReplicas: [],
  });
});

test("a master whose connection closes is replaced by a live SyncStateSet member, never by one outside it", async () => {
  const addr = await startController(newDir());
  const a = brokerClient(addr);
  const b = brokerClient(addr);
  const c = brokerClient(addr);
  await a.join(1, 30100);
  await b.join(2, 30110);
  await c.join(3, 30120);
  await elect(a, 1);
  expect((await alter(a, 1, 1, [1, 2], 1)).code).toBe(0); // 3 is not in sync
  await c.beat(3, 30120, 1, 99_999_999); // the furthest log, but out of sync
  a.client.close(); // the master's process dies: its connection closes
  const info = async () => readMasterInfo((await b.call(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).extFields);
  for (let i = 0; i < 100 && (await info()).masterBrokerId === 1; i++) await Bun.sleep(20);
  expect(await info()).toMatchObject({ masterBrokerId: 2, masterEpoch: 2, masterAddress: "127.0.0.1:30110", masterHaAddress: "127.0.0.1:30111" });
});

test("with no live SyncStateSet member the group has no master, unless enableElectUncleanMaster elects an out-of-sync broker", async () => {
  for (const unclean of [false, true]) {
    const addr = await startController(newDir(), unclean);
    const a = brokerClient(addr);
    const c = brokerClient(addr);
    await a.join(1, 30200);
    await c.join(2, 30210);
    await elect(a, 1);
    a.client.close();
    const info = async () => readMasterInfo((await c.call(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).extFields);
    for (let i = 0; i < 100 && (await info()).masterBrokerId === 1; i++) await Bun.sleep(20);
    expect((await info()).masterBrokerId).toBe(unclean ? 2 : undefined);
    const res = await elect(c, 2);
    expect(res.code).toBe(unclean ? ResponseCode.CONTROLLER_MASTER_STILL_EXIST : ResponseCode.CONTROLLER_ELECT_MASTER_FAILED);
  }
});

test("the controller's groups, epochs and SyncStateSets survive its restart", async () => {
  const dir = newDir();
  const addr = await startController(dir);
  const a = brokerClient(addr);
  await a.join(1, 30300);
  await brokerClient(addr).join(2, 30310);
  await elect(a, 1);
  await alter(a, 1, 1, [1, 2], 1);
  await (servers.pop() as ControllerServer).stop();
  const again = brokerClient(await startController(dir));
  const res = await again.call(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" });
  expect(readMasterInfo(res.extFields)).toMatchObject({ masterBrokerId: 1, masterEpoch: 1, syncStateSetEpoch: 2 });
  expect(parseBody(res.body)).toEqual({ syncStateSet: [1, 2], syncStateSetEpoch: 2 });
  const next = await again.call(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, { clusterName: "C", brokerName: "b" });
  expect(next.extFields.nextBrokerId).toBe("3");
});

test("CLEAN_BROKER_DATA refuses a group with a master and a living broker id unless isCleanLivingBroker, and what it forgets stays forgotten across a restart", async () => {
  const dir = newDir();
  const addr = await startController(dir);
  const a = brokerClient(addr);
  const b = brokerClient(addr);
  await a.join(1, 30400);
  await b.join(2, 30410);
  await elect(a, 1);
  const clean = (ext: Record<string, string | boolean>) => b.call(RequestCode.CLEAN_BROKER_DATA, { clusterName: "C", brokerName: "b", ...ext });
  const whole = await clean({});
  expect([whole.code, whole.remark]).toEqual([ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA, expect.stringContaining("Broker b is still alive, clean up failure")]);
  expect((await clean({ brokerControllerIdsToClean: "2" })).remark).toBe("Broker [b,  2] is still alive, clean up failure");
  expect((await clean({ brokerControllerIdsToClean: "2;x" })).remark).toContain("Please set the option <brokerControllerIdsToClean> according to the format");
  expect((await clean({ brokerControllerIdsToClean: "2", isCleanLivingBroker: true })).code).toBe(0);
  expect((await b.call(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, { clusterName: "C", brokerName: "b" })).extFields.nextBrokerId).toBe("2");
  a.client.close(); // the master dies; no other member of the SyncStateSet: no master
  const info = async () => readMasterInfo((await b.call(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).extFields);
  for (let i = 0; i < 100 && (await info()).masterBrokerId === 1; i++) await Bun.sleep(20);
  expect((await clean({})).code).toBe(0);
  expect((await clean({})).remark).toBe("Broker b is not existed,clean broker data failure.");
  await (servers.pop() as ControllerServer).stop();
  const again = brokerClient(await startController(dir));
  expect((await again.call(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "b" })).code).toBe(ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST);
});
