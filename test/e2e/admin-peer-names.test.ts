// Names a remote peer chooses become file names where mq admin writes, as mqadmin writes them: a
// consumer's clientId (consumerStatus: <now>/<clientId>) and a message's UNIQ_KEY id (the body
// file under <tmpdir>/rocketmq/msgbodys). A name holding "/" or ".." stays inside that directory.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PushConsumer } from "../../src/client/index.ts";
import { RequestCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { admin, killAll, spawnMq, startCluster, tempDir, type Cluster } from "./harness.ts";

const T = "PeerNamesTopic";
const CG = "PeerNamesCG";
let cluster: Cluster;
let consumer: PushConsumer;
const dir = tempDir("mq-peer-names-");
const work = join(dir, "work");

beforeAll(async () => {
  mkdirSync(work);
  cluster = await startCluster();
  expect((await admin(cluster.namesrvAddr, ["updateTopic", "-c", "DefaultCluster", "-t", T, "-r", "1", "-w", "1"])).code).toBe(0);
  consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: CG, instanceName: "../../escaped", logger: silentLogger });
  consumer.subscribe(T, "*");
  consumer.registerMessageListener(() => "CONSUME_SUCCESS");
  await consumer.start();
}, 60_000);

afterAll(async () => {
  await consumer?.shutdown();
  await killAll();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("consumerStatus writes the running info of a client whose clientId holds ../ inside <now>/, not above the working directory", async () => {
  const proc = spawnMq("admin", ["admin", "consumerStatus", "-g", CG, "-n", cluster.namesrvAddr], { cwd: work });
  expect(await proc.exited).toBe(0);
  const path = proc.output().match(/^1\s+\S+\s+V4_9_8\s+(\d+\/\S+)$/m)?.[1];
  expect(path).toMatch(/^\d+\/[\d.]+@\.\._\.\._escaped$/);
  expect(existsSync(join(work, path ?? "missing"))).toBe(true);
  expect(existsSync(join(dir, "escaped"))).toBe(false);
}, 30_000);

test("a message whose UNIQ_KEY holds ../ gets its body file inside <tmpdir>/rocketmq/msgbodys", async () => {
  const client = new RemotingClient({ log: silentLogger });
  const properties = "UNIQ_KEY\u0001../../../escaped-body\u0002";
  const res = await client.invoke(cluster.brokerAddr, request(RequestCode.SEND_MESSAGE, {
    producerGroup: "PeerNamesPG", topic: T, defaultTopic: "TBW102", defaultTopicQueueNums: 4, queueId: 0, sysFlag: 0,
    bornTimestamp: Date.now(), flag: 0, properties, reconsumeTimes: 0, unitMode: "false", batch: "false",
  }, new TextEncoder().encode("body")), 5000);
  client.close();
  expect(res.code).toBe(0);
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  const r = await admin(cluster.namesrvAddr, ["queryMsgByOffset", "-t", T, "-b", "broker-a", "-i", "0", "-o", "0"], { TMPDIR: tmp });
  expect(r.code).toBe(0);
  const bodyPath = r.out.match(/^Message Body Path:\s+(\S+)$/m)?.[1];
  expect(bodyPath).toBe(join(tmp, "rocketmq", "msgbodys", ".._.._.._escaped-body"));
  expect(readdirSync(dir).sort()).toEqual(["tmp", "work"]);
}, 30_000);
