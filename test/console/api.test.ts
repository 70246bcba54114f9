// The console's JSON API and pages through app.request() (no HTTP socket) against an in-process
// NameServer and Broker: the cluster, a topic's life, a message found by key and by id, a
// group's lag falling to zero, and errors that say what to send.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Producer, PushConsumer } from "../../src/client/index.ts";
import { fast, Received } from "../client/fixture.ts";
import { replicationText } from "../../src/console/api/cluster.ts";
import { startConsoleCluster, type ConsoleCluster } from "./cluster.ts";

let cluster: ConsoleCluster;
beforeAll(async () => {
  cluster = await startConsoleCluster();
});
afterAll(() => cluster.stop());

const get = async (path: string) => {
  const res = await cluster.app.request(path);
  return { status: res.status, json: (await res.json()) as unknown };
};
const html = async (path: string) => {
  const res = await cluster.app.request(path);
  return { status: res.status, text: await res.text() };
};
const send = (path: string, method: string, body?: unknown) =>
  cluster.app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("console API and pages", () => {
  test("the cluster lists the broker as MASTER with its address, version and disk; the page shows the same row", async () => {
    const { status, json } = await get("/api/cluster");
    expect(status).toBe(200);
    expect(json).toEqual([expect.objectContaining({
      cluster: "DefaultCluster", brokerName: "broker-a", brokerId: 0, addr: cluster.broker.brokerAddr, role: "MASTER", version: "V4_9_8",
      replication: "no slave",
    })]);
    const page = await html("/cluster");
    expect(page.text).toContain(cluster.broker.brokerAddr);
    expect(page.text).toContain("MASTER");
  });

  test("replication reads as slaves in sync and the most bytes behind on a master, whom it follows on a slave", () => {
    const client = { masterAddr: "", transferredByteInSecond: 0, maxOffset: 0, lastReadTimestamp: 0, lastWriteTimestamp: 0, masterFlushOffset: 0 };
    const slave = (addr: string, diff: number, inSync: boolean) => ({ addr, slaveAckOffset: 0, diff, inSync, transferredByteInSecond: 0, transferFromWhere: 0 });
    expect(replicationText({ master: true, masterCommitLogMaxOffset: 900, inSyncSlaveNums: 1, haConnectionInfo: [slave("a:1", 0, true), slave("b:1", 700, false)], haClientRuntimeInfo: client }))
      .toBe("1/2 slaves in sync, 700 bytes behind at most");
    expect(replicationText({ master: false, masterCommitLogMaxOffset: 0, inSyncSlaveNums: 0, haConnectionInfo: [], haClientRuntimeInfo: { ...client, masterAddr: "m:10912" } }))
      .toBe("follows m:10912");
    expect(replicationText(undefined)).toBe("");
  });

  test("a topic is created, listed as NORMAL, routed to the broker, and deleted again", async () => {
    const created = await send("/api/topics", "POST", { topic: "ConsoleTopic", writeQueueNums: 2, readQueueNums: 2 });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ topic: "ConsoleTopic", cluster: "DefaultCluster", brokers: [cluster.broker.brokerAddr] });
    const topics = (await get("/api/topics")).json as Array<{ topic: string; kind: string }>;
    expect(topics).toContainEqual({ topic: "ConsoleTopic", kind: "NORMAL" });
    expect(topics).toContainEqual({ topic: "TBW102", kind: "SYSTEM" });
    expect((await html("/topics")).text).toContain("ConsoleTopic");
    const route = (await get("/api/topics/ConsoleTopic/route")).json as { queueDatas: Array<{ writeQueueNums: number }> };
    expect(route.queueDatas[0]?.writeQueueNums).toBe(2);
    expect(((await get("/api/topics/ConsoleTopic/status")).json as unknown[]).length).toBe(2);
    expect((await html("/topics/ConsoleTopic")).text).toContain("Delete topic");
    expect((await send("/api/topics/ConsoleTopic", "DELETE")).status).toBe(200);
    expect((await get("/api/topics")).json).not.toContainEqual({ topic: "ConsoleTopic", kind: "NORMAL" });
  });

  test("a bad topic body is a 400 naming the field; an unknown topic's route is a 502 with the name server's words", async () => {
    const res = await send("/api/topics", "POST", { topic: "bad topic!" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toStartWith("topic: letters, digits");
    const route = await get("/api/topics/NoSuchTopic/route");
    expect(route.status).toBe(502);
    expect((route.json as { error: string }).error).toContain("NoSuchTopic");
    expect((await html("/topics/NoSuchTopic")).status).toBe(502);
  });

  test("a message is found by key and by id, and its detail shows every property and the body", async () => {
    const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "console-pg", ...fast });
    await producer.start();
    const sent = await producer.send({ topic: "FindMe", body: "hello console", tags: "TagA", keys: "order-42" });
    await producer.shutdown();
    const byKey = (await get("/api/messages?topic=FindMe&key=order-42")).json as Array<{ msgId: string; body: string }>;
    expect(byKey.map((m) => [m.msgId, m.body])).toEqual([[sent.msgId, "hello console"]]);
    const byOffsetId = (await get(`/api/messages/${sent.offsetMsgId}`)).json as Array<{ properties: Record<string, string> }>;
    expect(byOffsetId[0]?.properties).toMatchObject({ KEYS: "order-42", TAGS: "TagA", UNIQ_KEY: sent.msgId });
    const byMsgId = (await get(`/api/messages/${sent.msgId}?topic=FindMe`)).json as Array<{ offsetMsgId: string }>;
    expect(byMsgId.map((m) => m.offsetMsgId)).toEqual([sent.offsetMsgId]);
    const detail = await html(`/messages/${sent.offsetMsgId}`);
    expect(detail.text).toContain("order-42");
    expect(detail.text).toContain("hello console");
    expect((await html("/messages?topic=FindMe&key=order-42")).text).toContain(sent.msgId);
    const missing = await get("/api/messages?topic=FindMe");
    expect(missing.status).toBe(400);
    expect((missing.json as { error: string }).error).toBe("the query parameter key is required");
  });

  test("a group's lag per queue falls to zero once its consumer has consumed, and its client is listed", async () => {
    const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "console-pg2", ...fast });
    await producer.start();
    for (let i = 0; i < 3; i++) await producer.send({ topic: "LagTopic", body: `m${i}` });
    await producer.shutdown();
    const received = new Received();
    const consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: "console-cg", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
    consumer.subscribe("LagTopic");
    consumer.registerMessageListener((msgs) => (received.add(msgs), "CONSUME_SUCCESS"));
    try {
      await consumer.start();
      await received.until(() => received.messages.length >= 3, "three messages");
      type Detail = { progress: { diffTotal: number; queues: Array<{ topic: string }> }; clients: unknown[] };
      let detail: Detail | undefined;
      for (let i = 0; i < 100; i++) {
        detail = (await get("/api/consumers/console-cg")).json as Detail;
        if (detail.progress.diffTotal === 0 && detail.progress.queues.some((q) => q.topic === "LagTopic")) break;
        await Bun.sleep(100); // the consumer commits offsets on a timer (fast: 500 ms): no event to await
      }
      expect(detail?.progress.diffTotal).toBe(0);
      expect(detail?.clients.length).toBe(1);
      const groups = (await get("/api/consumers")).json as Array<{ group: string; count: number }>;
      expect(groups).toContainEqual(expect.objectContaining({ group: "console-cg", count: 1 }));
      expect((await html("/consumers/console-cg")).text).toContain("LagTopic");
    } finally {
      await consumer.shutdown();
    }
  });

  test("/metrics on the console is the broker's registry in the Prometheus text format", async () => {
    const res = await cluster.app.request("/metrics");
    expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    expect(await res.text()).toContain('rocketmq_messages_in_total{cluster="DefaultCluster",node_type="broker",node_id="broker-a",topic="FindMe",message_type="Normal"} 1');
  });

  test("every page renders in the layout with its navigation, and uPlot is served from the binary", async () => {
    for (const path of ["/", "/cluster", "/topics", "/consumers", "/messages", "/dlq", "/ops"]) {
      const page = await html(path);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.text).toContain('<a href="/cluster"');
    }
    const js = await cluster.app.request("/assets/uplot.js");
    expect((await js.text()).length).toBeGreaterThan(20_000);
    expect((await get("/api/dashboard")).json).toEqual({ samples: [] });
  });
});
