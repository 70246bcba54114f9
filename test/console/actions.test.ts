// The console's changes through app.request() against an in-process NameServer and Broker: a
// test message, a group created and deleted, offsets reset, a dead letter re-sent to its group,
// a message's trace; every change refused when it comes from another web site; /ready.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { encodeTraceRecord } from "../../src/admin/index.ts";
import { Producer, PushConsumer, type ConsumeResult } from "../../src/client/index.ts";
import { fast, Received } from "../client/fixture.ts";
import { startConsoleCluster, type ConsoleCluster } from "./cluster.ts";

let cluster: ConsoleCluster;
beforeAll(async () => {
  cluster = await startConsoleCluster();
});
afterAll(() => cluster.stop());

const json = async (res: Response) => ({ status: res.status, json: (await res.json()) as Record<string, unknown> });
const get = async (path: string) => json(await cluster.app.request(path));
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
  json(await cluster.app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }));

async function withProducer<T>(run: (p: Producer) => Promise<T>): Promise<T> {
  const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "actions-pg", ...fast });
  await producer.start();
  try {
    return await run(producer);
  } finally {
    await producer.shutdown();
  }
}

describe("console changes", () => {
  test("the page script and stylesheet reach the browser as written, not HTML-escaped", async () => {
    const text = await (await cluster.app.request("/")).text();
    expect(text).toContain('document.addEventListener("submit", (ev) => {');
    expect(text).toContain('"Segoe UI"');
    expect(text).not.toContain("=&gt;");
  });

  test("a change from another web site is refused with 403; the console's own origin and a JSON client pass", async () => {
    const body = { topic: "GuardTopic" };
    const foreign = await post("/api/topics", body, { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(String(foreign.json.error)).toContain("not from http://evil.example");
    expect((await post("/api/topics", body, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    const form = await cluster.app.request("/api/topics", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "topic=GuardTopic" });
    expect(form.status).toBe(403);
    const del = await cluster.app.request("/api/topics/GuardTopic", { method: "DELETE", headers: { origin: "http://evil.example" } });
    expect(del.status).toBe(403);
    expect((await post("/api/topics", body, { origin: "http://localhost", "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await post("/api/topics", body)).status).toBe(200);
    const rebound = await cluster.app.request("http://attacker.example:8080/api/cluster");
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as { error: string }).error).toContain("answers only to localhost or 127.0.0.1");
  });

  test("the topic form's perm, which a page's <select> sends as text, is taken as a number; 5 is refused", async () => {
    expect((await post("/api/topics", { topic: "PermTopic", perm: "4" })).status).toBe(200);
    expect(cluster.broker.context.topics.get("PermTopic")?.perm).toBe(4);
    const bad = await post("/api/topics", { topic: "PermTopic", perm: 5 });
    expect([bad.status, bad.json.error]).toEqual([400, "perm: 2 (write), 4 (read) or 6 (read and write)"]);
  });

  test("a test message sent from the topic API is stored and found by its key", async () => {
    const sent = await post("/api/topics/SendTest/send", { body: "from the console", tags: "T1", keys: "console-key" });
    expect(sent.status).toBe(200);
    expect(sent.json.sendStatus).toBe("SEND_OK");
    const found = (await get("/api/messages?topic=SendTest&key=console-key")).json as unknown as Array<{ msgId: string; body: string; tags: string }>;
    expect(found.map((m) => [m.msgId, m.body, m.tags])).toEqual([[sent.json.msgId as string, "from the console", "T1"]]);
  });

  test("messages of a topic stored within a time range are listed newest first; a range before them finds none", async () => {
    const before = Date.now() - 1;
    const ids = await withProducer(async (p) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push((await p.send({ topic: "TimeTopic", body: `t${i}` })).msgId);
      return out;
    });
    const found = (await get(`/api/messages?topic=TimeTopic&begin=${before}&end=${Date.now() + 1000}`)).json as unknown as Array<{ msgId: string; storeTimestamp: number }>;
    expect(new Set(found.map((m) => m.msgId))).toEqual(new Set(ids));
    expect(found.map((m) => m.storeTimestamp)).toEqual(found.map((m) => m.storeTimestamp).sort((a, b) => b - a));
    expect((await get(`/api/messages?topic=TimeTopic&end=${before - 60_000}`)).json).toEqual([] as unknown as Record<string, unknown>);
    const bad = await get("/api/messages?topic=TimeTopic&begin=yesterday");
    expect([bad.status, bad.json.error]).toEqual([400, "begin: yesterday is neither epoch ms nor a date-time like 2026-12-01T21:00"]);
    expect(await (await cluster.app.request(`/messages?topic=TimeTopic&begin=${before}`)).text()).toContain(ids[0]!);
  });

  test("a group created from the console is listed before any consumer ran, and deleted again", async () => {
    const created = await post("/api/consumers", { group: "created-in-console", retryMaxTimes: 3 });
    expect(created.json).toEqual({ group: "created-in-console", cluster: "DefaultCluster", brokers: [cluster.broker.brokerAddr] });
    expect(cluster.broker.context.groups.get("created-in-console")?.retryMaxTimes).toBe(3);
    const listed = async () => ((await get("/api/consumers")).json as unknown as Array<{ group: string }>).map((g) => g.group);
    expect(await listed()).toContain("created-in-console");
    expect(await listed()).not.toContain("TOOLS_CONSUMER");
    expect((await cluster.app.request("/consumers")).status).toBe(200);
    const deleted = await cluster.app.request("/api/consumers/created-in-console", { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await listed()).not.toContain("created-in-console");
  });

  test("resetting a group's offsets to the end leaves no lag, and to time 0 brings every message back", async () => {
    await withProducer(async (p) => {
      for (let i = 0; i < 4; i++) await p.send({ topic: "ResetTopic", body: `r${i}` });
    });
    await post("/api/consumers", { group: "reset-group" });
    const lagOf = async () => {
      const queues = cluster.broker.context.store.meta.consumerOffsets.all().filter((e) => e.group === "reset-group" && e.topic === "ResetTopic");
      return queues.reduce((sum, e) => sum + cluster.broker.context.store.maxOffset("ResetTopic", e.queueId) - e.offset, 0);
    };
    const toEnd = await post("/api/consumers/reset-group/reset-offset", { topic: "ResetTopic", timestampMs: -1 });
    expect(toEnd.status).toBe(200);
    expect(await lagOf()).toBe(0);
    await post("/api/consumers/reset-group/reset-offset", { topic: "ResetTopic", timestampMs: 0 });
    expect(await lagOf()).toBe(4);
    const bad = await post("/api/consumers/reset-group/reset-offset", { topic: "ResetTopic" });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toStartWith("timestampMs");
  });

  test("a dead letter re-sent to its group is consumed again under its original topic", async () => {
    let verdict: ConsumeResult = "RECONSUME_LATER";
    const received = new Received();
    const consumer = new PushConsumer({
      namesrvAddr: cluster.namesrvAddr, consumerGroup: "dlq-group", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", maxReconsumeTimes: 0, ...fast,
    });
    consumer.subscribe("DlqTopic");
    consumer.registerMessageListener((msgs) => (received.add(msgs), verdict));
    try {
      await consumer.start();
      const sent = await withProducer((p) => p.send({ topic: "DlqTopic", body: "dead on arrival", keys: "dlq-key" }));
      let dead: Array<{ offsetMsgId: string; keys: string[] }> = [];
      for (let i = 0; i < 100 && dead.length === 0; i++) {
        dead = (await get("/api/messages/dlq/dlq-group")).json as unknown as typeof dead;
        if (dead.length === 0) await Bun.sleep(100); // the send-back to the DLQ happens in the consumer: no event here to await
      }
      expect(dead.map((m) => m.keys)).toEqual([["dlq-key"]]);
      verdict = "CONSUME_SUCCESS";
      const before = received.messages.length;
      const resent = await post(`/api/messages/${dead[0]!.offsetMsgId}/resend`, { group: "dlq-group" });
      expect(resent.json).toMatchObject({ from: sent.msgId, group: "dlq-group", target: "retry", topic: "%RETRY%dlq-group" });
      await received.until(() => received.messages.length > before, "the re-sent dead letter");
      const again = received.messages[received.messages.length - 1]!;
      expect([again.topic, new TextDecoder().decode(again.body), again.properties.ORIGIN_MESSAGE_ID]).toEqual(["DlqTopic", "dead on arrival", sent.msgId]);
      expect((await cluster.app.request("/dlq?group=dlq-group")).status).toBe(200);
    } finally {
      await consumer.shutdown();
    }
  });

  test("the trace page shows the send and the consume a tracing client recorded for a message id", async () => {
    const msgId = "7F0000010001000000000000000000AB";
    const pub = encodeTraceRecord(["Pub", 1764600000000, "DefaultRegion", "trace-pg", "TracedTopic", msgId, "TagA", "k1", "127.0.0.1:10911", 5, 3, 0, "0A00", true]);
    const sub = encodeTraceRecord(["SubBefore", 1764600000100, "DefaultRegion", "trace-cg", "req-1", msgId, 0, "k1"]) +
      encodeTraceRecord(["SubAfter", "req-1", msgId, 12, true, "k1", 0, 1764600000112, "trace-cg"]);
    await withProducer(async (p) => {
      await p.send({ topic: "RMQ_SYS_TRACE_TOPIC", body: pub, keys: [msgId, "k1"] });
      await p.send({ topic: "RMQ_SYS_TRACE_TOPIC", body: sub, keys: [msgId, "k1"] });
    });
    const trace = (await get(`/api/trace/${msgId}`)).json as { records: Array<{ type: string; group: string; success?: boolean; costTimeMs: number }> };
    expect(trace.records.map((r) => [r.type, r.group, r.success, r.costTimeMs])).toEqual([
      ["Pub", "trace-pg", true, 3], ["SubBefore", "trace-cg", undefined, 0], ["SubAfter", "trace-cg", true, 12],
    ]);
    const page = await (await cluster.app.request(`/trace?msgId=${msgId}`)).text();
    expect(page).toContain("SubAfter");
    expect(page).toContain("trace-pg");
  });

  test("/ready says ready once the broker beside it has registered; /health is alive", async () => {
    expect(await get("/health")).toEqual({ status: 200, json: { status: "alive" } });
    expect(await get("/ready")).toEqual({ status: 200, json: { status: "ready" } });
  });
});
