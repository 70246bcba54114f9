// The consume and client handlers behind a real RemotingServer, driven by RemotingClients over TCP.
import { afterEach, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode, decodeRecords, silentLogger, type ExtFieldsInit } from "../../src/common/index.ts";
import { RemotingClient, RemotingServer, request, type RemotingCommand } from "../../src/remoting/index.ts";
import { registerClientHandlers } from "../../src/broker/clients/index.ts";
import { registerConsumeHandlers } from "../../src/broker/consume/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { heartbeatBody, testContext } from "./consume-harness.ts";
import { openTestStore, putTagged } from "./consume-store.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBroker() {
  const { store, close } = await openTestStore();
  cleanups.push(close);
  const ctx = testContext(store);
  ctx.topics.put(newTopicConfig("T", 4));
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger });
  const consume = registerConsumeHandlers(server, ctx);
  const clients = registerClientHandlers(server, ctx, ctx.clients);
  const port = await server.start();
  cleanups.push(async () => {
    consume.close();
    clients.close();
    await server.stop();
  });
  return { store, ctx, addr: `127.0.0.1:${port}` };
}

function client(onRequest?: (req: RemotingCommand) => void): RemotingClient {
  const c = new RemotingClient({
    log: silentLogger,
    onRequest: (req) => {
      onRequest?.(req);
      return undefined;
    },
  });
  cleanups.push(() => c.close());
  return c;
}

/** Resolves once check() holds; polls on timers, bounded by limitMs. */
async function until(check: () => boolean, limitMs = 3000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await Bun.sleep(5);
  }
}

const pullRequest = (fields: ExtFieldsInit) =>
  request(RequestCode.PULL_MESSAGE, {
    consumerGroup: "G",
    topic: "T",
    queueId: 0,
    queueOffset: 0,
    maxMsgNums: 32,
    sysFlag: 6,
    commitOffset: 0,
    suspendTimeoutMillis: 15_000,
    subscription: "*",
    subVersion: 0,
    ...fields,
  });

describe("consume over TCP", () => {
  test("a long-polling pull is answered when a message arrives, well before its suspend timeout", async () => {
    const { store, addr } = await startBroker();
    const c = client();
    const started = performance.now();
    const held = c.invoke(addr, pullRequest({ suspendTimeoutMillis: 15_000 }), 30_000);
    await Bun.sleep(50);
    await putTagged(store, "T", 0, ["TagA"]);
    const res = await held;
    const elapsedMs = performance.now() - started;
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(decodeRecords(res.body ?? new Uint8Array()).length).toBe(1);
    expect(res.extFields.nextBeginOffset).toBe("1");
    expect(elapsedMs).toBeLessThan(1500);
  });

  test("offsets round-trip: oneway commit, query, max and min", async () => {
    const { store, addr } = await startBroker();
    await putTagged(store, "T", 2, ["TagA", "TagA", "TagA"]);
    const c = client();
    const queue = { consumerGroup: "G", topic: "T", queueId: 2 };
    await c.invokeOneway(addr, { ...request(RequestCode.UPDATE_CONSUMER_OFFSET, { ...queue, commitOffset: 2 }), flag: 2 });
    await until(() => store.meta.consumerOffsets.query("G", "T", 2) === 2);
    const query = await c.invoke(addr, request(RequestCode.QUERY_CONSUMER_OFFSET, queue), 3000);
    expect(query).toMatchObject({ code: ResponseCode.SUCCESS, extFields: { offset: "2" } });
    const max = await c.invoke(addr, request(RequestCode.GET_MAX_OFFSET, { topic: "T", queueId: 2 }), 3000);
    expect(max.extFields.offset).toBe("3");
    const min = await c.invoke(addr, request(RequestCode.GET_MIN_OFFSET, { topic: "T", queueId: 2 }), 3000);
    expect(min.extFields.offset).toBe("0");
  });

  test("heartbeats register consumers, a newcomer is announced to the member, a closed client leaves", async () => {
    const { ctx, addr } = await startBroker();
    const notified: string[] = [];
    const a = client((req) => {
      if (req.code === RequestCode.NOTIFY_CONSUMER_IDS_CHANGED) notified.push(req.extFields.consumerGroup ?? "");
    });
    const b = client();
    const beat = (c: RemotingClient, id: string) =>
      c.invoke(addr, request(RequestCode.HEART_BEAT, {}, heartbeatBody(id, [{ group: "G", topics: { T: "*" } }])), 3000);
    expect((await beat(a, "a@1")).code).toBe(ResponseCode.SUCCESS);
    notified.length = 0;
    expect((await beat(b, "b@2")).code).toBe(ResponseCode.SUCCESS);
    await until(() => notified.length > 0);
    expect(notified).toEqual(["G"]);
    expect(ctx.clients.consumerIds("G")).toEqual(["a@1", "b@2"]);

    b.close();
    await until(() => ctx.clients.consumerIds("G").length === 1);
    expect(ctx.clients.consumerIds("G")).toEqual(["a@1"]);
    await until(() => notified.length > 1);
  });
});
