import { afterEach, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { registerConsumeHandlers } from "../../src/broker/consume/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { FakeServer, testContext } from "./consume-harness.ts";
import { openTestStore, putTagged } from "./consume-store.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const { store, close } = await openTestStore();
  cleanups.push(close);
  const ctx = testContext(store);
  ctx.topics.put(newTopicConfig("T", 4));
  const server = new FakeServer();
  const consume = registerConsumeHandlers(server, ctx);
  cleanups.push(() => consume.close());
  const conn = server.connect();
  const call = (code: number, fields: Record<string, string | number>) => server.call(code, fields, conn);
  return { store, call };
}

describe("consumer offsets", () => {
  test("a committed offset is returned; negative commits are ignored", async () => {
    const { call } = await setup();
    const queue = { consumerGroup: "G", topic: "T", queueId: 1 };
    expect((await call(RequestCode.UPDATE_CONSUMER_OFFSET, { ...queue, commitOffset: 7 }))?.code).toBe(ResponseCode.SUCCESS);
    await call(RequestCode.UPDATE_CONSUMER_OFFSET, { ...queue, commitOffset: -1 });
    expect(await call(RequestCode.QUERY_CONSUMER_OFFSET, queue)).toMatchObject({ code: ResponseCode.SUCCESS, extFields: { offset: "7" } });
  });

  test("a new group gets 0 while the queue starts at 0 and is in memory, unless setZeroIfNotFound is false", async () => {
    const { store, call } = await setup();
    const queue = { consumerGroup: "New", topic: "T", queueId: 0 };
    expect((await call(RequestCode.QUERY_CONSUMER_OFFSET, queue))?.extFields.offset).toBe("0");
    await putTagged(store, "T", 0, ["TagA", "TagA"]);
    expect(await call(RequestCode.QUERY_CONSUMER_OFFSET, queue)).toMatchObject({ code: ResponseCode.SUCCESS, extFields: { offset: "0" } });
    const refused = await call(RequestCode.QUERY_CONSUMER_OFFSET, { ...queue, setZeroIfNotFound: "false" });
    expect(refused?.code).toBe(ResponseCode.QUERY_NOT_FOUND);
    expect(refused?.remark).toContain("maybe this group consumer boot first");
  });

  test("queue bounds, store times and search by timestamp", async () => {
    const { store, call } = await setup();
    const queue = { topic: "T", queueId: 3 };
    expect((await call(RequestCode.GET_MAX_OFFSET, queue))?.extFields.offset).toBe("0");
    expect((await call(RequestCode.GET_EARLIEST_MSG_STORETIME, queue))?.extFields.timestamp).toBe("-1");
    const before = Date.now();
    await putTagged(store, "T", 3, ["TagA", "TagB", "TagC"]);
    expect((await call(RequestCode.GET_MAX_OFFSET, queue))?.extFields.offset).toBe("3");
    expect((await call(RequestCode.GET_MIN_OFFSET, queue))?.extFields.offset).toBe("0");
    const earliest = Number((await call(RequestCode.GET_EARLIEST_MSG_STORETIME, queue))?.extFields.timestamp);
    expect(earliest).toBeGreaterThanOrEqual(before);
    expect(earliest).toBeLessThanOrEqual(Date.now());
    const search = await call(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { ...queue, timestamp: before - 60_000 });
    expect(search?.extFields.offset).toBe("0");
    expect((await call(RequestCode.GET_MAX_OFFSET, { topic: "T" }))?.code).toBe(ResponseCode.SYSTEM_ERROR);
  });

  test("GET_ALL_CONSUMER_OFFSET lists every group's offsets with fastjson integer keys", async () => {
    const { call } = await setup();
    await call(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: "G", topic: "T", queueId: 0, commitOffset: 5 });
    await call(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: "G", topic: "T", queueId: 1, commitOffset: 6 });
    const res = await call(RequestCode.GET_ALL_CONSUMER_OFFSET, {});
    expect(new TextDecoder().decode(res?.body)).toBe('{"offsetTable":{"T@G":{0:5,1:6}}}');
  });
});
