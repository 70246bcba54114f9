// `mq admin` through the CLI in-process: mqadmin-style tables, exit codes and usage errors.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestCode, encodeRegisterBrokerBody, registerBrokerExtFields, silentLogger } from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { runCli } from "../../src/cli/index.ts";

let dir: string;
let namesrv: NameServer;
let addr: string;
/** The stand-in broker's connection; closing it would drop its routes. */
let brokerClient: RemotingClient;

async function mq(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const outcome = await runCli(argv, { io, env: {}, stdout: () => {} });
  if (outcome.kind !== "exit") throw new Error("admin must not serve");
  return { code: outcome.code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mq-admin-cli-"));
  namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir, "kv.json"), orderMessageEnable: false,
    scanNotActiveBrokerInterval: 5000, brokerChannelExpiredTime: 120000, log: silentLogger,
  });
  addr = `127.0.0.1:${await namesrv.start()}`;
  const client = (brokerClient = new RemotingClient({ log: silentLogger }));
  const topic = { topicName: "TopicTest", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: "SINGLE_TAG" as const, topicSysFlag: 0, order: false };
  const body = encodeRegisterBrokerBody({ topicConfigSerializeWrapper: { dataVersion: { timestamp: 1, counter: 1 }, topicConfigTable: { TopicTest: topic } }, filterServerList: [] }, false);
  const h = { brokerName: "broker-a", brokerAddr: "127.0.0.1:1", clusterName: "DefaultCluster", brokerId: 0, haServerAddr: "", compressed: false, bodyCrc32: 0 };
  await client.invoke(addr, request(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body), 3000);
});

afterAll(async () => {
  brokerClient.close();
  await namesrv.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("mq admin", () => {
  test("topicList prints one topic a line (subcommand names are case-insensitive)", async () => {
    const r = await mq("admin", "topiclist", "-n", addr);
    expect(r).toEqual({ code: 0, out: "TopicTest\n", err: "" });
  });

  test("topicRoute prints the route as JSON", async () => {
    const r = await mq("admin", "topicRoute", "-n", addr, "-t", "TopicTest");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).brokerDatas[0].brokerAddrs).toEqual({ "0": "127.0.0.1:1" });
  });

  test("an unknown topic exits 1 with the name server's remark", async () => {
    const r = await mq("admin", "topicRoute", "-n", addr, "-t", "Nope");
    expect(r.code).toBe(1);
    expect(r.err).toContain("No topic route info in name server for the topic: Nope");
  });

  test("updateTopic -c with an unknown cluster exits 1 naming the known clusters", async () => {
    const r = await mq("admin", "updateTopic", "-n", addr, "-c", "NoSuchCluster", "-t", "X");
    expect(r).toEqual({ code: 1, out: "", err: "mq admin updateTopic: cluster NoSuchCluster not found; known clusters: DefaultCluster\n" });
  });

  test("a missing required flag is a usage error (exit 2)", async () => {
    const r = await mq("admin", "updateTopic", "-n", addr, "-c", "DefaultCluster");
    expect(r.code).toBe(2);
    expect(r.err).toContain("-t topic is required");
  });

  test("clusterList prints mqadmin's header and one row per broker address", async () => {
    const r = await mq("admin", "clusterList", "-n", addr);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#Cluster Name\s+#Broker Name\s+#BID\s+#Addr\s+#Version/);
    expect(lines[1]).toMatch(/^DefaultCluster\s+broker-a\s+0\s+127\.0\.0\.1:1\s/);
  });

  test("without -n or NAMESRV_ADDR it says what is missing", async () => {
    const saved = process.env.NAMESRV_ADDR;
    delete process.env.NAMESRV_ADDR;
    try {
      const r = await mq("admin", "topicList");
      expect(r.code).toBe(2);
      expect(r.err).toContain("NAMESRV_ADDR");
    } finally {
      if (saved !== undefined) process.env.NAMESRV_ADDR = saved;
    }
  });
});
