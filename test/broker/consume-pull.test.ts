import { afterEach, describe, expect, test } from "bun:test";
import { MessageProperty, RequestCode, ResponseCode, decodeRecords, propertyOf, queueOffset, type ExtFieldsInit } from "../../src/common/index.ts";
import type { RemotingCommand } from "../../src/remoting/index.ts";
import type { BrokerOptions } from "../../src/broker/context.ts";
import type { ConsumeTuning } from "../../src/broker/consume/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { heartbeatBody } from "./consume-harness.ts";
import { PULL_COMMIT, PULL_SUBSCRIPTION, PULL_SUSPEND, pullBroker, pullFieldsOf, putTagged } from "./consume-store.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Partial<BrokerOptions> = {}, tuning: ConsumeTuning = {}) {
  const broker = await pullBroker(cleanups, overrides, tuning);
  const pull = (fields: ExtFieldsInit = {}) => broker.pullWith(pullFields(fields));
  return { ...broker, pull };
}

const pullFields = (fields: ExtFieldsInit): ExtFieldsInit => pullFieldsOf({ subscription: "*", expressionType: "TAG", ...fields });

const tagsOf = (res: RemotingCommand | undefined): Array<string | undefined> =>
  decodeRecords(res?.body ?? new Uint8Array()).map((r) => propertyOf(r.properties, MessageProperty.TAGS));

const offsetsOf = (res: RemotingCommand | undefined) => ({
  nextBeginOffset: res?.extFields.nextBeginOffset,
  minOffset: res?.extFields.minOffset,
  maxOffset: res?.extFields.maxOffset,
});

