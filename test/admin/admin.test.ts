// Admin operations against a real NameServer and a stand-in broker that records what it is asked.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  RequestCode,
  ResponseCode,
  encodeConsumeStats,
  encodeKVTable,
  encodeRegisterBrokerBody,
  encodeTopicStatsTable,
  registerBrokerExtFields,
  silentLogger,
  type TopicConfig,
} from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { RemotingClient, RemotingServer, reply, request, type RemotingCommand } from "../../src/remoting/index.ts";
import * as admin from "../../src/admin/index.ts";

let dir: string;
let namesrv: NameServer;
let brokerServer: RemotingServer;
let client: RemotingClient;
let ctx: admin.AdminContext;
let ctxWithDeadNamesrv: admin.AdminContext;
let brokerAddr: string;
const seen: RemotingCommand[] = [];
let statsSupported = true;

const topicCfg = (name: string): TopicConfig => ({
  topicName: name, readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false,
});

function startBroker(): RemotingServer {
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger });
  const record = (code: number, answer: (req: RemotingCommand) => RemotingCommand) =>
    server.register(code, (req) => (seen.push(req), answer(req)));
  const ok = () => reply(ResponseCode.SUCCESS);
  record(RequestCode.UPDATE_AND_CREATE_TOPIC, ok);
  record(RequestCode.DELETE_TOPIC_IN_BROKER, ok);
  record(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, ok);
  record(RequestCode.GET_BROKER_RUNTIME_INFO, () => reply(ResponseCode.SUCCESS, { body: encodeKVTable({ brokerVersionDesc: "V4_9_8", putTps: "1.5 1.0 1.0" }) }));
  record(RequestCode.GET_MIN_OFFSET, (req) => reply(ResponseCode.SUCCESS, { extFields: { offset: Number(req.extFields.queueId) } }));
  record(RequestCode.GET_MAX_OFFSET, (req) => reply(ResponseCode.SUCCESS, { extFields: { offset: 10 + Number(req.extFields.queueId) } }));
  record(RequestCode.GET_TOPIC_STATS_INFO, (req) => statsSupported
    ? reply(ResponseCode.SUCCESS, { body: encodeTopicStatsTable({ offsetTable: [[{ topic: req.extFields.topic ?? "", brokerName: "broker-a", queueId: 1 }, { minOffset: 3, maxOffset: 7, lastUpdateTimestamp: 99 }]] }) })
    : reply(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: "not supported" }));
  record(RequestCode.GET_CONSUME_STATS, () => reply(ResponseCode.SUCCESS, {
    body: encodeConsumeStats({ consumeTps: 2, offsetTable: [
      [{ topic: "T", brokerName: "broker-a", queueId: 1 }, { brokerOffset: 10, consumerOffset: 4, lastTimestamp: 1, pullOffset: 4 }],
      [{ topic: "T", brokerName: "broker-a", queueId: 0 }, { brokerOffset: 5, consumerOffset: 5, lastTimestamp: 1, pullOffset: 5 }],
    ] }),
  }));
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mq-admin-"));
  namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir, "kv.json"), orderMessageEnable: true,
    scanNotActiveBrokerInterval: 5000, brokerChannelExpiredTime: 120000, log: silentLogger,
  });
  const namesrvAddr = `127.0.0.1:${await namesrv.start()}`;
  brokerServer = startBroker();
  brokerAddr = `127.0.0.1:${await brokerServer.start()}`;
  client = new RemotingClient({ log: silentLogger });
  const body = encodeRegisterBrokerBody({
    topicConfigSerializeWrapper: { dataVersion: { timestamp: 1, counter: 1 }, topicConfigTable: { T: topicCfg("T"), "%RETRY%g": topicCfg("%RETRY%g") } },
    filterServerList: [],
  }, false);
  const h = { brokerName: "broker-a", brokerAddr, clusterName: "DefaultCluster", brokerId: 0, haServerAddr: "", compressed: false, bodyCrc32: 0 };
  await client.invoke(namesrvAddr, request(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body), 3000);
  ctx = admin.adminContext(client, namesrvAddr, 3000);
  // A dead name server first: reads move on to the next one (writes must reach every one).
  ctxWithDeadNamesrv = admin.adminContext(client, `127.0.0.1:1;${namesrvAddr}`, 3000);
});

