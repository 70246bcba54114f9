// Admin codes in-process: topic and group admin, the admin guard, runtime info, queue statistics.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  decodeConsumeStats,
  decodeKVTable,
  decodeTopicStatsTable,
  formatProperties,
  queueOffset,
  readTopicConfigWrapper,
  RequestCode,
  ResponseCode,
} from "../../src/common/index.ts";
import { registerAdminHandlers } from "../../src/broker/admin/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, sendHeader, text, type TestContext } from "./send-harness.ts";

let t: TestContext;
let handlers: HandlerTable;
let admin: { close(): void };

beforeEach(async () => {
  t = await openTestContext();
  handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  admin = registerAdminHandlers(handlers, t.ctx, { rootDir: t.options.storePathRootDir, bootMs: Date.now() - 90_000 });
});

afterEach(async () => {
  admin.close();
  await t.close();
});

const topicFields = (topic: string, perm = 6, queues = 4) => ({
  topic,
  defaultTopic: "TBW102",
  readQueueNums: queues,
  writeQueueNums: queues,
  perm,
  topicFilterType: "SINGLE_TAG",
  topicSysFlag: 0,
  order: false,
});

async function send(topic: string, queueId: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const h = sendHeader({ topic, queueId, properties: formatProperties({ TAGS: "x" }) });
    const res = await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(h), bytes(`m${i}`));
    expect(res.code).toBe(ResponseCode.SUCCESS);
  }
}

describe("topic admin", () => {
  test("UPDATE_AND_CREATE_TOPIC creates a topic that GET_ALL_TOPIC_CONFIG then lists", async () => {
    const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicFields("Orders", 6, 3));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.topicChanges()).toBeGreaterThan(0);
    const all = await handlers.call(RequestCode.GET_ALL_TOPIC_CONFIG);
    const wrapper = readTopicConfigWrapper(JSON.parse(text(all.body)));
    expect(wrapper.topicConfigTable.Orders).toMatchObject({ readQueueNums: 3, writeQueueNums: 3, perm: 6 });
    expect(wrapper.dataVersion).toEqual(t.store.meta.topicDataVersion());
  });

  test("GET_TOPIC_CONFIG answers one topic's config, and TOPIC_NOT_EXIST for a topic this broker lacks", async () => {
    await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicFields("Orders", 6, 3));
    const res = await handlers.call(RequestCode.GET_TOPIC_CONFIG, { topic: "Orders", lo: "false" });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(JSON.parse(text(res.body))).toMatchObject({ topicName: "Orders", readQueueNums: 3, writeQueueNums: 3, perm: 6, topicFilterType: "SINGLE_TAG", order: false });
    const missing = await handlers.call(RequestCode.GET_TOPIC_CONFIG, { topic: "Nowhere" });
    expect(missing.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(missing.remark).toBe("No topic in this broker. topic: Nowhere");
  });

  test("refuses system topic names, invalid names and queue counts out of range", async () => {
    for (const fields of [topicFields("SCHEDULE_TOPIC_XXXX"), topicFields("bad name"), topicFields("Fine", 6, 0)]) {
      const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, fields);
      expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(res.remark?.length).toBeGreaterThan(0);
    }
  });

  test("refuses a mutating request from a non-loopback address", async () => {
    const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicFields("Remote"), undefined, fakeConnection("10.1.2.3:5555"));
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
    expect(t.ctx.topics.get("Remote")).toBeUndefined();
  });

  test("DELETE_TOPIC_IN_BROKER removes the topic and its queues", async () => {
    await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicFields("Doomed"));
    await send("Doomed", 0, 2);
    const res = await handlers.call(RequestCode.DELETE_TOPIC_IN_BROKER, { topic: "Doomed" });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.topics.get("Doomed")).toBeUndefined();
    expect(t.store.meta.topics.get("Doomed")).toBeUndefined();
    expect(t.store.maxOffset("Doomed", 0)).toBe(queueOffset(0));
  });

  test("GET_TOPIC_NAME_LIST lists every topic", async () => {
    const res = await handlers.call(RequestCode.GET_TOPIC_NAME_LIST);
    expect(JSON.parse(text(res.body)).topicList).toEqual(expect.arrayContaining(["TBW102", "SELF_TEST_TOPIC"]));
  });
});

describe("subscription group admin", () => {
  test("create, list and delete a group", async () => {
    const body = bytes(JSON.stringify({ groupName: "cg1", retryMaxTimes: 3, consumeBroadcastEnable: false }));
    expect((await handlers.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, body)).code).toBe(ResponseCode.SUCCESS);
    const list = JSON.parse(text((await handlers.call(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body));
    expect(list.subscriptionGroupTable.cg1).toMatchObject({ retryMaxTimes: 3, consumeBroadcastEnable: false, retryQueueNums: 1 });
    expect(list.dataVersion.counter).toBeGreaterThan(0);
    expect((await handlers.call(RequestCode.DELETE_SUBSCRIPTIONGROUP, { groupName: "cg1" })).code).toBe(ResponseCode.SUCCESS);
    expect(t.ctx.groups.get("cg1")).toBeUndefined();
  });

  test("a body field of the wrong type is refused", async () => {
    const body = bytes(JSON.stringify({ groupName: "cg2", retryMaxTimes: "many" }));
    const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, body);
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("retryMaxTimes");
  });

  test("a group name outside RocketMQ's alphabet (a path, a blank, 256 characters) is refused, and never auto-created", async () => {
    for (const [groupName, reason] of [
      ["../../etc", "contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$"],
      ["a/b", "contains illegal characters"],
      [" ", "the specified group is blank"],
      ["g".repeat(256), "longer than group max length 255"],
    ] as const) {
      const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, bytes(JSON.stringify({ groupName })));
      expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(res.remark).toContain(reason);
      expect(t.ctx.groups.findOrCreate(groupName)).toBeUndefined();
    }
    expect(t.ctx.groups.findOrCreate("GID_ok-1|x%y")).toMatchObject({ groupName: "GID_ok-1|x%y" });
  });
});

