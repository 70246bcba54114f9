// `mq admin` subcommands that send through a producer, and the group/topic housekeeping ones,
// against the compiled ./mq: mqadmin's tables, and what each changes in the cluster.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RequestCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { admin, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

let c: Cluster;
const run = (...args: string[]) => admin(c.namesrvAddr, args);

beforeAll(async () => {
  c = await startCluster({}, ["--kvConfigPath=ns/kvConfig.json"]);
  expect((await run("updateTopic", "-c", "DefaultCluster", "-t", "SendT", "-r", "2", "-w", "2")).code).toBe(0);
}, 30_000);

afterAll(async () => {
  await killAll();
  await c?.stop();
});

describe("sending", () => {
  test("sendMessage prints broker, queue, SEND_OK and the message id; -b with -i picks the queue", async () => {
    const r = await run("sendMessage", "-t", "SendT", "-p", "hello", "-k", "k1", "-c", "TagA", "-b", "broker-a", "-i", "1");
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/^#Broker Name\s+#QID\s+#Send Result\s+#MsgId\nbroker-a\s+1\s+SEND_OK\s+[0-9A-F]{32}$/);
    const unsure = await run("sendMessage", "-t", "SendT", "-p", "x", "-i", "1");
    expect(unsure.code).toBe(2);
  });

  test("checkMsgSendRT sends -a messages round the queues and prints the average", async () => {
    const r = await run("checkMsgSendRT", "-t", "SendT", "-a", "4", "-s", "16");
    expect(r.code).toBe(0);
    expect(r.out.match(/^broker-a\s+[01]\s+true\s+\d+$/gm)).toHaveLength(4);
    expect(r.out).toMatch(/^Avg RT: \d+\.\d\d$/m);
  });

  test("sendMsgStatus sends -c messages to the broker's own topic", async () => {
    const r = await run("sendMsgStatus", "-b", "broker-a", "-c", "2", "-s", "8");
    expect(r.code).toBe(0);
    expect(r.out.match(/^rt=\d+ms, SendResult=SendResult \[sendStatus=SEND_OK, .*brokerName=broker-a, .*\]$/gm)).toHaveLength(2);
  });

  test("clusterRT prints a row per broker each round until stopped", async () => {
    const proc = spawnMq("clusterRT", ["admin", "clusterRT", "-n", c.namesrvAddr, "-a", "3", "-i", "1"]);
    await proc.waitFor(/^DefaultCluster\s+broker-a\s+\d+\.\d\d\s+3\s+0\s*$/, 20_000);
    expect(proc.output()).toMatch(/^#Cluster Name\s+#Broker Name\s+#RT\s+#successCount\s+#failCount/m);
    await proc.kill();
  }, 30_000);
});

describe("consumeMessage", () => {
  test("pulls every queue of the topic and prints each message as mqadmin does, committing nothing", async () => {
    expect((await run("updateTopic", "-c", "DefaultCluster", "-t", "ConsumeT", "-r", "2", "-w", "2")).code).toBe(0);
    for (const queueId of ["0", "1", "1"]) expect((await run("sendMessage", "-t", "ConsumeT", "-p", `body-${queueId}`, "-b", "broker-a", "-i", queueId)).code).toBe(0);
    const r = await run("consumeMessage", "-t", "ConsumeT");
    expect(r.code).toBe(0);
    expect([...r.out.matchAll(/^MSGID: [0-9A-F]{32} MessageExt \[.*\] BODY: (\S+)$/gm)].map((m) => m[1]).sort()).toEqual(["body-0", "body-1", "body-1"]);
    expect(r.out).toContain("Consume ok");
    expect(r.out).toMatch(/^MessageQueue \[topic=ConsumeT, brokerName=broker-a, queueId=1\] print msg finished\. status=NO_NEW_MSG, offset=2$/m);
  });

  test("-b -i -o -c reads one queue from an offset, at most count messages", async () => {
    const r = await run("consumeMessage", "-t", "ConsumeT", "-b", "broker-a", "-i", "1", "-o", "1", "-c", "5");
    expect(r.code).toBe(0);
    expect(r.out.match(/^MSGID: /gm)).toHaveLength(1);
    expect((await run("consumeMessage", "-t", "ConsumeT", "-i", "1")).code).toBe(2);
  });
});

describe("groups and topics", () => {
  test("topicClusterList names the topic's cluster", async () => {
    expect(await run("topicClusterList", "-t", "SendT")).toEqual({ code: 0, out: "DefaultCluster" });
  });

  test("updateTopicPerm changes the topic's perm on the master and says when it is unchanged", async () => {
    expect(await run("updateTopicPerm", "-t", "SendT", "-p", "4", "-c", "DefaultCluster")).toEqual({ code: 0, out: `update topic perm from 6 to 4 in ${c.brokerAddr} success.` });
    expect((await run("topicRoute", "-t", "SendT")).out).toContain(`"perm": 4`);
    expect(await run("updateTopicPerm", "-t", "SendT", "-p", "4", "-b", c.brokerAddr)).toEqual({ code: 0, out: "new perm equals to the old one!" });
    expect((await run("updateTopicPerm", "-t", "SendT", "-p", "6", "-b", c.brokerAddr)).code).toBe(0);
  });

  test("cloneGroupOffset copies a group's offsets; skipAccumulatedMessage moves a group to the end", async () => {
    expect((await run("updateSubGroup", "-c", "DefaultCluster", "-g", "SrcG")).code).toBe(0);
    const reset = await run("skipAccumulatedMessage", "-g", "SrcG", "-t", "SendT");
    expect(reset.code).toBe(0);
    const skipped = [...reset.out.matchAll(/^broker-a\s+(\d)\s+(\d+)\s*$/gm)].map((m) => Number(m[2]));
    expect(skipped.length).toBe(2);
    expect(skipped.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    expect(await run("cloneGroupOffset", "-s", "SrcG", "-d", "DestG", "-t", "SendT")).toEqual({ code: 0, out: "clone group offset success. srcGroup[SrcG], destGroup=[DestG], topic[SendT]" });
    const client = new RemotingClient({ log: silentLogger });
    try {
      for (const [queueId, offset] of [...reset.out.matchAll(/^broker-a\s+(\d)\s+(\d+)\s*$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const)) {
        const res = await client.invoke(c.brokerAddr, request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: "DestG", topic: "SendT", queueId }), 3000);
        expect({ queueId, offset: Number(res.extFields.offset) }).toEqual({ queueId, offset });
      }
    } finally {
      client.close();
    }
  });

  test("deleteSubGroup -c deletes the group from the cluster's masters", async () => {
    expect((await run("updateSubGroup", "-c", "DefaultCluster", "-g", "GoneG")).code).toBe(0);
    expect(await run("deleteSubGroup", "-c", "DefaultCluster", "-g", "GoneG")).toEqual({
      code: 0, out: `delete subscription group [GoneG] from broker [${c.brokerAddr}] in cluster [DefaultCluster] success.`,
    });
    expect((await run("getConsumerConfig", "-g", "GoneG")).code).toBe(1);
  });
});
