// Topic and group tables over a real store: seeding, persistence across a reopen, auto-create rules.
import { afterEach, describe, expect, test } from "bun:test";
import { Perm } from "../../src/common/index.ts";
import { newGroupConfig, newTopicConfig, topicNameProblem } from "../../src/broker/topics/index.ts";
import { openTestContext, tempDir, type TestContext } from "./send-harness.ts";

const open: TestContext[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function context(...args: Parameters<typeof openTestContext>): Promise<TestContext> {
  const t = await openTestContext(...args);
  open.push(t);
  return t;
}

describe("TopicTable", () => {
  test("seeds the system topics as RocketMQ makes them", async () => {
    const { ctx } = await context();
    expect(ctx.topics.get("TBW102")).toMatchObject({ perm: 7, writeQueueNums: 8 });
    expect(ctx.topics.get("SELF_TEST_TOPIC")).toMatchObject({ writeQueueNums: 1 });
    expect(ctx.topics.get("DefaultCluster")).toMatchObject({ perm: Perm.INHERIT | Perm.READ | Perm.WRITE });
    expect(ctx.topics.get("broker-a")).toMatchObject({ perm: 7, writeQueueNums: 1 });
    expect(ctx.topics.get("OFFSET_MOVED_EVENT")).toMatchObject({ writeQueueNums: 1 });
    expect(ctx.topics.get("SCHEDULE_TOPIC_XXXX")).toMatchObject({ writeQueueNums: 18 });
  });

  test("traceTopicEnable creates the message-trace topic with one queue, under msgTraceTopicName if given", async () => {
    expect((await context()).ctx.topics.get("RMQ_SYS_TRACE_TOPIC")).toBeUndefined();
    expect((await context({ traceTopicEnable: true })).ctx.topics.get("RMQ_SYS_TRACE_TOPIC"))
      .toMatchObject({ perm: Perm.READ | Perm.WRITE, readQueueNums: 1, writeQueueNums: 1 });
    const named = await context({ traceTopicEnable: true, msgTraceTopicName: "MyTrace" });
    expect(named.ctx.topics.get("MyTrace")).toMatchObject({ writeQueueNums: 1 });
    expect(named.ctx.topics.get("RMQ_SYS_TRACE_TOPIC")).toBeUndefined();
  });

  test("clusterTopicEnable/brokerTopicEnable off leave those topics inherit-only", async () => {
    const { ctx } = await context({ clusterTopicEnable: false, brokerTopicEnable: false });
    expect(ctx.topics.get("DefaultCluster")?.perm).toBe(Perm.INHERIT);
    expect(ctx.topics.get("broker-a")?.perm).toBe(Perm.INHERIT);
  });

  test("topics survive a restart and a persisted config wins over the seed", async () => {
    const dir = tempDir("mq-topics-");
    const first = await openTestContext({}, { path: dir.path, remove: () => {} });
    first.ctx.topics.put(newTopicConfig("Kept", 3));
    first.ctx.topics.put({ ...newTopicConfig("TBW102", 2), perm: 7 });
    first.ctx.groups.put({ ...newGroupConfig("g1"), retryMaxTimes: 5 });
    await first.close();
    const second = await context({}, dir);
    expect(second.ctx.topics.get("Kept")).toMatchObject({ readQueueNums: 3, writeQueueNums: 3 });
    expect(second.ctx.topics.get("TBW102")?.writeQueueNums).toBe(2);
    expect(second.ctx.groups.get("g1")?.retryMaxTimes).toBe(5);
  });

  test("createOnSend needs a template with the inherit permission", async () => {
    const { ctx } = await context();
    ctx.topics.put(newTopicConfig("PlainTemplate", 8));
    expect(ctx.topics.createOnSend("FromPlain", "PlainTemplate", 4, 0)).toBeUndefined();
    expect(ctx.topics.createOnSend("FromMissing", "NoSuchTemplate", 4, 0)).toBeUndefined();
    const made = ctx.topics.createOnSend("FromTbw", "TBW102", 16, 0);
    expect(made).toMatchObject({ readQueueNums: 8, writeQueueNums: 8, perm: 6 });
  });

  test("deleting a topic removes it from the table and the store's metadata", async () => {
    const { ctx, store } = await context();
    ctx.topics.put(newTopicConfig("Gone", 1));
    ctx.topics.delete("Gone");
    expect(ctx.topics.get("Gone")).toBeUndefined();
    expect(store.meta.topics.get("Gone")).toBeUndefined();
  });
});

describe("GroupTable", () => {
  test("creates unknown groups with RocketMQ's defaults only when autoCreateSubscriptionGroup allows", async () => {
    const on = await context();
    expect(on.ctx.groups.findOrCreate("newGroup")).toMatchObject({ retryQueueNums: 1, retryMaxTimes: 16, consumeEnable: true });
    const off = await context({ autoCreateSubscriptionGroup: false });
    expect(off.ctx.groups.findOrCreate("newGroup")).toBeUndefined();
    expect(off.ctx.groups.get("TOOLS_CONSUMER")).toBeDefined();
  });
});

describe("topic names", () => {
  test("allows RocketMQ's characters up to 127, retry and DLQ topics up to 255", () => {
    expect(topicNameProblem("Topic_A-1|%")).toBeUndefined();
    expect(topicNameProblem("with space")).toContain("illegal characters");
    expect(topicNameProblem("")).toContain("blank");
    expect(topicNameProblem("T".repeat(128))).toContain("longer than 127");
    expect(topicNameProblem(`%RETRY%${"g".repeat(200)}`)).toBeUndefined();
  });
});
