// Issue 16's broker side in-process: RocketMQ's BrokerStatsManager counters behind
// VIEW_BROKER_STATS_DATA, producer connections, the groups consuming a topic, the broker-wide
// consume stats, cloning a group's offsets, and admin requests passed on to a live consumer.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  decodeBrokerStatsData,
  decodeConsumeStatsList,
  decodeGroupList,
  decodeProducerConnection,
  formatProperties,
  parseFastjson,
  queueOffset,
  RequestCode,
  ResponseCode,
  silentLogger,
  StatsItem,
} from "../../src/common/index.ts";
import { registerAdminHandlers } from "../../src/broker/admin/index.ts";
import { createClientRegistry, registerClientHandlers, type ClientRegistryControl } from "../../src/broker/clients/index.ts";
import type { BrokerContext, ClientChannel } from "../../src/broker/context.ts";
import { buildSubscription } from "../../src/broker/consume/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { reply, RemotingError, type Connection, type RemotingCommand } from "../../src/remoting/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, sendHeader, type TestContext } from "./send-harness.ts";

let t: TestContext;
let ctx: BrokerContext;
let registry: ClientRegistryControl;
let handlers: HandlerTable;
let closers: Array<{ close(): void }>;

beforeEach(async () => {
  t = await openTestContext();
  registry = createClientRegistry({ log: silentLogger, channelExpiredTimeoutMs: 120_000, notifyConsumerIdsChangedEnable: false, groups: t.ctx.groups });
  ctx = { ...t.ctx, clients: registry };
  handlers = new HandlerTable();
  registerSendHandlers(handlers, ctx);
  closers = [
    registerAdminHandlers(handlers, ctx, { rootDir: t.options.storePathRootDir }),
    registerClientHandlers({ register: (c, h) => handlers.register(c, h), onConnectionClose: () => {} }, ctx, registry, { expiryScanIntervalMs: 3_600_000 }),
  ];
});

afterEach(async () => {
  for (const c of closers) c.close();
  await t.close();
});

async function send(topic: string, queueId: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const h = sendHeader({ topic, queueId, properties: formatProperties({ TAGS: "x" }) });
    expect((await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(h), bytes(`body${i}`))).code).toBe(ResponseCode.SUCCESS);
  }
}

function channel(clientId: string, conn: Connection = fakeConnection()): ClientChannel {
  return { clientId, connection: conn, language: "JAVA", version: 409, lastUpdateTimestamp: Date.now() };
}

function consumer(group: string, topic: string, conn?: Connection): void {
  registry.registerConsumer({
    group, consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING", consumeFromWhere: "CONSUME_FROM_LAST_OFFSET",
    subscriptions: [buildSubscription(topic, "*", "TAG", 1)],
  }, channel(`${group}-client`, conn));
}

describe("StatsItem", () => {
  test("a window's snapshot is the difference between its first and last sample: sum, tps and avgpt", () => {
    const it = new StatsItem();
    it.sample("minute", 100_000);
    it.add(30, 3);
    it.sample("minute", 110_000);
    it.add(20, 1);
    it.sample("minute", 120_000);
    expect(it.snapshot("minute")).toEqual({ sum: 50, tps: 50 * 1000 / 30_000, avgpt: 50 / 4 });
    expect(it.snapshot("hour")).toEqual({ sum: 0, tps: 0, avgpt: 0 });
  });

  test("a minute keeps 7 samples: what was added a minute ago drops out", () => {
    const it = new StatsItem();
    it.add(5, 1);
    for (let i = 0; i <= 7; i++) it.sample("minute", i * 10_000);
    expect(it.snapshot("minute").sum).toBe(0);
  });
});

