// `mq console` against a cluster with ACL 1.0 on (RocketMQ's example plain_acl.yml): it asks for a
// login, and a session reads and changes what its account may (the admin account creates a topic,
// a non-admin account's change is refused with the broker's reason); the keys it was started with
// (MQ_ACCESS_KEY) let no visitor in.
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

const json = { "content-type": "application/json" };

async function login(base: string, accessKey: string, secretKey: string) {
  const res = await fetch(`${base}/api/login`, { method: "POST", headers: json, body: JSON.stringify({ accessKey, secretKey }) });
  const body = (await res.json()) as { csrfToken?: string; error?: string };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: res.status, body, headers: { ...json, cookie, "x-csrf-token": body.csrfToken ?? "" } };
}

const create = (base: string, topic: string, headers: Record<string, string> = json) =>
  fetch(`${base}/api/topics`, { method: "POST", headers, body: JSON.stringify({ topic }) });

test("the console asks for a login; the admin account's login creates a topic and lists it", async () => {
  const base = await console({ MQ_ACCESS_KEY: "", MQ_SECRET_KEY: "" });
  const before = await create(base, "ConsoleAclTopic");
  expect(before.status).toBe(401);
  expect(((await before.json()) as { error: string }).error).toContain("POST /api/login");
  const admin = await login(base, ADMIN_ENV.MQ_ACCESS_KEY, ADMIN_ENV.MQ_SECRET_KEY);
  expect(admin.status).toBe(200);
  const res = await create(base, "ConsoleAclTopic", admin.headers);
  expect([res.status, await res.json()]).toEqual([200, { topic: "ConsoleAclTopic", cluster: "DefaultCluster", brokers: [cluster.brokerAddr] }]);
  const topics = (await (await fetch(`${base}/api/topics`, { headers: admin.headers })).json()) as Array<{ topic: string }>;
  expect(topics.map((t) => t.topic)).toContain("ConsoleAclTopic");
}, 60_000);

test("the keys the console was started with do not let a visitor in: without a login a change answers 401", async () => {
  const base = await console(ADMIN_ENV);
  const res = await create(base, "UnsignedTopic");
  expect(res.status).toBe(401);
  expect((await login(base, "rocketmq2", "wrong-secret")).status).toBe(401);
}, 60_000);

test("a non-admin account's change is refused with 403 and the broker's reason", async () => {
  const base = await console({ MQ_ACCESS_KEY: "", MQ_SECRET_KEY: "" });
  const reader = await login(base, "RocketMQ", "12345678");
  expect(reader.status).toBe(200);
  const res = await create(base, "ReaderTopic", reader.headers);
  const body = (await res.json()) as { error: string };
  expect(res.status).toBe(403);
  expect(body.error).toContain(`${cluster.brokerAddr}: CODE: 1 DESC: org.apache.rocketmq.acl.common.AclException: Need admin permission`);
}, 60_000);
