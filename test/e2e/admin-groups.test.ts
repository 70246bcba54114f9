// Issue 16: `mq admin`'s group, topic and message subcommands against the compiled ./mq:
// sendMessage, producer, updateTopicPerm, skipAccumulation, allocateMQ, getConsumerConfig and
// deleteSubGroup, each with mqadmin's flags and lines, --json, and exit 1 or 2 on failure.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Producer } from "../../src/client/index.ts";
import { silentLogger } from "../../src/common/index.ts";
import { admin, killAll, startCluster, type Cluster } from "./harness.ts";

const T = "GroupsTopic";
let cluster: Cluster;
let producer: Producer;

/** `mq admin ...`, which must exit 0; its output (trailing newline trimmed, as Proc reads lines). */
async function mqadmin(...args: string[]): Promise<string> {
  const r = await admin(cluster.namesrvAddr, args);
  expect({ args, code: r.code, out: r.code === 0 ? "" : r.out }).toEqual({ args, code: 0, out: "" });
  return r.out;
}

beforeAll(async () => {
  cluster = await startCluster();
  await mqadmin("updateTopic", "-c", "DefaultCluster", "-t", T, "-r", "4", "-w", "4");
  producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "GroupsPG", instanceName: "groups-producer", logger: silentLogger });
  await producer.start();
  await producer.send({ topic: T, body: new TextEncoder().encode("hello") });
}, 60_000);

afterAll(async () => {
  await producer?.shutdown();
  await killAll();
  await cluster?.stop();
});