describe("VIEW_BROKER_STATS_DATA", () => {
  test("answers TOPIC_PUT_NUMS and BROKER_PUT_NUMS once sampled, in minute, hour and day", async () => {
    ctx.meters.stats.sample("minute");
    await send("TopicTest", 0, 3);
    ctx.meters.stats.sample("minute");
    ctx.meters.stats.sample("day");
    const res = await handlers.call(RequestCode.VIEW_BROKER_STATS_DATA, { statsName: "TOPIC_PUT_NUMS", statsKey: "TopicTest" });
    const data = decodeBrokerStatsData(res.body);
    expect([data.statsMinute.sum, data.statsDay.sum, data.statsHour.sum]).toEqual([3, 3, 0]);
    expect(data.statsMinute.avgpt).toBe(1);
    const size = decodeBrokerStatsData((await handlers.call(RequestCode.VIEW_BROKER_STATS_DATA, { statsName: "TOPIC_PUT_SIZE", statsKey: "TopicTest" })).body);
    expect(size.statsMinute.sum).toBe(3 * "body0".length);
    const broker = decodeBrokerStatsData((await handlers.call(RequestCode.VIEW_BROKER_STATS_DATA, { statsName: "BROKER_PUT_NUMS", statsKey: "DefaultCluster" })).body);
    expect(broker.statsMinute.sum).toBe(3);
  });

  test("a statistic nothing has counted yet is SYSTEM_ERROR with RocketMQ's remark", async () => {
    const res = await handlers.call(RequestCode.VIEW_BROKER_STATS_DATA, { statsName: "GROUP_GET_NUMS", statsKey: "TopicTest@nobody" });
    expect({ code: res.code, remark: res.remark }).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: "The stats <GROUP_GET_NUMS> <TopicTest@nobody> not exist" });
  });

  test("pulls count GROUP_GET_NUMS, GROUP_GET_SIZE and GROUP_GET_LATENCY per queue, and send-backs SNDBCK_PUT_NUMS", () => {
    ctx.meters.stats.sample("minute");
    ctx.meters.messagesPulled("TopicTest", "g", 2, 10, 1, 2, 4);
    ctx.meters.sentBack("TopicTest", "g");
    ctx.meters.stats.sample("minute");
    const minute = (name: string, key: string) => ctx.meters.stats.find(name, key)?.snapshot("minute");
    expect(minute("GROUP_GET_NUMS", "TopicTest@g")?.sum).toBe(2);
    expect(minute("GROUP_GET_SIZE", "TopicTest@g")?.sum).toBe(10);
    expect(minute("GROUP_GET_LATENCY", "1@TopicTest@g")).toMatchObject({ sum: 4, avgpt: 4 });
    expect(minute("SNDBCK_PUT_NUMS", "TopicTest@g")?.sum).toBe(1);
    expect(minute("BROKER_GET_NUMS", "DefaultCluster")?.sum).toBe(2);
  });
});

describe("connections and consumers", () => {
  test("GET_PRODUCER_CONNECTION_LIST lists the producers heartbeating in the group, and refuses an unknown group", async () => {
    registry.registerProducer("PG", channel("10.0.0.1@p"));
    const set = decodeProducerConnection((await handlers.call(RequestCode.GET_PRODUCER_CONNECTION_LIST, { producerGroup: "PG" })).body);
    expect(set).toEqual([{ clientId: "10.0.0.1@p", clientAddr: "127.0.0.1:50001", language: "JAVA", version: 409 }]);
    const none = await handlers.call(RequestCode.GET_PRODUCER_CONNECTION_LIST, { producerGroup: "Nope" });
    expect({ code: none.code, remark: none.remark }).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: "the producer group[Nope] not exist" });
  });

  test("QUERY_TOPIC_CONSUME_BY_WHO names the groups subscribed now and those holding offsets of the topic", async () => {
    consumer("live", "TopicTest");
    t.store.meta.consumerOffsets.commit("offline", "TopicTest", 0, queueOffset(1));
    t.store.meta.consumerOffsets.commit("elsewhere", "Other", 0, queueOffset(1));
    const groups = decodeGroupList((await handlers.call(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, { topic: "TopicTest" })).body);
    expect(groups.sort()).toEqual(["live", "offline"]);
  });

  test("GET_BROKER_CONSUME_STATS reports every subscription group's queues and the total diff", async () => {
    await send("TopicTest", 0, 3);
    ctx.groups.findOrCreate("g1");
    t.store.meta.consumerOffsets.commit("g1", "TopicTest", 0, queueOffset(1));
    const list = decodeConsumeStatsList((await handlers.call(RequestCode.GET_BROKER_CONSUME_STATS, { isOrder: "false" })).body);
    expect(list.brokerAddr).toBe("127.0.0.1:10911");
    const [, stats] = list.groups.find(([g]) => g === "g1") ?? ["", []];
    const q0 = stats[0]?.offsetTable.find(([mq]) => mq.queueId === 0)?.[1];
    expect(q0).toMatchObject({ brokerOffset: 3, consumerOffset: 1 });
    expect(list.totalDiff).toBe(2);
    const ordered = decodeConsumeStatsList((await handlers.call(RequestCode.GET_BROKER_CONSUME_STATS, { isOrder: "true" })).body);
    expect(ordered.groups.find(([g]) => g === "g1")?.[1]).toEqual([]);
  });

  test("CLONE_GROUP_OFFSET copies the source group's offsets of the topic to the destination group", async () => {
    await send("TopicTest", 0, 1);
    t.store.meta.consumerOffsets.commit("src", "TopicTest", 2, queueOffset(7));
    const res = await handlers.call(RequestCode.CLONE_GROUP_OFFSET, { srcGroup: "src", destGroup: "dest", topic: "TopicTest", offline: "false" });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.store.meta.consumerOffsets.query("dest", "TopicTest", 2)).toBe(queueOffset(7));
  });
});

