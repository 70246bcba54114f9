// Issue 16: mqadmin 5.x's updateTopicList, updateSubGroupList (UPDATE_AND_CREATE_TOPIC_LIST 18,
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST 225) and resetMasterFlushOffset (908) against the
// compiled ./mq: mqadmin's lines, --json, the broker's codes, and exit 1 on a refusal.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { admin, killAll, startCluster, writeFile, type Cluster } from "./harness.ts";
import { startSlave, type Slave } from "./replication-harness.ts";

let cluster: Cluster;
let slave: Slave;

async function mqadmin(...args: string[]): Promise<string> {
  const r = await admin(cluster.namesrvAddr, args);
  expect({ args, code: r.code, out: r.code === 0 ? "" : r.out }).toEqual({ args, code: 0, out: "" });
  return r.out;
}

beforeAll(async () => {
  cluster = await startCluster({ brokerRole: "ASYNC_MASTER" });
  slave = await startSlave(cluster);
  await cluster.broker.waitFor(/slave connected/);
}, 60_000);

afterAll(async () => {
  await killAll();
  await cluster?.stop();
});

describe("mq admin batch subcommands", () => {
  test("updateTopicList -c creates every topic of the file on the cluster's master, with the file's queues, perm and order", async () => {
    const file = join(cluster.dir, "topics.json");
    writeFile(file, JSON.stringify([
      { topicName: "BatchT1", readQueueNums: 2, writeQueueNums: 2, perm: 6 },
      { topicName: "BatchT2", readQueueNums: 3, writeQueueNums: 3, perm: 4, order: true },
      { topicName: "BatchT3" },
    ]));
    const out = await mqadmin("updateTopicList", "-c", "DefaultCluster", "-f", file);
    expect(out).toBe(`submit batch of topic config to ${cluster.brokerAddr} success, please check the result later.`);
    const route = JSON.parse(await mqadmin("topicRoute", "-t", "BatchT2"));
    expect(route.queueDatas[0]).toMatchObject({ brokerName: "broker-a", readQueueNums: 3, writeQueueNums: 3, perm: 4 });
    const metadata = JSON.parse(await mqadmin("exportMetadata", "-b", cluster.brokerAddr, "-t", "-f", join(cluster.dir, "export"), "--json"));
    const topics = JSON.parse(await Bun.file(metadata.path).text()).topicConfigTable;
    expect(topics.BatchT1).toMatchObject({ readQueueNums: 2, writeQueueNums: 2, perm: 6, order: false });
    expect(topics.BatchT2).toMatchObject({ order: true });
    expect(topics.BatchT3).toMatchObject({ readQueueNums: 16, writeQueueNums: 16, perm: 6 }); // TopicConfig's defaults
  });

  // The remarks are Apache RocketMQ 5.5.0's (TopicValidator), as its broker answered the same files.
  test("updateTopicList with a bad topic name takes none of the list: INVALID_PARAMETER (29) in Apache's words, exit 1", async () => {
    const file = join(cluster.dir, "bad-topics.json");
    writeFile(file, JSON.stringify([{ topicName: "BatchGood" }, { topicName: "bad topic!" }]));
    const r = await admin(cluster.namesrvAddr, ["updateTopicList", "-b", cluster.brokerAddr, "-f", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("CODE: 29 DESC: The specified topic: bad topic!, contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
    expect((await mqadmin("topicList")).split("\n")).not.toContain("BatchGood");
    writeFile(file, JSON.stringify([{ topicName: "TBW102" }]));
    const system = await admin(cluster.namesrvAddr, ["updateTopicList", "-b", cluster.brokerAddr, "-f", file]);
    expect(system.out).toContain("CODE: 29 DESC: The topic[TBW102] is conflict with system topic.");
  });

  test("updateSubGroupList with a bad group name takes none of the list: INVALID_PARAMETER (29) in Apache's words, exit 1", async () => {
    const file = join(cluster.dir, "bad-groups.json");
    writeFile(file, JSON.stringify([{ groupName: "BatchGoodG" }, { groupName: "bad group!" }]));
    const r = await admin(cluster.namesrvAddr, ["updateSubGroupList", "-b", cluster.brokerAddr, "-f", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("CODE: 29 DESC: The specified group: bad group!, contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
    expect((await admin(cluster.namesrvAddr, ["getConsumerConfig", "-g", "BatchGoodG"])).out).not.toContain("groupName");
  });

  test("updateTopicList without the file exits 1 naming it, and without -f is a usage error", async () => {
    const missing = await admin(cluster.namesrvAddr, ["updateTopicList", "-c", "DefaultCluster", "-f", "/nonexistent/topics.json"]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("the file path /nonexistent/topics.json does not exists");
    expect((await admin(cluster.namesrvAddr, ["updateTopicList", "-c", "DefaultCluster"])).code).toBe(2);
  });

  test("updateSubGroupList -b creates the file's groups with their settings; --json names broker and groups", async () => {
    const file = join(cluster.dir, "groups.json");
    writeFile(file, JSON.stringify([{ groupName: "BatchG1", retryMaxTimes: 3 }, { groupName: "BatchG2", consumeBroadcastEnable: true }]));
    const out = await mqadmin("updateSubGroupList", "-b", cluster.brokerAddr, "-f", file);
    expect(out).toBe(`submit batch of group config to ${cluster.brokerAddr} success, please check the result later.`);
    expect(await mqadmin("getConsumerConfig", "-g", "BatchG1")).toMatch(/^retryMaxTimes\s+=\s+3$/m);
    expect(await mqadmin("getConsumerConfig", "-g", "BatchG2")).toMatch(/^consumeBroadcastEnable\s+=\s+true$/m);
    const json = JSON.parse(await mqadmin("updateSubGroupList", "-c", "DefaultCluster", "-f", file, "--json"));
    expect(json).toEqual({ brokers: [cluster.brokerAddr], submitted: ["BatchG1", "BatchG2"] });
  });

  test("resetMasterFlushOffset sets the slave's record of its master's flush offset, which haStatus shows; a master ignores it", async () => {
    expect(await mqadmin("haStatus", "-b", slave.addr)).toMatch(/^#MasterFlushOffset\t0$/m);
    expect(await mqadmin("resetMasterFlushOffset", "-b", slave.addr, "-o", "4096")).toBe("reset master flush offset to 4096 success");
    expect(await mqadmin("haStatus", "-b", slave.addr)).toMatch(/^#MasterFlushOffset\t4096$/m);
    expect(await mqadmin("resetMasterFlushOffset", "-b", cluster.brokerAddr, "-o", "7")).toBe("reset master flush offset to 7 success");
    await cluster.broker.waitFor(/RESET_MASTER_FLUSH_OFFSET ignored: this broker is a master/);
    expect((await admin(cluster.namesrvAddr, ["resetMasterFlushOffset", "-b", slave.addr, "-o", "x"])).code).toBe(1);
  });
});