afterAll(async () => {
  client.close();
  await brokerServer.stop();
  await namesrv.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lastSeen = (code: number) => seen.filter((r) => r.code === code).at(-1);

describe("mq admin operations", () => {
  test("topicList and topicRoute read the name server (past a dead one)", async () => {
    expect((await admin.topicList(ctxWithDeadNamesrv)).sort()).toEqual(["%RETRY%g", "T"]);
    const route = await admin.topicRoute(ctxWithDeadNamesrv, "T");
    expect(route.brokerDatas[0]?.brokerAddrs["0"]).toBe(brokerAddr);
  });

  test("updateTopic -c sends the topic to each master, and an order topic's conf to the name servers", async () => {
    const t = admin.topicConfigOf("O", { writeQueueNums: 4, readQueueNums: 4, order: true });
    expect(await admin.updateTopic(ctx, t, { cluster: "DefaultCluster" })).toEqual([brokerAddr]);
    expect(lastSeen(RequestCode.UPDATE_AND_CREATE_TOPIC)?.extFields).toMatchObject({
      topic: "O", defaultTopic: "TBW102", readQueueNums: "4", writeQueueNums: "4", perm: "6", order: "true", topicFilterType: "SINGLE_TAG",
    });
    const kv = await admin.invokeNamesrv(ctx, RequestCode.GET_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "O" });
    expect(kv.extFields.value).toBe("broker-a:4");
  });

  test("updateTopic, updateSubGroup, deleteTopic and brokerStatus to an unknown cluster fail naming the known clusters", async () => {
    const message = "cluster Nope not found; known clusters: DefaultCluster";
    await expect(admin.updateTopic(ctx, admin.topicConfigOf("X"), { cluster: "Nope" })).rejects.toThrow(message);
    await expect(admin.updateSubGroup(ctx, admin.subGroupConfigOf("G"), { cluster: "Nope" })).rejects.toThrow(message);
    await expect(admin.deleteTopic(ctx, "X", "Nope")).rejects.toThrow(message);
    await expect(admin.brokerStatus(ctx, { cluster: "Nope" })).rejects.toThrow(message);
    expect(seen.filter((r) => r.extFields.topic === "X" || r.code === RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)).toEqual([]);
  });

  test("-b with a broker name fails saying it takes an address, and gives that broker's master", async () => {
    await expect(admin.updateTopic(ctx, admin.topicConfigOf("X"), { brokerAddr: "broker-a" }))
      .rejects.toThrow(`-b takes a broker address (host:port), not a broker name: broker broker-a's master is ${brokerAddr}`);
  });

  test("-b with an address nothing answers at and no broker registered fails listing the known brokers", async () => {
    const dead = "127.0.0.1:1";
    const expected = `no broker registered with the name server has address ${dead}; known brokers: broker-a ${brokerAddr} (master)`;
    await expect(admin.updateSubGroup(ctx, admin.subGroupConfigOf("G"), { brokerAddr: dead })).rejects.toThrow(expected);
    await expect(admin.brokerStatus(ctx, { brokerAddr: dead })).rejects.toThrow(expected);
  });

  test("clusterList and brokerStatus read each broker's runtime info", async () => {
    const rows = await admin.clusterList(ctx);
    expect(rows).toEqual([{ cluster: "DefaultCluster", brokerName: "broker-a", brokerId: 0, addr: brokerAddr, runtime: { brokerVersionDesc: "V4_9_8", putTps: "1.5 1.0 1.0" } }]);
    expect(await admin.brokerStatus(ctx, { cluster: "DefaultCluster" })).toEqual([[brokerAddr, { brokerVersionDesc: "V4_9_8", putTps: "1.5 1.0 1.0" }]]);
  });

  test("topicStatus uses GET_TOPIC_STATS_INFO, or min/max offsets per queue when unsupported", async () => {
    statsSupported = true;
    expect(await admin.topicStatus(ctx, "T")).toEqual([{ topic: "T", brokerName: "broker-a", queueId: 1, minOffset: 3, maxOffset: 7, lastUpdateTimestamp: 99 }]);
    statsSupported = false;
    expect((await admin.topicStatus(ctx, "T")).map((q) => [q.queueId, q.minOffset, q.maxOffset])).toEqual([[0, 0, 10], [1, 1, 11]]);
  });

  test("consumerProgress sorts queues and totals the backlog", async () => {
    const p = await admin.consumerProgress(ctx, "g");
    expect(p.queues.map((q) => [q.queueId, q.diff])).toEqual([[0, 0], [1, 6]]);
    expect(p.diffTotal).toBe(6);
    expect(lastSeen(RequestCode.GET_CONSUME_STATS)?.extFields).toEqual({ consumerGroup: "g" });
    const groups = await admin.consumerGroups(ctx);
    expect(groups).toMatchObject([{ group: "g", count: 0, consumeTps: 2, diffTotal: 6 }]);
  });

  test("updateSubGroup -b sends the group config as the body", async () => {
    const cfg = admin.subGroupConfigOf("g2", { retryMaxTimes: 3 });
    await admin.updateSubGroup(ctx, cfg, { brokerAddr });
    const sent = lastSeen(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP);
    expect(JSON.parse(new TextDecoder().decode(sent?.body))).toEqual(cfg);
  });

  test("deleteTopic removes the topic from the brokers and the name servers", async () => {
    expect(await admin.deleteTopic(ctx, "T", "DefaultCluster")).toEqual([brokerAddr]);
    expect(lastSeen(RequestCode.DELETE_TOPIC_IN_BROKER)?.extFields.topic).toBe("T");
    await expect(admin.topicRoute(ctx, "T")).rejects.toMatchObject({ code: ResponseCode.TOPIC_NOT_EXIST });
  });
});
