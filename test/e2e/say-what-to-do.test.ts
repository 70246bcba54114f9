// Issue 11: what the binary prints when a first-hour user gets something wrong, against a
// NameServer and a broker (autoCreateTopicEnable=false) started as separate processes: each
// failure exits non-zero and says what to do, and the disk figures read as RocketMQ's.
import { describe, expect, test } from "bun:test";
import { statfsSync } from "node:fs";
import { join } from "node:path";
import { admin, freePort, sharedCluster, spawnMq, type Cluster } from "./harness.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c), { autoCreateTopicEnable: "false" });

async function mq(args: string[]): Promise<{ code: number; out: string }> {
  const p = spawnMq("mq", args);
  const code = await p.exited;
  return { code, out: p.output() };
}

describe("a send to a topic that does not exist", () => {
  test("with autoCreateTopicEnable=false, produce exits 1 and gives the updateTopic command to create it", async () => {
    const r = await mq(["produce", "-n", cluster.namesrvAddr, "-t", "NoSuchTopic", "-c", "1"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`mq produce: send to NoSuchTopic via ${cluster.namesrvAddr} failed: No route info of this topic: NoSuchTopic`);
    expect(r.out).toContain(`Create it:  mq admin updateTopic -n ${cluster.namesrvAddr} -c DefaultCluster -t NoSuchTopic`);
    expect(r.out).toContain("or set autoCreateTopicEnable=true");
  });

  test("with no broker registered at the name server, produce says so", async () => {
    const port = await freePort();
    const namesrv = spawnMq("lonely-namesrv", ["namesrv", `--listenPort=${port}`, "--logsDir="], { cwd: cluster.dir });
    await namesrv.waitFor(/The Name Server boot success/);
    const r = await mq(["produce", "-n", `127.0.0.1:${port}`, "-t", "AnyTopic", "-c", "1"]);
    await namesrv.kill();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`no broker has registered with the name server 127.0.0.1:${port}`);
  });
});

describe("mq admin with a cluster or broker the name server does not know", () => {
  test("updateTopic -c NoSuchCluster exits 1 naming the known clusters", async () => {
    const r = await admin(cluster.namesrvAddr, ["updateTopic", "-c", "NoSuchCluster", "-t", "X"]);
    expect(r).toEqual({ code: 1, out: "mq admin updateTopic: cluster NoSuchCluster not found; known clusters: DefaultCluster" });
  });

  test("updateSubGroup -b with a broker name exits 1 giving that broker's address", async () => {
    const r = await admin(cluster.namesrvAddr, ["updateSubGroup", "-b", "broker-a", "-g", "G"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`not a broker name: broker broker-a's master is ${cluster.brokerAddr}`);
  });
});

describe("message queries with no match", () => {
  const topic = "QueryNothing";

  test("queryMsgByKey, queryMsgByUniqueKey, queryMsgById and queryMsgByOffset exit 1 saying no message was found", async () => {
    expect((await admin(cluster.namesrvAddr, ["updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "1", "-w", "1"])).code).toBe(0);
    expect((await mq(["produce", "-n", cluster.namesrvAddr, "-t", topic, "-c", "2", "--keys", "k{i}"])).code).toBe(0);
    const absent = "0A0B0C0D0E0F00000000000000000000";

    const byKey = await admin(cluster.namesrvAddr, ["queryMsgByKey", "-t", topic, "-k", "no-such-key"]);
    expect(byKey).toEqual({ code: 1, out: `mq admin queryMsgByKey: query message by key finished, but no message: topic ${topic} has no message with key no-such-key` });

    const byUniq = await admin(cluster.namesrvAddr, ["queryMsgByUniqueKey", "-t", topic, "-i", absent]);
    expect(byUniq.code).toBe(1);
    expect(byUniq.out).toContain(`query message by key finished, but no message: topic ${topic} has no message with unique key (msgId) ${absent}`);

    const byId = await admin(cluster.namesrvAddr, ["queryMsgById", "-t", topic, "-i", "not-an-id"]);
    expect(byId).toEqual({ code: 1, out: `mq admin queryMsgById: Message not found! topic ${topic} has no message with msgId not-an-id` });

    const byOffset = await admin(cluster.namesrvAddr, ["queryMsgByOffset", "-t", topic, "-b", "broker-a", "-i", "0", "-o", "7"]);
    expect(byOffset).toEqual({
      code: 1,
      out: `mq admin queryMsgByOffset: no message at offset 7 of MessageQueue [topic=${topic}, brokerName=broker-a, queueId=0]: it holds offsets 0 to 1`,
    });
  });
});

describe("disk use", () => {
  /** RocketMQ's UtilAll.getDiskPartitionSpaceUsedPercent: used / (used + usable), rounded up to a hundredth. */
  function usedFraction(dir: string): number {
    const fs = statfsSync(dir);
    const used = (fs.blocks - fs.bfree) * fs.bsize;
    const usable = fs.bavail * fs.bsize;
    return Math.ceil((used * 100) / (used + usable)) / 100;
  }

  test("brokerStatus shows the disk ratios and clusterList #SPACE as RocketMQ's fraction, not a percent", async () => {
    const commitLogDir = join(cluster.dir, "store", "commitlog");
    const expected = usedFraction(commitLogDir);
    const status = await admin(cluster.namesrvAddr, ["brokerStatus", "-b", cluster.brokerAddr]);
    expect(status.code).toBe(0);
    const value = (key: string) => Number(new RegExp(`^${key}\\s*: (\\S+)$`, "m").exec(status.out)?.[1]);
    for (const key of ["commitLogDiskRatio", "consumeQueueDiskRatio", `commitLogDiskRatio_${commitLogDir}`]) {
      expect(Math.abs(value(key) - expected), key).toBeLessThanOrEqual(0.01);
    }

    const list = await admin(cluster.namesrvAddr, ["clusterList"]);
    expect(list.code).toBe(0);
    const space = Number(/ (\d+\.\d{4})$/m.exec(list.out.split("\n")[1] ?? "")?.[1]);
    expect(Math.abs(space - expected)).toBeLessThanOrEqual(0.01);
  });
});
