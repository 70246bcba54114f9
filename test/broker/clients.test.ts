import { describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode, decodeConsumerConnection, decodeConsumerIdList } from "../../src/common/index.ts";
import type { MessageStore } from "../../src/store/index.ts";
import { registerClientHandlers } from "../../src/broker/clients/index.ts";
import { FakeServer, heartbeatBody, testContext } from "./consume-harness.ts";

/** The client path must not touch the store; any use fails the test. */
const noStore = new Proxy({}, {
  get: (_, name) => {
    throw new Error(`store.${String(name)} used by the client path`);
  },
}) as MessageStore;

function setup(overrides = {}, now?: () => number) {
  const server = new FakeServer();
  const ctx = testContext(noStore, overrides, now);
  const handlers = registerClientHandlers(server, ctx, ctx.clients, { expiryScanIntervalMs: 60_000 });
  return { server, ctx, close: handlers.close };
}

const notifications = (sent: { code: number; extFields: Record<string, string> }[]) =>
  sent.filter((c) => c.code === RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).map((c) => c.extFields.consumerGroup);

describe("client registry", () => {
  test("a heartbeat registers the consumer, its subscriptions and the group's retry topic", async () => {
    const { server, ctx, close } = setup();
    const conn = server.connect();
    const res = await server.call(RequestCode.HEART_BEAT, {}, conn, heartbeatBody("10.0.0.9@1", [{ group: "G", topics: { T: "TagA || TagB" } }], ["PG"]));
    expect(res).toMatchObject({ code: ResponseCode.SUCCESS, version: 409 });
    const info = ctx.clients.consumerGroup("G");
    expect(info?.messageModel).toBe("CLUSTERING");
    expect(info?.subscriptions.get("T")).toMatchObject({ tagsSet: ["TagA", "TagB"], codeSet: [2598919, 2598920], subVersion: 1 });
    expect(ctx.topics.get("%RETRY%G")).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect(ctx.groups.get("G")).toBeDefined();
    expect([...(ctx.clients.producerGroups().get("PG")?.keys() ?? [])]).toEqual(["10.0.0.9@1"]);

    const list = await server.call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: "G" }, conn);
    expect(decodeConsumerIdList(list?.body)).toEqual(["10.0.0.9@1"]);
    close();
  });

  test("tolerates Go's string code sets, ali-ons' missing expressionType and null sets", async () => {
    const { server, ctx, close } = setup();
    const body = new TextEncoder().encode(
      JSON.stringify({
        clientID: "127.0.0.1@77",
        consumerDataSet: [
          {
            groupName: "G",
            consumeType: "CONSUME_PASSIVELY",
            messageModel: "CLUSTERING",
            consumeFromWhere: "CONSUME_FROM_LAST_OFFSET",
            subscriptionDataSet: [
              { topic: "T", subString: "TagA", tagsSet: ["TagA"], codeSet: ["2598919"], subVersion: 5 },
              { topic: "%RETRY%G", subString: "*", tagsSet: null, codeSet: null, subVersion: 5, expressionType: "TAG" },
            ],
          },
        ],
        producerDataSet: null,
      }),
    );
    expect((await server.call(RequestCode.HEART_BEAT, {}, server.connect(), body))?.code).toBe(ResponseCode.SUCCESS);
    expect(ctx.clients.consumerGroup("G")?.subscriptions.get("T")?.codeSet).toEqual([2598919]);
    expect(ctx.clients.consumerGroup("G")?.subscriptions.get("%RETRY%G")?.subString).toBe("*");
    close();
  });

  test("answers a malformed heartbeat body with SYSTEM_ERROR", async () => {
    const { server, close } = setup();
    const res = await server.call(RequestCode.HEART_BEAT, {}, server.connect(), new TextEncoder().encode("{clientID"));
    expect(res?.code).toBe(ResponseCode.SYSTEM_ERROR);
    close();
  });

  test("a second member joining notifies every member of the group, a repeated heartbeat does not", async () => {
    const { server, close } = setup();
    const a = server.connect();
    const b = server.connect();
    await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group: "G", topics: { T: "*" } }]));
    a.sent.length = 0;
    await server.call(RequestCode.HEART_BEAT, {}, b, heartbeatBody("b@2", [{ group: "G", topics: { T: "*" } }]));
    expect(notifications(a.sent)).toEqual(["G"]);
    expect(notifications(b.sent)).toEqual(["G"]);

    await server.call(RequestCode.HEART_BEAT, {}, b, heartbeatBody("b@2", [{ group: "G", topics: { T: "*" } }]));
    expect(notifications(a.sent)).toEqual(["G"]);
    close();
  });

  test("no notification when the broker or the group turns it off, or for a broadcasting group", async () => {
    for (const [overrides, group, model] of [
      [{ notifyConsumerIdsChangedEnable: false }, "G", "CLUSTERING"],
      [{}, "Quiet", "CLUSTERING"],
      [{}, "B", "BROADCASTING"],
    ] as const) {
      const { server, ctx, close } = setup(overrides);
      const quiet = ctx.groups.findOrCreate("Quiet");
      if (quiet) ctx.groups.put({ ...quiet, notifyConsumerIdsChangedEnable: false });
      const a = server.connect();
      await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group, topics: { T: "*" }, messageModel: model }]));
      await server.call(RequestCode.HEART_BEAT, {}, server.connect(), heartbeatBody("b@2", [{ group, topics: { T: "*" }, messageModel: model }]));
      expect(notifications(a.sent)).toEqual([]);
      close();
    }
  });

  test("closing a connection drops its client and notifies the members left", async () => {
    const { server, ctx, close } = setup();
    const a = server.connect();
    const b = server.connect();
    await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group: "G", topics: { T: "*" } }], ["PG"]));
    await server.call(RequestCode.HEART_BEAT, {}, b, heartbeatBody("b@2", [{ group: "G", topics: { T: "*" } }]));
    b.sent.length = 0;
    a.close();
    expect(ctx.clients.consumerIds("G")).toEqual(["b@2"]);
    expect(ctx.clients.producerGroups().has("PG")).toBe(false);
    expect(notifications(b.sent)).toEqual(["G"]);

    b.close();
    expect(ctx.clients.consumerGroup("G")).toBeUndefined();
    const list = await server.call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: "G" }, server.connect());
    expect(list).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: "no consumer for this group, G" });
    close();
  });

  test("UNREGISTER_CLIENT removes the consumer and notifies the rest", async () => {
    const { server, ctx, close } = setup();
    const a = server.connect();
    const b = server.connect();
    await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group: "G", topics: { T: "*" } }]));
    await server.call(RequestCode.HEART_BEAT, {}, b, heartbeatBody("b@2", [{ group: "G", topics: { T: "*" } }]));
    a.sent.length = 0;
    const res = await server.call(RequestCode.UNREGISTER_CLIENT, { clientID: "b@2", consumerGroup: "G" }, b);
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(ctx.clients.consumerIds("G")).toEqual(["a@1"]);
    expect(notifications(a.sent)).toEqual(["G"]);
    close();
  });

  test("a client silent for channelExpiredTimeout is dropped and its connection closed", async () => {
    let clock = 1_000_000;
    const { server, ctx, close } = setup({ channelExpiredTimeout: 120_000 }, () => clock);
    const a = server.connect();
    const b = server.connect();
    await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group: "G", topics: { T: "*" } }]));
    clock += 60_000;
    await server.call(RequestCode.HEART_BEAT, {}, b, heartbeatBody("b@2", [{ group: "G", topics: { T: "*" } }]));
    clock += 60_001;
    ctx.clients.scanExpired();
    expect(ctx.clients.consumerIds("G")).toEqual(["b@2"]);
    expect(a.closed).toBe(true);
    expect(b.closed).toBe(false);
    close();
  });

  test("GET_CONSUMER_CONNECTION_LIST describes the group's connections and subscriptions", async () => {
    const { server, close } = setup();
    const a = server.connect(50001);
    await server.call(RequestCode.HEART_BEAT, {}, a, heartbeatBody("a@1", [{ group: "G", topics: { T: "TagA" } }]));
    const res = await server.call(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: "G" }, a);
    const body = decodeConsumerConnection(res?.body);
    expect(body.connectionSet).toEqual([{ clientId: "a@1", clientAddr: "127.0.0.1:50001", language: "JAVA", version: 409 }]);
    expect(body.subscriptionTable.T).toMatchObject({ subString: "TagA", tagsSet: ["TagA"], codeSet: [2598919] });
    expect(body).toMatchObject({ consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING" });
    const unknown = await server.call(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: "X" }, a);
    expect(unknown?.code).toBe(ResponseCode.CONSUMER_NOT_ONLINE);
    close();
  });
});