describe("PULL_MESSAGE", () => {
  test("finds stored messages and reports the queue's offsets as strings", async () => {
    const { store, pull } = await setup();
    await putTagged(store, "T", 0, ["TagA", "TagB", undefined]);
    const res = await pull();
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(res?.remark).toBe("FOUND");
    expect(tagsOf(res)).toEqual(["TagA", "TagB", undefined]);
    expect(res?.extFields).toMatchObject({ nextBeginOffset: "3", minOffset: "0", maxOffset: "3", suggestWhichBrokerId: "0" });
    expect(decodeRecords(res?.body ?? new Uint8Array()).map((r) => r.queueOffset)).toEqual([0, 1, 2]);

    const tail = await pull({ queueOffset: 1, maxMsgNums: 1 });
    expect(tagsOf(tail)).toEqual(["TagB"]);
    expect(tail?.extFields.nextBeginOffset).toBe("2");
  });

  test("a pull's reply hands over the store's read buffer with room in front for the frame header", async () => {
    const { store, pull } = await setup();
    await putTagged(store, "T", 0, ["TagA", "TagB", "TagC"]);
    const res = await pull();
    const body = res?.body ?? new Uint8Array();
    expect(tagsOf(res)).toEqual(["TagA", "TagB", "TagC"]);
    // The body is the records where the store read them, not a copy; before them, a frame header fits.
    expect(res?.bodyHeadroom).toBe(body.byteOffset);
    expect(body.byteOffset).toBeGreaterThanOrEqual(512);
    expect(res?.bodyRelease).toBeDefined();
  });

  test("a tag subscription returns only matching tags and moves past the others", async () => {
    const { store, pull } = await setup();
    await putTagged(store, "T", 0, ["TagA", "TagB", "TagA", undefined, "TagC"]);
    const res = await pull({ subscription: "TagA || TagC" });
    expect(tagsOf(res)).toEqual(["TagA", "TagA", "TagC"]);
    expect(res?.extFields.nextBeginOffset).toBe("5");

    const none = await pull({ subscription: "TagZ" });
    expect(none?.code).toBe(ResponseCode.PULL_RETRY_IMMEDIATELY);
    expect(none?.remark).toBe("NO_MATCHED_MESSAGE");
    expect(none?.extFields.nextBeginOffset).toBe("5");
  });

  test("tags whose hash codes collide are told apart by the exact tag", async () => {
    const { store, pull } = await setup();
    await putTagged(store, "T", 0, ["Aa", "BB", "Aa"]); // "Aa".hashCode() === "BB".hashCode()
    const res = await pull({ subscription: "BB" });
    expect(tagsOf(res)).toEqual(["BB"]);
    expect(res?.extFields.nextBeginOffset).toBe("3");
  });

  test("without the subscription flag the heartbeat's subscription filters", async () => {
    const { store, server, conn, pull } = await setup();
    await putTagged(store, "T", 0, ["TagA", "TagB"]);
    expect((await pull({ sysFlag: 0 }))?.code).toBe(ResponseCode.SUBSCRIPTION_NOT_EXIST);
    await server.call(RequestCode.HEART_BEAT, {}, conn, heartbeatBody("c@1", [{ group: "G", topics: { T: "TagB" }, subVersion: 10 }]));
    const res = await pull({ sysFlag: 0, subscription: "", subVersion: 10 });
    expect(tagsOf(res)).toEqual(["TagB"]);
    expect((await pull({ sysFlag: 0, subVersion: 11 }))?.code).toBe(ResponseCode.SUBSCRIPTION_NOT_LATEST);
    expect((await pull({ sysFlag: 0, topic: "U" }))?.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  test("caps a batch at maxTransferCount and maxTransferBytes, continuing where it stopped", async () => {
    const byCount = await setup({ maxTransferCountOnMessageInMemory: 2 });
    await putTagged(byCount.store, "T", 0, ["TagA", "TagA", "TagA"]);
    const counted = await byCount.pull({ maxMsgNums: 32 });
    expect(tagsOf(counted).length).toBe(2);
    expect(counted?.extFields.nextBeginOffset).toBe("2");

    const byBytes = await setup({ maxTransferBytesOnMessageInMemory: 150 });
    await putTagged(byBytes.store, "T", 0, ["TagA", "TagA", "TagA"]);
    const first = await byBytes.pull();
    expect(first?.body?.length).toBeLessThanOrEqual(150); // one record is about 115 bytes
    expect(tagsOf(first).length).toBe(1);
    expect(first?.extFields.nextBeginOffset).toBe("1");
    const second = await byBytes.pull({ queueOffset: 1 });
    expect(decodeRecords(second?.body ?? new Uint8Array()).map((r) => r.queueOffset)).toEqual([1]);
  });

  test("offsets out of range answer PULL_OFFSET_MOVED with the offset to move to", async () => {
    const { store, pull } = await setup();
    expect(await pull({ queueOffset: 0 })).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND, remark: "NO_MESSAGE_IN_QUEUE" });
    const empty = await pull({ queueOffset: 5 });
    expect(empty?.code).toBe(ResponseCode.PULL_OFFSET_MOVED);
    expect(empty?.extFields.nextBeginOffset).toBe("0");
    await putTagged(store, "T", 0, ["TagA", "TagA"]);
    const beyond = await pull({ queueOffset: 9 });
    expect(beyond).toMatchObject({ code: ResponseCode.PULL_OFFSET_MOVED, remark: "OFFSET_OVERFLOW_BADLY" });
    expect(offsetsOf(beyond)).toEqual({ nextBeginOffset: "2", minOffset: "0", maxOffset: "2" });
    expect(await pull({ queueOffset: 2 })).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND, remark: "OFFSET_OVERFLOW_ONE" });
  });

  test("a slave answers PULL_RETRY_IMMEDIATELY instead of moving the offset", async () => {
    const { store, pull } = await setup({ brokerRole: "SLAVE" });
    await putTagged(store, "T", 0, ["TagA"]);
    const res = await pull({ queueOffset: 9 });
    expect(res?.code).toBe(ResponseCode.PULL_RETRY_IMMEDIATELY);
    expect(res?.extFields.nextBeginOffset).toBe("9");
  });

  test("refuses unknown topics, bad queues, unreadable topics and disabled or unknown groups", async () => {
    const { ctx, pull } = await setup();
    expect((await pull({ topic: "Nope" }))?.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect((await pull({ queueId: 4 }))?.code).toBe(ResponseCode.SYSTEM_ERROR);
    ctx.topics.put({ ...newTopicConfig("W", 4), perm: 2 });
    expect((await pull({ topic: "W" }))?.code).toBe(ResponseCode.NO_PERMISSION);
    const group = ctx.groups.findOrCreate("Off");
    if (group) ctx.groups.put({ ...group, consumeEnable: false });
    expect((await pull({ consumerGroup: "Off" }))?.code).toBe(ResponseCode.NO_PERMISSION);
    expect((await pull({ queueOffset: undefined }))?.code).toBe(ResponseCode.SYSTEM_ERROR);

    const closed = await setup({ autoCreateSubscriptionGroup: false });
    expect((await closed.pull({ consumerGroup: "Unknown" }))?.code).toBe(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
  });

  // SQL92 with enablePropertyFilter on is covered in test/broker/filter-pull.test.ts.
  test("refuses SQL92 subscriptions clearly while enablePropertyFilter is off", async () => {
    const off = await setup();
    const refused = await off.pull({ expressionType: "SQL92", subscription: "a > 1" });
    expect(refused).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: "The broker does not support consumer to filter message by SQL92" });
  });

  test("the commit-offset flag stores the consumer's offset, ignoring negative ones", async () => {
    const { store, pull } = await setup();
    await putTagged(store, "T", 1, ["TagA", "TagA"]);
    await pull({ queueId: 1, sysFlag: PULL_SUBSCRIPTION | PULL_COMMIT, commitOffset: 1 });
    expect(store.meta.consumerOffsets.query("G", "T", 1)).toBe(queueOffset(1));
    await pull({ queueId: 1, sysFlag: PULL_SUBSCRIPTION | PULL_COMMIT, commitOffset: -1 });
    expect(store.meta.consumerOffsets.query("G", "T", 1)).toBe(queueOffset(1));
    await pull({ queueId: 1, sysFlag: PULL_SUBSCRIPTION, commitOffset: 2 });
    expect(store.meta.consumerOffsets.query("G", "T", 1)).toBe(queueOffset(1));
  });
});

