// A broker group in controller mode from the compiled ./mq, on loopback and free ports: a
// NameServer, a standalone controller and `replicas` brokers of broker-a, each with its own store
// in one temp directory; and an in-process producer under steady load that records what was
// acknowledged. Used by the e2e tests and scripts/bench-failover.ts. Periods are shortened
// (heartbeats every 300 ms, a broker dead after 3 s of silence) so a failover fits a test.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseBody, readMasterInfo, RequestCode, silentLogger, type MasterInfo } from "../../src/common/index.ts";
import { Producer, PushConsumer } from "../../src/client/index.ts";
import { request, RemotingClient } from "../../src/remoting/index.ts";
import { admin, freePort, MQ, spawnMq, tempDir, type Proc } from "./harness.ts";

export interface GroupBroker {
  index: number;
  port: number;
  addr: string;
  conf: string;
  proc: Proc | undefined;
}

export interface ControllerGroup {
  dir: string;
  namesrvAddr: string;
  controllerAddr: string;
  namesrv: Proc;
  /** The controller's process (the NameServer's when embedded; the first of two on etcd). */
  controller: Proc;
  /** With etcd: both controllers, by address. */
  controllers: Map<string, Proc>;
  /** Starts the standalone controller again (after it was killed). */
  restartController(): Promise<Proc>;
  brokers: GroupBroker[];
  /** Starts (or restarts) broker i; resolves once it serves. */
  start(i: number): Promise<Proc>;
  /** The controller's view of broker-a (CONTROLLER_GET_REPLICA_INFO). */
  replicaInfo(): Promise<{ info: MasterInfo; syncStateSet: number[] }>;
  /** The broker whose address is the master's, once the controller names one other than `not`. */
  awaitMaster(not?: string, timeoutMs?: number): Promise<GroupBroker>;
  /** Resolves once the SyncStateSet has n members. */
  awaitSyncStateSet(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const GROUP_BROKER_PROPS: Record<string, string | number> = {
  brokerClusterName: "DefaultCluster", brokerName: "broker-a", brokerIP1: "127.0.0.1", enableControllerMode: "true",
  allAckInSyncStateSet: "true", mappedFileSizeCommitLog: 16 * 1024 * 1024, brokerHeartbeatInterval: 300,
  controllerHeartBeatTimeoutMills: 3000, syncBrokerMetadataPeriod: 1000, checkSyncStateSetPeriod: 500, haMaxTimeSlaveNotCatchup: 5000,
  haSendHeartbeatInterval: 300, slaveTimeout: 2000, slaveSynchronizeInterval: 500, registerNameServerPeriod: 1000,
};

export interface GroupLayout {
  /** The address the NameServer, the controller and (unless brokerHost says) the brokers are reached at. */
  host?: string;
  /** Broker i's brokerIP1 (the partition test puts one in a network namespace of its own). */
  brokerHost?: (i: number) => string;
  /** Starts broker i's command line (argv[0] is ./mq) some other way; undefined: as a plain child. */
  spawnBroker?: (i: number, argv: string[], dir: string) => Proc | undefined;
  /** The controller in the NameServer (enableControllerInNamesrv=true), on its port. */
  embedded?: boolean;
  /** Two controllers with controllerType=etcd on these endpoints instead of one on SQLite. */
  etcdEndpoints?: string;
}

export async function startControllerGroup(replicas: number, props: Record<string, string | number> = {}, layout: GroupLayout = {}): Promise<ControllerGroup> {
  const dir = tempDir("mq-controller-");
  const host = layout.host ?? "127.0.0.1";
  const namesrvPort = await freePort();
  const controllerPort = layout.embedded ? namesrvPort : await freePort();
  const secondPort = layout.etcdEndpoints !== undefined ? await freePort() : undefined;
  const namesrvAddr = `${host}:${namesrvPort}`;
  const controllerAddr = `${host}:${controllerPort}${secondPort !== undefined ? `;${host}:${secondPort}` : ""}`;
  const stateArgs = layout.etcdEndpoints !== undefined
    ? ["--controllerType=etcd", `--controllerEtcdEndpoints=${layout.etcdEndpoints}`] : [`--controllerStorePath=${join(dir, "controller")}`];
  const controllerArgs = [...stateArgs, "--scanInactiveMasterInterval=1000"];
  const namesrvArgs = layout.embedded ? ["--enableControllerInNamesrv=true", ...controllerArgs] : [];
  const namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${namesrvPort}`, "--scanNotActiveBrokerInterval=300", "--logsDir=", ...namesrvArgs], { cwd: dir });
  const startController = (port = controllerPort) => spawnMq(`controller-${port}`, [
    "controller", `--listenPort=${port}`, "--scanNotActiveBrokerInterval=300", ...controllerArgs, "--logsDir=",
  ], { cwd: dir });
  const controller = layout.embedded ? namesrv : startController();
  const controllers = new Map([[`${host}:${controllerPort}`, controller]]);
  if (secondPort !== undefined) controllers.set(`${host}:${secondPort}`, startController(secondPort));
  await namesrv.waitFor(/Name Server boot success/);
  if (!layout.embedded) for (const c of controllers.values()) await c.waitFor(/ControllerManager boot success/);
  const brokers: GroupBroker[] = [];
  for (let i = 0; i < replicas; i++) {
    const port = await freePort();
    const conf = join(dir, `broker-${i}.properties`);
    const brokerIP1 = layout.brokerHost?.(i) ?? host;
    const all = { ...GROUP_BROKER_PROPS, brokerIP1, listenPort: port, namesrvAddr, controllerAddr, storePathRootDir: join(dir, `store-${i}`), ...props };
    writeFileSync(conf, Object.entries(all).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    brokers.push({ index: i, port, addr: `${brokerIP1}:${port}`, conf, proc: undefined });
  }
  const client = new RemotingClient({ log: silentLogger });
  const group: ControllerGroup = {
    dir, namesrvAddr, controllerAddr, namesrv, controller, controllers, brokers,
    async restartController() {
      const proc = startController();
      await proc.waitFor(/ControllerManager boot success/);
      group.controller = proc;
      return proc;
    },
    async start(i) {
      const b = brokers[i] as GroupBroker;
      const args = ["broker", "-c", b.conf, "--logsDir="];
      const proc = layout.spawnBroker?.(i, [MQ, ...args], dir) ?? spawnMq(`broker-${i}`, args, { cwd: dir });
      b.proc = proc;
      await proc.waitFor(/boot success/, 30_000);
      return proc;
    },
    async replicaInfo() {
      let res = await client.invoke(controllerAddr.split(";")[0] as string, request(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "broker-a" }), 3000)
        .catch(() => undefined);
      for (const addr of controllerAddr.split(";").slice(1)) {
        if (res !== undefined && res.code === 0) break;
        res = await client.invoke(addr, request(RequestCode.CONTROLLER_GET_REPLICA_INFO, { brokerName: "broker-a" }), 3000).catch(() => undefined);
      }
      if (res === undefined || res.code !== 0) throw new Error(`no active controller answered: ${res?.remark ?? "none reachable"}`);
      const body = parseBody(res.body) as { syncStateSet?: number[] } | undefined;
      return { info: readMasterInfo(res.extFields), syncStateSet: body?.syncStateSet ?? [] };
    },
    async awaitMaster(not, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { info } = await group.replicaInfo().catch(() => ({ info: undefined }));
        const master = brokers.find((b) => b.addr === info?.masterAddress);
        if (master !== undefined && master.addr !== not) return master;
        if (Date.now() > deadline) throw new Error(`no master other than ${not ?? "none"} within ${timeoutMs} ms: ${JSON.stringify(info)}`);
        await Bun.sleep(50);
      }
    },
    async awaitSyncStateSet(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await group.replicaInfo()).syncStateSet.length !== n) {
        if (Date.now() > deadline) throw new Error(`SyncStateSet never had ${n} members: ${JSON.stringify(await group.replicaInfo())}`);
        await Bun.sleep(50);
      }
    },
    async stop() {
      client.close();
      for (const b of brokers) await b.proc?.kill("SIGKILL");
      for (const c of [group.controller, ...controllers.values()]) await c.kill("SIGKILL");
      await namesrv.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return group;
}

/** A started group of three (kept by keep() before its brokers start, so a failed start is still
 *  stopped), its first broker master, the SyncStateSet full, and topic made with 4 queues and
 *  copied to the slaves (a slave made master serves it). */
export async function startThreeReplicas(
  topic: string, keep: (g: ControllerGroup) => void, props: Record<string, string | number> = {}, layout: GroupLayout = {},
): Promise<ControllerGroup> {
  const g = await startControllerGroup(3, props, layout);
  keep(g);
  for (let i = 0; i < 3; i++) await g.start(i);
  const first = await g.awaitMaster();
  if (first.index !== 0) throw new Error(`broker 0 started first but broker ${first.index} is master`);
  await g.awaitSyncStateSet(3);
  const created = await admin(g.namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", "4", "-w", "4"]);
  if (created.code !== 0) throw new Error(`updateTopic ${topic}: ${created.out}`);
  for (const b of g.brokers.slice(1)) await b.proc?.waitFor(/topics synced from the master/);
  return g;
}

export interface Load {
  /** Bodies acknowledged SEND_OK, with the broker address that acknowledged and when. */
  acked: Map<string, { addr: string; atMs: number }>;
  /** Every body sent (acknowledged or not). */
  sent: Set<string>;
  /** Resolves once the producer stopped. */
  stop(): Promise<void>;
}

/** `concurrency` loops of sends to topic through the NameServer, each body unique, each loop
 *  pausing gapMs after a send. */
export async function steadyLoad(group: ControllerGroup, topic: string, concurrency = 4, prefix = "m", gapMs = 0): Promise<Load> {
  const producer = new Producer({
    namesrvAddr: group.namesrvAddr, producerGroup: `load-${prefix}`, retryTimesWhenSendFailed: 2, sendMsgTimeoutMs: 3000, brokerIsolationMs: 1000,
  });
  await producer.start();
  const acked = new Map<string, { addr: string; atMs: number }>();
  const sent = new Set<string>();
  let running = true;
  let n = 0;
  const loop = async () => {
    while (running) {
      const body = `${prefix}-${n++}`;
      sent.add(body);
      try {
        const r = await producer.send({ topic, body });
        if (r.sendStatus === "SEND_OK") acked.set(body, { addr: addrOf(group, r.offsetMsgId), atMs: Date.now() });
        else if (process.env.MQ_E2E_VERBOSE) process.stderr.write(`[load] ${r.sendStatus}\n`);
        if (gapMs > 0) await Bun.sleep(gapMs);
      } catch (e) {
        if (process.env.MQ_E2E_VERBOSE) process.stderr.write(`[load] ${String(e)}\n`);
        await Bun.sleep(20); // no broker answered: the failover is under way
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    acked, sent,
    async stop() {
      running = false;
      await Promise.all(loops);
      await producer.shutdown();
    },
  };
}

/** The broker that stored a message: the port in its offsetMsgId (storeHost ip 8 hex, port 8 hex). */
function addrOf(group: ControllerGroup, offsetMsgId: string): string {
  const port = Number.parseInt(offsetMsgId.slice(8, 16), 16);
  return group.brokers.find((b) => b.port === port)?.addr ?? `?:${port}`;
}

/** Consumes topic from the start until every one of `want` arrived (or timeoutMs); returns all bodies received. */
export async function consumeAll(group: ControllerGroup, topic: string, consumerGroup: string, want: Iterable<string>, timeoutMs = 30_000): Promise<Set<string>> {
  const got = new Set<string>();
  const wanted = new Set(want);
  const consumer = new PushConsumer({
    namesrvAddr: group.namesrvAddr, consumerGroup, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", rebalanceIntervalMs: 1000, pollNameServerIntervalMs: 1000,
  });
  consumer.subscribe(topic, "*");
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) got.add(new TextDecoder().decode(m.body));
    if ([...wanted].every((b) => got.has(b))) done();
    return "CONSUME_SUCCESS";
  });
  await consumer.start();
  await Promise.race([all, Bun.sleep(timeoutMs)]);
  await consumer.shutdown();
  return got;
}
