// Issue 16: `mq admin`'s connection, statistics and client subcommands against the compiled ./mq,
// with mq's own TypeScript producer and push consumer online: the broker tracks the producer,
// passes GET_CONSUMER_RUNNING_INFO, CONSUME_MESSAGE_DIRECTLY and the consumer-status request on
// to the consumer, which answers them; the tables are mqadmin's, --json parses.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Producer, PushConsumer, type MessageExt } from "../../src/client/index.ts";
import { silentLogger } from "../../src/common/index.ts";
import { admin, killAll, spawnMq, startCluster, tempDir, type Cluster } from "./harness.ts";

const T = "StatsTopic";
const PG = "StatsPG";
const CG = "StatsCG";
let cluster: Cluster;
let producer: Producer;
let consumer: PushConsumer;
const received: MessageExt[] = [];
let offsetMsgId = "";

/** `mq admin ...`, which must exit 0; its output (trailing newline trimmed, as Proc reads lines). */
async function mqadmin(...args: string[]): Promise<string> {
  const r = await admin(cluster.namesrvAddr, args);
  expect({ args, code: r.code, out: r.code === 0 ? "" : r.out }).toEqual({ args, code: 0, out: "" });
  return r.out;
}

const until = async (check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs} ms`);
    await Bun.sleep(20);
  }
};

beforeAll(async () => {
  cluster = await startCluster();
  await mqadmin("updateTopic", "-c", "DefaultCluster", "-t", T, "-r", "2", "-w", "2");
  producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: PG, instanceName: "stats-producer", logger: silentLogger });
  await producer.start();
  for (let i = 0; i < 4; i++) {
    const r = await producer.send({ topic: T, body: new TextEncoder().encode(`m${i}`), keys: `k${i}` });
    if (i === 0) offsetMsgId = r.offsetMsgId;
  }
  consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: CG, instanceName: "stats-consumer",
    consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", persistConsumerOffsetIntervalMs: 100, logger: silentLogger });
  consumer.subscribe(T, "*");
  consumer.registerMessageListener((msgs) => {
    received.push(...msgs);
    return "CONSUME_SUCCESS";
  });
  await consumer.start();
  await until(() => received.length >= 4, "four messages consumed");
}, 60_000);

afterAll(async () => {
  await consumer?.shutdown();
  await producer?.shutdown();
  await killAll();
  await cluster?.stop();
});

describe("mq admin connections", () => {
  test("producerConnection lists the online producer with its address, language and version", async () => {
    const out = await mqadmin("producerConnection", "-g", PG, "-t", T);
    expect(out).toMatch(new RegExp(`^0001  \\S+@stats-producer\\s+127\\.0\\.0\\.1:\\d+\\s+JAVA\\s+V4_9_8$`, "m"));
    const rows = JSON.parse(await mqadmin("producerConnection", "-g", PG, "-t", T, "--json"));
    expect(rows[0]).toMatchObject({ language: "JAVA", version: 409, versionDesc: "V4_9_8" });
  });

  test("producerConnection of an unknown group exits 1 with the broker's remark", async () => {
    const r = await admin(cluster.namesrvAddr, ["producerConnection", "-g", "NoSuchPG", "-t", T]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("the producer group[NoSuchPG] not exist");
  });

  test("consumerConnection shows the consumer, its subscription and model", async () => {
    const out = await mqadmin("consumerConnection", "-g", CG);
    expect(out).toMatch(/^\S+@stats-consumer\s+127\.0\.0\.1:\d+\s+JAVA\s+V4_9_8$/m);
    expect(out).toMatch(new RegExp(`^${T}\\s+\\*$`, "m"));
    expect(out).toContain("MessageModel: CLUSTERING");
  });

  test("topicClusterList names the topic's cluster", async () => {
    expect(await mqadmin("topicClusterList", "-t", T)).toBe("DefaultCluster");
  });
});

describe("mq admin statistics", () => {
  test("brokerConsumeStats shows the group's queues consumed to the end", async () => {
      const out = await mqadmin("brokerConsumeStats", "-b", cluster.brokerAddr);
    expect(out).toMatch(/^#Topic\s+#Group\s+#Broker Name\s+#QID\s+#Broker Offset\s+#Consumer Offset\s+#Diff\s+#LastTime$/m);
    const rows = [...out.matchAll(new RegExp(`^${T}\\s+${CG}\\s+broker-a\\s+(\\d)\\s+(\\d+)\\s+(\\d+)\\s+0\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`, "gm"))];
    expect(rows.map((m) => Number(m[2])).reduce((a, b) => a + b, 0)).toBe(4);
    expect(out).toMatch(/^Diff Total: 0$/m);
  }, 30_000);

  test("statsAll prints the topic with its consuming group", async () => {
    const out = await mqadmin("statsAll", "-t", T);
    expect(out).toMatch(/^#Topic\s+#Consumer Group\s+#Accumulation\s+#InTPS\s+#OutTPS\s+#InMsg24Hour\s+#OutMsg24Hour$/m);
    expect(out).toMatch(new RegExp(`^${T}\\s+${CG}\\s+0\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+\\d+\\s+\\d+$`, "m"));
    const rows = JSON.parse(await mqadmin("statsAll", "-t", T, "--json"));
    expect(rows).toEqual([expect.objectContaining({ topic: T, group: CG, accumulation: 0 })]);
  });
});

describe("mq admin and a live mq consumer", () => {
  const clientId = () => consumer.clientId;

  test("consumerStatus -i prints the consumer's running info: properties, subscription, offsets, RT and TPS", async () => {
    const out = await mqadmin("consumerStatus", "-g", CG, "-i", clientId());
    expect(out).toMatch(/^PROP_CONSUME_TYPE\s+: CONSUME_PASSIVELY$/m);
    expect(out).toMatch(/^PROP_CLIENT_VERSION\s+: V4_9_8$/m);
    expect(out).toMatch(new RegExp(`^001 Topic: ${T}\\s+ClassFilter: false\\s+SubExpression: \\*$`, "m"));
    const offsets = [...out.matchAll(new RegExp(`^${T}\\s+broker-a\\s+(\\d)\\s+(\\d+)\\s*$`, "gm"))];
    expect(offsets.map((m) => Number(m[2])).reduce((a, b) => a + b, 0)).toBe(4);
    expect(out).toContain("#Consumer RT&TPS#");
    expect(out).toMatch(new RegExp(`^${T}\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0$`, "m"));
  });

  test("consumerStatus lists each client and writes its running info to <now>/<clientId>", async () => {
    const dir = tempDir("mq-consumer-status-");
    const proc = spawnMq("admin", ["admin", "consumerStatus", "-g", CG, "-n", cluster.namesrvAddr], { cwd: dir });
    expect(await proc.exited).toBe(0);
    const out = proc.output();
    const row = out.match(/^1\s+(\S+)\s+V4_9_8\s+(\d+\/\S+)$/m);
    expect(row?.[1]).toBe(clientId());
    const file = join(dir, row?.[2] ?? "missing");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("#Consumer Properties#");
    expect(out).toContain("Same subscription in the same group of consumer");
    expect(out).toContain("Rebalance OK");
  });

  test("getConsumerStatus prints the offsets the consumer holds, asked through the broker", async () => {
    const out = await mqadmin("getConsumerStatus", "-g", CG, "-t", T);
    const rows = [...out.matchAll(/^(\S+)\s+broker-a\s+(\d)\s+(\d+)\s*$/gm)];
    expect(rows.map((m) => m[1])).toEqual([clientId(), clientId()]);
    expect(rows.map((m) => Number(m[3])).reduce((a, b) => a + b, 0)).toBe(4);
  });

  test("queryMsgById -g -d has the consumer consume the message again and prints its result", async () => {
    const before = received.length;
    const out = await mqadmin("queryMsgById", "-i", offsetMsgId, "-g", CG, "-d", clientId());
    expect(out).toMatch(/^ConsumeMessageDirectlyResult \[order=false, autoCommit=true, consumeResult=CR_SUCCESS, remark=null, spentTimeMills=\d+\]$/m);
    expect(received.length).toBe(before + 1);
    expect(new TextDecoder().decode(received[before]?.body)).toBe("m0");
  });

  test("consumerStatus -i for a client that is not online exits 1 with the broker's remark", async () => {
    const r = await admin(cluster.namesrvAddr, ["consumerStatus", "-g", CG, "-i", "1.2.3.4@nobody"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`The Consumer <${CG}> <1.2.3.4@nobody> not online`);
  });
});

describe("mq admin offsets and test sends", () => {
  test("cloneGroupOffset copies the group's offsets to another group", async () => {
    await mqadmin("updateSubGroup", "-c", "DefaultCluster", "-g", "StatsCG2");
    const out = await mqadmin("cloneGroupOffset", "-s", CG, "-d", "StatsCG2", "-t", T);
    expect(out).toBe(`clone group offset success. srcGroup[${CG}], destGroup=[StatsCG2], topic[${T}]`);
    const stats = JSON.parse(await mqadmin("brokerConsumeStats", "-b", cluster.brokerAddr, "--json"));
    const cloned = stats.groups.find(([g]: [string]) => g === "StatsCG2");
    const offsets = cloned[1][0].offsetTable.map(([, o]: [unknown, { consumerOffset: number }]) => o.consumerOffset);
    expect(offsets.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(4);
  });

  test("checkMsgSendRT sends the amount asked, one queue after the other, and prints the average", async () => {
    const out = await mqadmin("checkMsgSendRT", "-t", T, "-a", "3", "-s", "16");
    expect([...out.matchAll(/^broker-a\s+(\d)\s+true\s+\d+$/gm)].map((m) => Number(m[1]))).toEqual([0, 1, 0]);
    expect(out).toMatch(/^Avg RT: \d+\.\d\d$/m);
  });

  test("sendMsgStatus sends to the broker's own topic and prints each SendResult", async () => {
    const out = await mqadmin("sendMsgStatus", "-b", "broker-a", "-c", "2");
    expect([...out.matchAll(/^rt=\d+ms, SendResult=SendResult \[sendStatus=SEND_OK, .*topic=broker-a, /gm)]).toHaveLength(2);
  });
});

describe("mq admin help", () => {
  test("help <cmd> and <cmd> --help print the same usage", async () => {
    for (const sub of ["statsAll", "producerConnection", "consumerStatus", "cloneGroupOffset"]) {
      const a = spawnMq("admin", ["admin", "help", sub]);
      const b = spawnMq("admin", ["admin", sub, "--help"]);
      expect([await a.exited, await b.exited]).toEqual([0, 0]);
      expect(a.output()).toContain(`usage: mq admin ${sub} `);
      expect(b.output()).toBe(a.output());
    }
  });
});