describe("mq admin message and producer subcommands", () => {
  test("sendMessage sends to the queue asked and prints broker, queue, status and msgId", async () => {
    const out = await mqadmin("sendMessage", "-t", T, "-p", "body-1", "-k", "key-1", "-c", "TagA", "-b", "broker-a", "-i", "2");
    expect(out).toMatch(/^#Broker Name\s+#QID\s+#Send Result\s+#MsgId$/m);
    expect(out).toMatch(/^broker-a\s+2\s+SEND_OK\s+[0-9A-F]{32}$/m);
    const sent = JSON.parse(await mqadmin("sendMessage", "-t", T, "-p", "body-2", "--json"));
    expect(sent).toMatchObject({ sendStatus: "SEND_OK", messageQueue: { topic: T, brokerName: "broker-a" } });
  });

  test("consumeMessage pulls the topic's messages without a group, or one queue from an offset", async () => {
    const all = await mqadmin("consumeMessage", "-t", T);
    expect([...all.matchAll(/^MSGID: \S+ .* BODY: (\S+)$/gm)].map((m) => m[1]).sort()).toEqual(["body-1", "body-2", "hello"]);
    expect(all).toContain("Consume ok");
    const one = await mqadmin("consumeMessage", "-t", T, "-b", "broker-a", "-i", "2", "-o", "0");
    const lines = [...one.matchAll(/^MSGID: \S+ (.*) BODY: (\S+)$/gm)];
    expect(lines.map((m) => m[2])).toContain("body-1");
    expect(lines.every((m) => m[1]?.includes("queueId=2"))).toBe(true);
    expect(one).toMatch(new RegExp(`^MessageQueue \\[topic=${T}, brokerName=broker-a, queueId=2\\] print msg finished\\. status=NO_NEW_MSG, offset=\\d+$`, "m"));
  });

  test("printMsgByQueue prints one queue's messages with -p true, and counts them by tag with -f true", async () => {
    const out = await mqadmin("printMsgByQueue", "-t", T, "-a", "broker-a", "-i", "2", "-p", "true", "-d", "true", "-f", "true");
    const lines = [...out.matchAll(/^MSGID: \S+ (.*) BODY: (\S+)$/gm)];
    expect(lines.map((m) => m[2])).toContain("body-1");
    expect(lines.every((m) => m[1]?.includes("queueId=2"))).toBe(true);
    expect(out).toMatch(/^Tag: TagA\s+Count: 1$/m);
    expect(await mqadmin("printMsgByQueue", "-t", T, "-a", "broker-a", "-i", "2")).toBe("");
  });

  test("queryMsgTraceById prints the message's Pub and Sub traces found in the trace topic", async () => {
    await mqadmin("updateTopic", "-c", "DefaultCluster", "-t", "GroupsTrace", "-r", "1", "-w", "1");
    const traced = await producer.send({ topic: T, body: new TextEncoder().encode("traced") });
    const [c, f] = ["\u0001", "\u0002"];
    const pub = ["Pub", Date.now(), "DefaultRegion", "TracePG", T, traced.msgId, "TagT", "k", cluster.brokerAddr, 6, 3, 0, traced.offsetMsgId, "true"].join(c);
    const sub = ["SubAfter", "req-1", traced.msgId, 7, "false", "k", 0, Date.now(), "TraceCG"].join(c);
    await producer.send({ topic: "GroupsTrace", keys: `${traced.msgId} ${traced.offsetMsgId}`, body: new TextEncoder().encode(pub + f + sub + f) });
    const out = await mqadmin("queryMsgTraceById", "-i", traced.msgId, "-t", "GroupsTrace");
    expect(out).toMatch(/^#Type\s+#ProducerGroup\s+#ClientHost\s+#SendTime\s+#CostTimes\s+#Status\s*$/m);
    expect(out).toMatch(/^Pub\s+TracePG\s+127\.0\.0\.1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+3ms\s+success\s*$/m);
    expect(out).toMatch(/^Sub\s+TraceCG\s+127\.0\.0\.1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+7ms\s+failed\s*$/m);
  });

  test("sendMessage -i without -b is a usage error (exit 2)", async () => {
    const r = await admin(cluster.namesrvAddr, ["sendMessage", "-t", T, "-p", "x", "-i", "1"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("Broker name must be set if the queue is chosen!");
  });

  test("producer lists every group's producer instances of the broker", async () => {
    const out = await mqadmin("producer", "-b", cluster.brokerAddr);
    expect(out).toMatch(/^producer group \(GroupsPG\) instance : clientId=\S+@groups-producer,remoteIP=127\.0\.0\.1:\d+, language=JAVA, version=409, lastUpdateTimestamp=\d+$/m);
    const table = JSON.parse(await mqadmin("producer", "-b", cluster.brokerAddr, "--json"));
    expect(table.GroupsPG[0]).toMatchObject({ language: "JAVA", version: 409 });
  });
});

describe("mq admin topic subcommands", () => {
  test("updateTopicPerm changes the topic's perm on the broker and says from what", async () => {
    const out = await mqadmin("updateTopicPerm", "-t", T, "-p", "4", "-c", "DefaultCluster");
    expect(out).toMatch(new RegExp(`^update topic perm from 6 to 4 in ${cluster.brokerAddr.replaceAll(".", "\\.")} success\\.$`, "m"));
    const route = JSON.parse(await mqadmin("topicRoute", "-t", T));
    expect(route.queueDatas[0]).toMatchObject({ perm: 4, readQueueNums: 4, writeQueueNums: 4 });
    await mqadmin("updateTopicPerm", "-t", T, "-p", "6", "-b", cluster.brokerAddr);
  });

  test("updateTopicPerm with a perm other than 2, 4 or 6 is a usage error", async () => {
    const r = await admin(cluster.namesrvAddr, ["updateTopicPerm", "-t", T, "-p", "7", "-c", "DefaultCluster"]);
    expect(r.code).toBe(2);
  });

  test("updateOrderConf puts, gets and deletes the topic's order conf in the name server", async () => {
    expect(await mqadmin("updateOrderConf", "-t", T, "-m", "put", "-v", "broker-a:4")).toBe(`update orderConf success. topic=[${T}], orderConf=[broker-a:4]`);
    expect(await mqadmin("updateOrderConf", "-t", T, "-m", "get")).toBe(`get orderConf success. topic=[${T}], orderConf=[broker-a:4] `);
    expect(await mqadmin("updateOrderConf", "-t", T, "-m", "delete")).toBe(`delete orderConf success. topic=[${T}]`);
    const r = await admin(cluster.namesrvAddr, ["updateOrderConf", "-t", T, "-m", "get"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`No config item, Namespace: ORDER_TOPIC_CONFIG Key: ${T}`);
  });

  test("allocateMQ shares the topic's queues among the ips, averagely", async () => {
    const out = JSON.parse(await mqadmin("allocateMQ", "-t", T, "-i", "10.0.0.1,10.0.0.2"));
    expect(out.result["10.0.0.1"].map((q: { queueId: number }) => q.queueId)).toEqual([0, 1]);
    expect(out.result["10.0.0.2"].map((q: { queueId: number }) => q.queueId)).toEqual([2, 3]);
  });
});

describe("mq admin consumer group subcommands", () => {
  test("skipAccumulatedMessage moves the group to the end of every queue", async () => {
    await mqadmin("updateSubGroup", "-c", "DefaultCluster", "-g", "GroupsCG");
    const status = await mqadmin("topicStatus", "-t", T);
    const maxOffsets = [...status.matchAll(/^broker-a\s+(\d)\s+\d+\s+(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    const out = await mqadmin("skipAccumulatedMessage", "-g", "GroupsCG", "-t", T);
    const rows = [...out.matchAll(/^broker-a\s+(\d)\s+(\d+)\s*$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(rows.sort()).toEqual(maxOffsets.sort());
    expect(rows.reduce((n, [, offset]) => n + (offset ?? 0), 0)).toBeGreaterThan(0);
  });

  test("getConsumerConfig prints the group's config under its cluster and broker", async () => {
    const out = await mqadmin("getConsumerConfig", "-g", "GroupsCG");
    expect(out).toMatch(/^=+DefaultCluster:broker-a=+$/m);
    expect(out).toMatch(/^groupName\s+=  GroupsCG$/m);
    expect(out).toMatch(/^retryMaxTimes\s+=  16$/m);
  });

  test("deleteSubGroup -c deletes the group on each master of the cluster", async () => {
    const out = await mqadmin("deleteSubGroup", "-g", "GroupsCG", "-c", "DefaultCluster");
    expect(out).toBe(`delete subscription group [GroupsCG] from broker [${cluster.brokerAddr}] in cluster [DefaultCluster] success.`);
    const config = await admin(cluster.namesrvAddr, ["getConsumerConfig", "-g", "GroupsCG"]);
    expect(config.code).toBe(1);
    expect(config.out).toContain("subscription group GroupsCG is on no broker");
  });
});