describe("statistics", () => {
  test("GET_BROKER_RUNTIME_INFO reports put totals, TPS, offsets and runtime as strings", async () => {
    await send("StatsTopic", 0, 3);
    const res = await handlers.call(RequestCode.GET_BROKER_RUNTIME_INFO);
    const table = decodeKVTable(res.body);
    expect(table.msgPutTotalTodayNow).toBe("3");
    expect(Number(table.commitLogMaxOffset)).toBeGreaterThan(0);
    expect(table.brokerVersionDesc).toBe("V4_9_8");
    expect(Math.abs(Number(table.earliestMessageTimeStamp) - Date.now())).toBeLessThan(60_000);
    expect(table.putTps?.split(" ")).toHaveLength(3);
    expect(table.runtime).toBe("[ 0 days, 0 hours, 1 minutes, 30 seconds ]");
  });

  test("GET_BROKER_RUNTIME_INFO spells the 5.x keys too, so the 5.x mqadmin's clusterList shows ACTIVATED true and PCWait 0", async () => {
    const table = decodeKVTable((await handlers.call(RequestCode.GET_BROKER_RUNTIME_INFO)).body);
    expect(table.getTransferredTps).toBe(table.getTransferedTps);
    expect(table.brokerActive).toBe("true");
    expect(table.pageCacheLockTimeMills).toBe("0");
  });

  test("GET_BROKER_RUNTIME_INFO reports disk use as RocketMQ's fraction (10 % used is 0.1), per commitlog directory too", async () => {
    const table = decodeKVTable((await handlers.call(RequestCode.GET_BROKER_RUNTIME_INFO)).body);
    const commitLogDir = join(t.options.storePathRootDir, "commitlog");
    expect(table.commitLogDiskRatio).toBe("0.1");
    expect(table[`commitLogDiskRatio_${commitLogDir}`]).toBe("0.1");
    expect(table.consumeQueueDiskRatio).toBe("0.1");
  });

  test("GET_TOPIC_STATS_INFO gives min/max offset and last update time per write queue", async () => {
    await send("StatsTopic", 1, 2);
    const res = await handlers.call(RequestCode.GET_TOPIC_STATS_INFO, { topic: "StatsTopic" });
    expect(text(res.body)).toContain('{"brokerName":"broker-a","queueId":1,"topic":"StatsTopic"}:');
    const stats = decodeTopicStatsTable(res.body);
    expect(stats.offsetTable).toHaveLength(4);
    const q1 = stats.offsetTable.find(([mq]) => mq.queueId === 1)?.[1];
    expect(q1).toMatchObject({ minOffset: 0, maxOffset: 2 });
    expect(q1?.lastUpdateTimestamp).toBeGreaterThan(0);
    const unknown = await handlers.call(RequestCode.GET_TOPIC_STATS_INFO, { topic: "Nope" });
    expect(unknown.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  test("GET_CONSUME_STATS compares broker and consumer offsets per read queue", async () => {
    await send("StatsTopic", 0, 3);
    t.store.meta.consumerOffsets.commit("cg", "StatsTopic", 0, queueOffset(1));
    const res = await handlers.call(RequestCode.GET_CONSUME_STATS, { consumerGroup: "cg" });
    const stats = decodeConsumeStats(res.body);
    expect(stats.offsetTable).toHaveLength(4);
    const q0 = stats.offsetTable.find(([mq]) => mq.queueId === 0)?.[1];
    expect(q0).toMatchObject({ brokerOffset: 3, consumerOffset: 1 });
    expect(q0?.lastTimestamp).toBeGreaterThan(0);
  });

  test("GET_CONSUME_STATS gives each queue a pull offset no lower than its consumer offset, so 5.x consumerProgress shows no negative in-flight", async () => {
    await send("StatsTopic", 0, 3);
    t.store.meta.consumerOffsets.commit("cg", "StatsTopic", 0, queueOffset(2));
    const res = await handlers.call(RequestCode.GET_CONSUME_STATS, { consumerGroup: "cg" });
    const q0 = decodeConsumeStats(res.body).offsetTable.find(([mq]) => mq.queueId === 0)?.[1];
    expect(q0).toMatchObject({ consumerOffset: 2, pullOffset: 2 });
    expect(text(res.body)).toContain(`"pullOffset":2`);
  });

  test("GET_BROKER_CONFIG answers the configuration as properties text", async () => {
    const res = await handlers.call(RequestCode.GET_BROKER_CONFIG);
    expect(text(res.body)).toContain("brokerName=broker-a\n");
    expect(res.extFields.version).toContain("counter");
  });
});
