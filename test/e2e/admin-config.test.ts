// `mq admin` configuration and upkeep subcommands against the compiled ./mq (a NameServer and a
// broker as two processes): run-time keys change and persist, path-like keys are refused with
// the reason and write nothing, and nothing but the store's config file and the NameServer's
// configStorePath is ever written because of a request.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { admin, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

let c: Cluster;
const run = (...args: string[]) => admin(c.namesrvAddr, args);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)))
    .sort();
}

beforeAll(async () => {
  c = await startCluster({}, ["--kvConfigPath=ns/kvConfig.json"]);
}, 30_000);

afterAll(async () => {
  await killAll();
  await c?.stop();
});

describe("updateBrokerConfig / getBrokerConfig", () => {
  test("the broker says at start who may change it", () => {
    expect(c.broker.output()).toContain("requests that change topics, groups, offsets or users are accepted from this machine's own addresses");
    expect(c.namesrv.output()).toContain("admin requests that change the name server are accepted from this machine's own addresses only");
  });

  test("brokerPermission changes at run time: getBrokerConfig shows it, the route carries it, and a restart keeps it", async () => {
    const set = await run("updateBrokerConfig", "-c", "DefaultCluster", "-k", "brokerPermission", "-v", "4");
    expect(set).toEqual({ code: 0, out: `update broker config success, ${c.brokerAddr}` });
    const shown = await run("getBrokerConfig", "-c", "DefaultCluster");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`============Master: ${c.brokerAddr}============\n`);
    expect(shown.out).toMatch(/^brokerPermission {34}= {2}4$/m);
    expect(readFileSync(join(c.dir, "store", "config", "broker.properties"), "utf8")).toContain("brokerPermission=4\n");
    await c.broker.kill();
    await c.startBroker();
    expect((await run("getBrokerConfig", "-b", c.brokerAddr)).out).toMatch(/^brokerPermission\s+=\s+4$/m);
    expect((await run("updateBrokerConfig", "-b", c.brokerAddr, "-k", "brokerPermission", "-v", "6")).code).toBe(0);
  }, 30_000);

  test("rocketmqHome, storePathRootDir, brokerConfigPath and any …Path/Dir/File key are refused with the reason, and nothing is written", async () => {
    const before = filesUnder(c.dir).filter((f) => !f.startsWith("store/"));
    for (const key of ["rocketmqHome", "storePathRootDir", "brokerConfigPath", "storePathCommitLog", "msgTraceTopicPath", "abortFile", "configBlackList"]) {
      const r = await run("updateBrokerConfig", "-b", c.brokerAddr, "-k", key, "-v", join(c.dir, "evil"));
      expect(r.code).toBe(1);
      expect(r.out).toContain(`CODE: 16 DESC: Can not update config in black list. ${key} names a file or directory, which mq never changes at run time`);
    }
    expect(existsSync(join(c.dir, "evil"))).toBe(false);
    expect(filesUnder(c.dir).filter((f) => !f.startsWith("store/"))).toEqual(before);
  });

  test("a misspelt key gets did-you-mean, a start-only key says to restart, a bad value says what is expected", async () => {
    const typo = await run("updateBrokerConfig", "-b", c.brokerAddr, "-k", "maxMesageSize", "-v", "1024");
    expect(typo.code).toBe(1);
    expect(typo.out).toContain("maxMesageSize is not a broker configuration key; did you mean maxMessageSize?");
    const startOnly = await run("updateBrokerConfig", "-b", c.brokerAddr, "-k", "listenPort", "-v", "1");
    expect(startOnly.out).toContain("listenPort is read at start only; set it in broker.conf and restart");
    const bad = await run("updateBrokerConfig", "-b", c.brokerAddr, "-k", "brokerPermission", "-v", "9");
    expect(bad.out).toContain("brokerPermission=9: expected an integer from 0 to 7");
  });

  test("--json prints one JSON document", async () => {
    const r = await run("getBrokerConfig", "-b", c.brokerAddr, "--json");
    expect(r.code).toBe(0);
    const [config] = JSON.parse(r.out) as Array<{ addr: string; entries: Record<string, string> }>;
    expect(config?.addr).toBe(c.brokerAddr);
    expect(config?.entries.brokerName).toBe("broker-a");
  });
});

