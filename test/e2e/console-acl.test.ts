// `mq console` against a cluster with ACL 1.0 on (RocketMQ's example plain_acl.yml): it signs
// with the keys mq admin takes, so it reads and changes what the admin account may; without keys
// a change is refused with the broker's reason, shown as the console's error.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, killAll, spawnMq, startCluster, tempDir, type Cluster } from "./harness.ts";

const ADMIN_ENV = { MQ_ACCESS_KEY: "rocketmq2", MQ_SECRET_KEY: "12345678" };
let cluster: Cluster;
const home = tempDir("mq-console-acl-");
const aclFile = join(home, "conf", "plain_acl.yml");

beforeAll(async () => {
  mkdirSync(join(home, "conf"), { recursive: true });
  copyFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), aclFile);
  cluster = await startCluster({ aclEnable: "true", aclFile }, ["--aclEnable=true", `--aclFile=${aclFile}`]);
}, 60_000);

afterAll(async () => {
  await killAll();
  await cluster?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function console(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const proc = spawnMq("console", ["console", "-n", cluster.namesrvAddr, "--port", String(port)], { env, cwd: home });
  await proc.until(() => proc.lines.includes(`The console is at http://127.0.0.1:${port}/`), "the console line");
  return `http://127.0.0.1:${port}`;
}

const create = (base: string, topic: string) =>
  fetch(`${base}/api/topics`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic }) });

test("with the admin account's keys the console creates a topic and lists it", async () => {
  const base = await console(ADMIN_ENV);
  const res = await create(base, "ConsoleAclTopic");
  expect([res.status, await res.json()]).toEqual([200, { topic: "ConsoleAclTopic", cluster: "DefaultCluster", brokers: [cluster.brokerAddr] }]);
  const topics = (await (await fetch(`${base}/api/topics`)).json()) as Array<{ topic: string }>;
  expect(topics.map((t) => t.topic)).toContain("ConsoleAclTopic");
}, 60_000);

test("without keys the console's change is refused, with the broker's reason", async () => {
  const base = await console({ MQ_ACCESS_KEY: "", MQ_SECRET_KEY: "" });
  const res = await create(base, "UnsignedTopic");
  const body = (await res.json()) as { error: string };
  expect(res.status).toBe(502);
  expect(body.error).toBe(`${cluster.brokerAddr}: CODE: 1 DESC: org.apache.rocketmq.acl.common.AclException: No accessKey is configured`);
}, 60_000);