/** A consumer's connection that answers the broker's requests with answer(). */
function clientConnection(answer: (req: RemotingCommand) => RemotingCommand | Promise<RemotingCommand>): Connection & { asked: RemotingCommand[] } {
  const asked: RemotingCommand[] = [];
  return { ...fakeConnection("127.0.0.1:50002"), asked, invoke: async (req) => (asked.push(req), answer(req)) };
}

describe("requests passed on to a live consumer", () => {
  test("GET_CONSUMER_RUNNING_INFO goes to the client over its connection and its answer comes back unchanged", async () => {
    const conn = clientConnection(() => reply(ResponseCode.SUCCESS, { body: bytes('{"properties":{}}'), remark: "from client" }));
    consumer("g", "TopicTest", conn);
    const res = await handlers.call(RequestCode.GET_CONSUMER_RUNNING_INFO, { consumerGroup: "g", clientId: "g-client", jstackEnable: "false" });
    expect({ code: res.code, remark: res.remark, body: new TextDecoder().decode(res.body) }).toEqual({ code: ResponseCode.SUCCESS, remark: "from client", body: '{"properties":{}}' });
    expect(conn.asked[0]?.code).toBe(RequestCode.GET_CONSUMER_RUNNING_INFO);
    expect(conn.asked[0]?.extFields).toMatchObject({ consumerGroup: "g", clientId: "g-client" });
  });

  test("a consumer not online is SYSTEM_ERROR, one that does not answer CONSUME_MSG_TIMEOUT", async () => {
    const offline = await handlers.call(RequestCode.GET_CONSUMER_RUNNING_INFO, { consumerGroup: "g", clientId: "nobody" });
    expect({ code: offline.code, remark: offline.remark }).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: "The Consumer <g> <nobody> not online" });
    consumer("g", "TopicTest", clientConnection(() => Promise.reject(new RemotingError("timeout", "no answer in 10000 ms"))));
    const slow = await handlers.call(RequestCode.GET_CONSUMER_RUNNING_INFO, { consumerGroup: "g", clientId: "g-client" });
    expect(slow.code).toBe(ResponseCode.CONSUME_MSG_TIMEOUT);
  });

  test("CONSUME_MESSAGE_DIRECTLY carries the stored record, the broker name and the topic's sysFlag to the client", async () => {
    await send("TopicTest", 0, 1);
    const stored = t.store.getMessages("TopicTest", 0, queueOffset(0), 1);
    const conn = clientConnection(() => reply(ResponseCode.SUCCESS, { body: bytes('{"consumeResult":"CR_SUCCESS"}') }));
    consumer("g", "TopicTest", conn);
    const record = stored.records[0] as Uint8Array;
    const offsetMsgId = `7F000001${(10911).toString(16).toUpperCase().padStart(8, "0")}${"0".repeat(16)}`;
    const res = await handlers.call(RequestCode.CONSUME_MESSAGE_DIRECTLY, { consumerGroup: "g", clientId: "g-client", msgId: offsetMsgId, topic: "TopicTest" });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(conn.asked[0]?.extFields).toMatchObject({ brokerName: "broker-a", topicSysFlag: "0", msgId: offsetMsgId });
    expect(conn.asked[0]?.body).toEqual(record);
  });

  test("INVOKE_BROKER_TO_GET_CONSUMER_STATUS asks each consumer and answers their offsets per clientId", async () => {
    const table = '{"messageQueueTable":{{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:4},"consumerTable":{}}';
    const conn = clientConnection(() => reply(ResponseCode.SUCCESS, { body: bytes(table) }));
    consumer("g", "TopicTest", conn);
    const res = await handlers.call(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { topic: "TopicTest", group: "g" });
    expect(conn.asked[0]?.code).toBe(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT);
    const body = parseFastjson(new TextDecoder().decode(res.body)) as { consumerTable: Record<string, Record<string, number>> };
    expect(body.consumerTable).toEqual({ "g-client": { '{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}': 4 } });
    const none = await handlers.call(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { topic: "TopicTest", group: "empty" });
    expect(none.remark).toBe("No Any Consumer online in the consumer group: [empty]");
  });
});