describe("updateNamesrvConfig / getNamesrvConfig", () => {
  test("orderMessageEnable changes at run time and is kept in configStorePath beside kvConfigPath", async () => {
    const r = await run("updateNamesrvConfig", "-k", "orderMessageEnable", "-v", "true");
    expect(r).toEqual({ code: 0, out: `update name server config success![${c.namesrvAddr}]\norderMessageEnable : true` });
    const shown = await run("getNamesrvConfig");
    expect(shown.out).toContain(`============${c.namesrvAddr}============\n`);
    expect(shown.out).toMatch(/^orderMessageEnable\s+=\s+true$/m);
    expect(readFileSync(join(c.dir, "ns", "namesrv.properties"), "utf8")).toContain("orderMessageEnable=true\n");
  });

  test("configStorePath and kvConfigPath are refused (CVE-2023-37582) and nothing is written there", async () => {
    for (const key of ["configStorePath", "kvConfigPath", "rocketmqHome"]) {
      const r = await run("updateNamesrvConfig", "-k", key, "-v", join(c.dir, "evil.properties"));
      expect(r.code).toBe(1);
      expect(r.out).toContain(`CODE: 16 DESC: Can not update config in black list. ${key} names a file or directory`);
    }
    expect(existsSync(join(c.dir, "evil.properties"))).toBe(false);
  });
});

describe("upkeep", () => {
  test("cleanExpiredCQ, cleanUnusedTopic and deleteExpiredCommitLog print success and exit 0", async () => {
    for (const sub of ["cleanExpiredCQ", "cleanUnusedTopic", "deleteExpiredCommitLog"]) {
      expect(await run(sub, "-c", "DefaultCluster")).toEqual({ code: 0, out: "success" });
      expect(await run(sub)).toEqual({ code: 0, out: "success" });
    }
  });

  test("queryCq prints a queue's bounds and its entries as mqadmin does; an unknown queue exits 1", async () => {
    expect((await run("updateTopic", "-c", "DefaultCluster", "-t", "CqTopic", "-r", "1", "-w", "1")).code).toBe(0);
    expect(await spawnMq("produce", ["produce", "-n", c.namesrvAddr, "-t", "CqTopic", "-c", "3"]).exited).toBe(0);
    const r = await run("queryCq", "-t", "CqTopic", "-q", "0", "-i", "0");
    expect(r.code).toBe(0);
    expect(r.out).toStartWith("Queue data: \nmax: 3, min: 0\n======================================\nidx: 0\n");
    expect(r.out.match(/^ConsumeQueueData\{physicOffset=\d+, physicSize=\d+, tagsCode=\d+, extendDataJson='null', bitMap='null', eval=false, msg='null'\}$/gm)).toHaveLength(3);
    const empty = await run("queryCq", "-t", "CqTopic", "-q", "7", "-i", "0", "-b", c.brokerAddr);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain("7@CqTopic is not exist!");
  });

  test("updateKvConfig, deleteKvConfig, wipeWritePerm and addWritePerm print mqadmin's lines", async () => {
    expect(await run("updateKvConfig", "-s", "ns1", "-k", "k1", "-v", "v1")).toEqual({ code: 0, out: "create or update kv config to namespace success." });
    expect(await run("deleteKvConfig", "-s", "ns1", "-k", "k1")).toEqual({ code: 0, out: "delete kv config from namespace success." });
    expect((await run("wipeWritePerm", "-b", "broker-a")).out).toMatch(new RegExp(`^wipe write perm of broker\\[broker-a\\] in name server\\[${c.namesrvAddr}\\] OK, \\d+$`));
    expect((await run("addWritePerm", "-b", "broker-a")).out).toMatch(new RegExp(`^add write perm of broker\\[broker-a\\] in name server\\[${c.namesrvAddr}\\] OK, \\d+$`));
  });

  test("getConsumerConfig prints the group's fields per broker", async () => {
    expect((await run("updateSubGroup", "-c", "DefaultCluster", "-g", "CfgGroup")).code).toBe(0);
    const r = await run("getConsumerConfig", "-g", "CfgGroup");
    expect(r.code).toBe(0);
    expect(r.out).toContain("=============================DefaultCluster:broker-a=============================\n");
    expect(r.out).toMatch(/^groupName {31}= {2}CfgGroup$/m);
  });
});

