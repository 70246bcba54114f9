// Registration with NameServers: what REGISTER_BROKER carries, when it is sent, UNREGISTER_BROKER
// at stop, and a Broker becoming routable through a real NameServer.
import { afterEach, describe, expect, test } from "bun:test";
import {
  decodeRegisterBrokerBody,
  decodeTopicRouteData,
  RequestCode,
  ResponseCode,
  silentLogger,
} from "../../src/common/index.ts";
import { RemotingClient, RemotingServer, reply, request, type RemotingCommand } from "../../src/remoting/index.ts";
import { Registrar } from "../../src/broker/registration/index.ts";
import { Broker } from "../../src/broker/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { openTestContext, tempDir, testBrokerInit, type TestContext } from "./send-harness.ts";

/** A NameServer stand-in that records what brokers send it. */
class RecordingNamesrv {
  readonly received: RemotingCommand[] = [];
  private readonly server = new RemotingServer({ port: 0, log: silentLogger });
  private waiters: Array<() => void> = [];
  port = 0;

  constructor() {
    for (const code of [RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER]) {
      this.server.register(code, (req) => {
        this.received.push(req);
        for (const wake of this.waiters.splice(0)) wake();
        return reply(ResponseCode.SUCCESS);
      });
    }
  }
  async start(): Promise<string> {
    this.port = await this.server.start();
    return `127.0.0.1:${this.port}`;
  }
  stop(): Promise<void> {
    return this.server.stop();
  }
  count(code: number): number {
    return this.received.filter((r) => r.code === code).length;
  }
  async waitFor(code: number, count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count(code) < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.count(code)} of ${count} requests ${code} arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function registrarWith(
  t: TestContext, namesrvAddr: string, overrides: { periodMs?: number; brokerPermission?: number; timeoutMs?: number } = {},
) {
  const client = new RemotingClient({ log: silentLogger });
  const registrar = new Registrar({
    namesrvAddr,
    identity: { brokerName: "broker-a", brokerAddr: "127.0.0.1:10911", clusterName: "DefaultCluster", brokerId: 0 },
    haServerAddr: "127.0.0.1:10912",
    periodMs: overrides.periodMs ?? 30_000,
    brokerPermission: overrides.brokerPermission ?? 6,
    timeoutMs: overrides.timeoutMs,
    topics: t.ctx.topics,
    dataVersion: () => t.store.meta.topicDataVersion(),
    client,
    log: silentLogger,
  });
  cleanups.push(() => client.close());
  return registrar;
}

describe("Registrar", () => {
  test("registers with every NameServer, header and body as RocketMQ sends them, and unregisters at stop", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const [a, b] = [new RecordingNamesrv(), new RecordingNamesrv()];
    const addrs = [await a.start(), await b.start()];
    cleanups.push(() => a.stop(), () => b.stop());
    const registrar = await registrarWith(t, addrs.join(";"));
    await registrar.start();
    for (const ns of [a, b]) {
      expect(ns.count(RequestCode.REGISTER_BROKER)).toBe(1);
      const req = ns.received[0] as RemotingCommand;
      expect(req.extFields).toMatchObject({
        brokerName: "broker-a",
        brokerAddr: "127.0.0.1:10911",
        clusterName: "DefaultCluster",
        brokerId: "0",
        haServerAddr: "127.0.0.1:10912",
        compressed: "false",
      });
      const body = decodeRegisterBrokerBody(req.body, false);
      const table = body.topicConfigSerializeWrapper.topicConfigTable;
      expect(table.TBW102).toMatchObject({ perm: 7, readQueueNums: 8, writeQueueNums: 8 });
      expect(Object.keys(table)).toEqual(
        expect.arrayContaining(["SELF_TEST_TOPIC", "DefaultCluster", "broker-a", "OFFSET_MOVED_EVENT", "SCHEDULE_TOPIC_XXXX"]),
      );
      expect(table.SCHEDULE_TOPIC_XXXX?.writeQueueNums).toBe(18);
      expect(body.topicConfigSerializeWrapper.dataVersion).toEqual(t.store.meta.topicDataVersion());
    }
    await registrar.stop();
    expect(a.count(RequestCode.UNREGISTER_BROKER)).toBe(1);
    expect(b.count(RequestCode.UNREGISTER_BROKER)).toBe(1);
  });

  test("a topic change triggers a new round; changes arriving together share rounds", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const ns = new RecordingNamesrv();
    const addr = await ns.start();
    cleanups.push(() => ns.stop());
    const registrar = await registrarWith(t, addr);
    await registrar.start();
    for (const name of ["T1", "T2", "T3"]) {
      t.ctx.topics.put(newTopicConfig(name, 2));
      void registrar.registerSoon();
    }
    await ns.waitFor(RequestCode.REGISTER_BROKER, 2);
    await registrar.registerSoon();
    const rounds = ns.count(RequestCode.REGISTER_BROKER);
    expect(rounds).toBeLessThanOrEqual(3);
    const last = ns.received.filter((r) => r.code === RequestCode.REGISTER_BROKER).at(-1);
    const table = decodeRegisterBrokerBody(last?.body, false).topicConfigSerializeWrapper.topicConfigTable;
    expect(Object.keys(table)).toEqual(expect.arrayContaining(["T1", "T2", "T3"]));
    await registrar.stop();
  });

