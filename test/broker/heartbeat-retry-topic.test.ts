// A consumer group's %RETRY% topic made by its first HEART_BEAT and known to the NameServers before
// the heartbeat is answered (RocketMQ's ClientManageProcessor.heartBeat → createTopicInSendMessageBackMethod
// → registerBrokerData), so a client's next route lookup finds it.
import { afterEach, describe, expect, test } from "bun:test";
import { decodeTopicRouteData, RequestCode, ResponseCode, silentLogger, type TopicConfig } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import type { MessageStore } from "../../src/store/index.ts";
import { Broker } from "../../src/broker/index.ts";
import { registerClientHandlers } from "../../src/broker/clients/index.ts";
import { createTopicTable } from "../../src/broker/topics/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { FakeServer, heartbeatBody, memoryTable, testContext } from "./consume-harness.ts";
import { tempDir, testBrokerInit } from "./send-harness.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Client handlers over a topic table whose registration rounds the test finishes by hand. */
function withManualRegistration() {
  const rounds: Array<() => void> = [];
  const topics = createTopicTable({
    persisted: memoryTable<TopicConfig>((t) => t.topicName),
    log: silentLogger,
    autoCreateTopicEnable: true,
    onChange: () => new Promise<void>((resolve) => rounds.push(resolve)),
  });
  const base = testContext({} as MessageStore);
  const ctx = { ...base, topics };
  const server = new FakeServer();
  const handlers = registerClientHandlers(server, ctx, base.clients, { expiryScanIntervalMs: 60_000 });
  cleanups.push(() => handlers.close());
  return { server, ctx, rounds };
}

/** Lets every ready timer and I/O callback run once (not a sleep: nothing is waited for). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("a consumer group's retry topic on HEART_BEAT", () => {
  test("a heartbeat that creates the retry topic is answered only after the NameServers were sent it", async () => {
    const { server, ctx, rounds } = withManualRegistration();
    let answered = false;
    const pending = server
      .call(RequestCode.HEART_BEAT, {}, server.connect(), heartbeatBody("c@1", [{ group: "CG_NEW", topics: { T: "*" } }]))
      .then((res) => ((answered = true), res));
    await turn();
    expect(ctx.topics.get("%RETRY%CG_NEW")).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect(rounds).toHaveLength(1);
    expect(answered).toBe(false);
    rounds[0]?.();
    expect((await pending)?.code).toBe(ResponseCode.SUCCESS);
  });

  test("a heartbeat of a group whose retry topic exists waits for no registration", async () => {
    const { server, rounds } = withManualRegistration();
    const body = heartbeatBody("c@1", [{ group: "CG_KNOWN", topics: { T: "*" } }]);
    const first = server.call(RequestCode.HEART_BEAT, {}, server.connect(), body);
    await turn();
    rounds[0]?.();
    await first;
    const again = await server.call(RequestCode.HEART_BEAT, {}, server.connect(), body);
    expect(again?.code).toBe(ResponseCode.SUCCESS);
    expect(rounds).toHaveLength(1);
  });

  test("a broadcasting group gets its retry topic too, as RocketMQ's broker makes one for every group", async () => {
    const { server, ctx, rounds } = withManualRegistration();
    const pending = server.call(RequestCode.HEART_BEAT, {}, server.connect(),
      heartbeatBody("c@1", [{ group: "CG_FANOUT", topics: { T: "*" }, messageModel: "BROADCASTING" }]));
    await turn();
    rounds[0]?.();
    expect((await pending)?.code).toBe(ResponseCode.SUCCESS);
    expect(ctx.topics.get("%RETRY%CG_FANOUT")).toBeDefined();
  });

  test("after a new group's heartbeat is answered, the NameServer returns a route for %RETRY%<group>", async () => {
    const dir = tempDir("mq-heartbeat-");
    cleanups.push(() => dir.remove());
    const namesrv = new NameServer({
      listenPort: 0, kvConfigPath: `${dir.path}/kvConfig.json`, orderMessageEnable: false,
      scanNotActiveBrokerInterval: 10_000, brokerChannelExpiredTime: 120_000, log: silentLogger,
    });
    const nsAddr = `127.0.0.1:${await namesrv.start()}`;
    cleanups.push(() => namesrv.stop());
    const broker = new Broker(testBrokerInit(`${dir.path}/store`, { namesrvAddr: nsAddr }));
    await broker.start();
    cleanups.push(() => broker.stop());
    const client = new RemotingClient({ log: silentLogger });
    cleanups.push(() => client.close());

    const before = await client.invoke(nsAddr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "%RETRY%CG_ROUTED" }), 3000);
    expect(before.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    const body = heartbeatBody("127.0.0.1@9", [{ group: "CG_ROUTED", topics: { TopicTest: "*" } }]);
    const hb = await client.invoke(broker.brokerAddr, request(RequestCode.HEART_BEAT, {}, body), 3000);
    expect(hb.code).toBe(ResponseCode.SUCCESS);
    const route = await client.invoke(nsAddr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "%RETRY%CG_ROUTED" }), 3000);
    expect(route.code).toBe(ResponseCode.SUCCESS);
    const data = decodeTopicRouteData(route.body);
    expect(data.queueDatas).toEqual([expect.objectContaining({ brokerName: "broker-a", readQueueNums: 1, writeQueueNums: 1, perm: 6 })]);
    expect(data.brokerDatas[0]?.brokerAddrs["0"]).toBe(broker.brokerAddr);
  });
});