describe("exports and views", () => {
  test("exportMetadata -c writes the user topics and groups to <dir>/metadata.json; -t only topics", async () => {
    expect((await run("updateTopic", "-c", "DefaultCluster", "-t", "ExportT", "-r", "2", "-w", "2")).code).toBe(0);
    expect((await run("updateSubGroup", "-c", "DefaultCluster", "-g", "ExportG")).code).toBe(0);
    const out = join(c.dir, "export");
    expect(await run("exportMetadata", "-c", "DefaultCluster", "-f", out)).toEqual({ code: 0, out: `export ${out}/metadata.json success` });
    const all = JSON.parse(readFileSync(join(out, "metadata.json"), "utf8"));
    expect(all.topicConfigTable.ExportT).toMatchObject({ topicName: "ExportT", readQueueNums: 2, writeQueueNums: 2 });
    expect(all.topicConfigTable.TBW102).toBeUndefined();
    expect(all.subscriptionGroupTable.ExportG).toMatchObject({ groupName: "ExportG" });
    expect(typeof all.exportTime).toBe("number");
    expect((await run("exportMetadata", "-c", "DefaultCluster", "-f", out, "-t")).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(out, "topic.json"), "utf8")))).toEqual(["topicConfigTable", "exportTime"]);
  });

  test("exportConfigs writes each master's main keys and the cluster's size", async () => {
    const out = join(c.dir, "export");
    expect(await run("exportConfigs", "-c", "DefaultCluster", "-f", out)).toEqual({ code: 0, out: `export ${out}/configs.json success` });
    const configs = JSON.parse(readFileSync(join(out, "configs.json"), "utf8"));
    expect(configs.clusterScale).toEqual({ namesrvSize: 1, masterBrokerSize: 1, slaveBrokerSize: 0 });
    expect(configs.brokerConfigs["broker-a"]).toMatchObject({ brokerName: "broker-a", brokerClusterName: "DefaultCluster", flushDiskType: "ASYNC_FLUSH" });
  });

  test("exportMetrics writes metrics.json: each master's env, quotas (tps, day counts, disk, sizes) and version, and the cluster's totals", async () => {
    const out = join(c.dir, "export");
    expect(await run("exportMetrics", "-c", "DefaultCluster", "-f", out)).toEqual({ code: 0, out: `export ${out}/metrics.json success` });
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(Object.keys(metrics).sort()).toEqual(["evaluateReport", "totalData"]);
    const broker = metrics.evaluateReport["broker-a"];
    expect(broker.runtimeEnv.cpuNum).toMatch(/^\d+$/);
    expect(broker.runtimeQuota).toMatchObject({
      diskRatio: { commitLogDiskRatio: expect.any(String), consumeQueueDiskRatio: expect.any(String) },
      tps: { normalInTps: expect.any(Number), normalOutTps: expect.any(Number), transInTps: 0, scheduleInTps: 0 },
      oneDayNum: { normalOneDayInNum: expect.any(Number), normalOneDayOutNum: expect.any(Number), transOneDayInNum: 0, scheduleOneDayInNum: 0 },
      messageAverageSize: expect.any(String),
    });
    expect(broker.runtimeQuota.topicSize).toBeGreaterThanOrEqual(1); // ExportT, not the system topics
    expect(broker.runtimeQuota.groupSize).toBeGreaterThanOrEqual(2); // ExportG and CfgGroup, not the predefined groups
    expect(broker.runtimeVersion).toEqual({ rocketmqVersion: "V4_9_8", clientInfo: [] });
    expect(metrics.totalData).toEqual({
      totalTps: { totalNormalInTps: broker.runtimeQuota.tps.normalInTps, totalNormalOutTps: broker.runtimeQuota.tps.normalOutTps, totalTransInTps: 0, totalScheduleInTps: 0 },
      totalOneDayNum: broker.runtimeQuota.oneDayNum,
    });
  });

  test("allocateMQ splits the topic's queues over the clients as AllocateMessageQueueAveragely", async () => {
    const r = await run("allocateMQ", "-t", "ExportT", "-i", "10.0.0.1,10.0.0.2");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out).result;
    expect(result["10.0.0.1"]).toEqual([{ topic: "ExportT", brokerName: "broker-a", queueId: 0 }]);
    expect(result["10.0.0.2"]).toEqual([{ topic: "ExportT", brokerName: "broker-a", queueId: 1 }]);
  });

  test("updateOrderConf puts, gets and deletes a topic's order conf", async () => {
    expect(await run("updateOrderConf", "-t", "ExportT", "-m", "put", "-v", "broker-a:2")).toEqual({ code: 0, out: "update orderConf success. topic=[ExportT], orderConf=[broker-a:2]" });
    expect(await run("updateOrderConf", "-t", "ExportT", "-m", "get")).toEqual({ code: 0, out: "get orderConf success. topic=[ExportT], orderConf=[broker-a:2] " });
    expect(await run("updateOrderConf", "-t", "ExportT", "-m", "delete")).toEqual({ code: 0, out: "delete orderConf success. topic=[ExportT]" });
    expect((await run("updateOrderConf", "-t", "ExportT", "-m", "get")).code).toBe(1);
  });
});

test("requests changed only the store's config file and the name server's configStorePath", () => {
  const written = filesUnder(c.dir).filter((f) => !f.startsWith("export/") && (!f.startsWith("store/") || f.startsWith("store/config/")));
  expect(written).toEqual(["broker.properties", "ns/kvConfig.json", "ns/namesrv.properties", "store/config/broker.properties"]);
});