describe("long polling", () => {
  const HOLD = PULL_SUBSCRIPTION | PULL_SUSPEND;

  test("a held pull is answered as soon as a matching message is stored", async () => {
    const { store, pull, consume } = await setup();
    await putTagged(store, "T", 0, ["TagA"]);
    const started = performance.now();
    const held = pull({ queueOffset: 1, sysFlag: HOLD, suspendTimeoutMillis: 10_000, subscription: "TagB" });
    expect(consume.heldPulls()).toBe(1);
    await putTagged(store, "T", 0, ["TagA"]);
    await Bun.sleep(20); // a non-matching arrival must not answer it
    expect(consume.heldPulls()).toBe(1);
    await putTagged(store, "T", 0, ["TagB"]);
    const res = await held;
    const elapsedMs = performance.now() - started;
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(tagsOf(res)).toEqual(["TagB"]);
    expect(res?.extFields.nextBeginOffset).toBe("3");
    expect(elapsedMs).toBeLessThan(2000);
  });

  test("a held pull with nothing new is answered PULL_NOT_FOUND at its deadline", async () => {
    const { pull } = await setup();
    const started = performance.now();
    const res = await pull({ sysFlag: HOLD, suspendTimeoutMillis: 200 });
    const elapsedMs = performance.now() - started;
    expect(res?.code).toBe(ResponseCode.PULL_NOT_FOUND);
    expect(res?.extFields.nextBeginOffset).toBe("0");
    expect(elapsedMs).toBeGreaterThanOrEqual(190);
    expect(elapsedMs).toBeLessThan(2000);
  });

  test("with long polling off, a pull is held for shortPollingTimeMills and not woken early", async () => {
    const { store, pull } = await setup({ longPollingEnable: false, shortPollingTimeMills: 200 });
    const started = performance.now();
    const held = pull({ sysFlag: HOLD, suspendTimeoutMillis: 15_000 });
    await putTagged(store, "T", 0, ["TagA"]);
    const res = await held;
    const elapsedMs = performance.now() - started;
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(elapsedMs).toBeGreaterThanOrEqual(190);
    expect(elapsedMs).toBeLessThan(2000);
  });

  test("a closed connection's held pull is dropped, and stop answers the rest", async () => {
    const { server, consume, pull } = await setup();
    const other = server.connect();
    const dropped = server.call(RequestCode.PULL_MESSAGE, pullFields({ sysFlag: HOLD, suspendTimeoutMillis: 10_000 }), other);
    const answered = pull({ sysFlag: HOLD, suspendTimeoutMillis: 10_000 });
    expect(consume.heldPulls()).toBe(2);
    other.close();
    expect(await dropped).toBeUndefined();
    expect(consume.heldPulls()).toBe(1);
    consume.close();
    expect((await answered)?.code).toBe(ResponseCode.PULL_NOT_FOUND);
  });

  test("past the held-pull bound a pull is refused with SYSTEM_BUSY", async () => {
    const { consume, pull } = await setup({}, { maxHeldPulls: 1 });
    const first = pull({ sysFlag: HOLD, suspendTimeoutMillis: 10_000 });
    expect((await pull({ sysFlag: HOLD, suspendTimeoutMillis: 10_000 }))?.code).toBe(ResponseCode.SYSTEM_BUSY);
    consume.close();
    expect((await first)?.code).toBe(ResponseCode.PULL_NOT_FOUND);
  });
});