  test("re-registers every period (clamped to at least 1 s)", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const ns = new RecordingNamesrv();
    const addr = await ns.start();
    cleanups.push(() => ns.stop());
    const registrar = await registrarWith(t, addr, { periodMs: 10 });
    expect(registrar.periodMs).toBe(1000);
    const startedMs = Date.now();
    await registrar.start();
    await ns.waitFor(RequestCode.REGISTER_BROKER, 2, 3000);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(900);
    await registrar.stop();
  });

  test("a broker that is not read-write announces its own perm on every topic", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const ns = new RecordingNamesrv();
    const addr = await ns.start();
    cleanups.push(() => ns.stop());
    const registrar = await registrarWith(t, addr, { brokerPermission: 4 });
    await registrar.start();
    const table = decodeRegisterBrokerBody(ns.received[0]?.body, false).topicConfigSerializeWrapper.topicConfigTable;
    expect(new Set(Object.values(table).map((c) => c.perm))).toEqual(new Set([4]));
    await registrar.stop();
  });

  test("an unreachable NameServer does not keep the others from being registered", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const ns = new RecordingNamesrv();
    const addr = await ns.start();
    cleanups.push(() => ns.stop());
    const dead = new RecordingNamesrv();
    const deadAddr = await dead.start();
    await dead.stop();
    const registrar = await registrarWith(t, `${deadAddr};${addr}`);
    await registrar.start();
    expect(ns.count(RequestCode.REGISTER_BROKER)).toBe(1);
    await registrar.stop();
  });

  test("a NameServer that accepts but never answers delays no other NameServer's registration of a topic change", async () => {
    const t = await openTestContext();
    cleanups.push(() => t.close());
    const ns = new RecordingNamesrv();
    const addr = await ns.start();
    cleanups.push(() => ns.stop());
    const hole = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const registrar = await registrarWith(t, `127.0.0.1:${hole.port};${addr}`, { timeoutMs: 60_000 });
    cleanups.push(() => registrar.stop());
    cleanups.push(() => hole.stop(true));
    void registrar.start();
    await ns.waitFor(RequestCode.REGISTER_BROKER, 1);
    t.ctx.topics.put(newTopicConfig("AfterTheHole", 1));
    void registrar.registerSoon();
    await ns.waitFor(RequestCode.REGISTER_BROKER, 2, 2000);
    const last = ns.received.filter((r) => r.code === RequestCode.REGISTER_BROKER).at(-1);
    expect(Object.keys(decodeRegisterBrokerBody(last?.body, false).topicConfigSerializeWrapper.topicConfigTable)).toContain("AfterTheHole");
  });
});

describe("Broker with a real NameServer", () => {
  test("is routable for TBW102 once started and gone from the routes after stop", async () => {
    const dir = tempDir("mq-registration-");
    cleanups.push(() => dir.remove());
    const namesrv = new NameServer({
      listenPort: 0,
      kvConfigPath: `${dir.path}/kvConfig.json`,
      orderMessageEnable: false,
      scanNotActiveBrokerInterval: 10_000,
      brokerChannelExpiredTime: 120_000,
      log: silentLogger,
    });
    const nsAddr = `127.0.0.1:${await namesrv.start()}`;
    cleanups.push(() => namesrv.stop());
    const broker = new Broker(testBrokerInit(`${dir.path}/store`, { namesrvAddr: nsAddr }));
    await broker.start();
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : broker.stop()));
    expect(broker.bootMessage()).toBe(
      `The broker[broker-a, 127.0.0.1:${broker.port}] boot success. serializeType=JSON and name server is ${nsAddr}`,
    );
    const client = new RemotingClient({ log: silentLogger });
    cleanups.push(() => client.close());
    const route = await client.invoke(nsAddr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "TBW102" }), 3000);
    expect(route.code).toBe(ResponseCode.SUCCESS);
    const data = decodeTopicRouteData(route.body);
    expect(data.brokerDatas[0]?.brokerAddrs["0"]).toBe(broker.brokerAddr);
    expect(data.queueDatas[0]).toMatchObject({ brokerName: "broker-a", perm: 7, writeQueueNums: 8 });
    await broker.stop();
    stopped = true;
    const after = await client.invoke(nsAddr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "TBW102" }), 3000);
    expect(after.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  test("UPDATE_AND_CREATE_TOPIC answers once the NameServer has taken the new topic, as RocketMQ's does", async () => {
    // A NameServer slow to answer registrations: the topic's answer must wait for it.
    const server = new RemotingServer({ port: 0, log: silentLogger });
    let answered = 0;
    server.register(RequestCode.REGISTER_BROKER, async () => {
      await Bun.sleep(200);
      answered += 1;
      return reply(ResponseCode.SUCCESS);
    });
    server.register(RequestCode.UNREGISTER_BROKER, () => reply(ResponseCode.SUCCESS));
    const nsAddr = `127.0.0.1:${await server.start()}`;
    cleanups.push(() => server.stop());
    const dir = tempDir("mq-registration-");
    cleanups.push(() => dir.remove());
    const broker = new Broker(testBrokerInit(`${dir.path}/store`, { namesrvAddr: nsAddr }));
    await broker.start();
    cleanups.push(() => broker.stop());
    const client = new RemotingClient({ log: silentLogger });
    cleanups.push(() => client.close());
    const before = answered;
    const header = { topic: "FreshTopic", readQueueNums: "4", writeQueueNums: "4", perm: "6" };
    const created = await client.invoke(broker.brokerAddr, request(RequestCode.UPDATE_AND_CREATE_TOPIC, header), 3000);
    expect(created.code).toBe(ResponseCode.SUCCESS);
    expect(answered).toBeGreaterThan(before);
  });
});
