// The console all-in-one serves beside its broker, with ACL 1.0 on (RocketMQ's example
// plain_acl.yml): its pages ask for a login; its dashboard's background reads sign with the keys
// mq console takes from the environment (MQ_ACCESS_KEY / MQ_SECRET_KEY, else tools.yml); without
// keys the start says how to give it some, instead of a refused request in the broker's log every
// 10 s and nothing else.
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { allInOne } from "./all-in-one.ts";
import { killAll, tempDir } from "./harness.ts";

const dirs: string[] = [];
afterAll(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function aclAllInOne(env: Record<string, string>) {
  const dir = tempDir("mq-console-beside-acl-");
  dirs.push(dir);
  const aclFile = join(dir, "plain_acl.yml");
  copyFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), aclFile);
  return allInOne(dir, ["--aclEnable=true", `--aclFile=${aclFile}`], undefined, env);
}

type ClusterRow = { version: string; error?: string };

test("all-in-one with ACL on and keys in MQ_ACCESS_KEY/MQ_SECRET_KEY: no warning at start, its pages ask for a login, and a login reads the broker's runtime info", async () => {
  const { proc, consolePort } = await aclAllInOne({ MQ_ACCESS_KEY: "rocketmq2", MQ_SECRET_KEY: "12345678" });
  const base = `http://127.0.0.1:${consolePort}`;
  expect((await fetch(`${base}/api/cluster`)).status).toBe(401);
  const res = await fetch(`${base}/api/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ accessKey: "rocketmq2", secretKey: "12345678" }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const rows = (await (await fetch(`${base}/api/cluster`, { headers: { cookie } })).json()) as ClusterRow[];
  expect(rows.map((r) => [r.version, r.error])).toEqual([["V4_9_8", undefined]]);
  expect(proc.output()).not.toContain("has no ACL keys");
}, 60_000);

test("all-in-one with ACL on and no keys says at start that its console needs them, and how to give them", async () => {
  const { proc } = await aclAllInOne({ MQ_ACCESS_KEY: "", MQ_SECRET_KEY: "", ROCKETMQ_HOME: "" });
  expect(proc.output()).toContain(
    "the console beside this broker has no ACL keys, so the broker refuses its dashboard's background reads (its pages ask for a login): " +
      "start with MQ_ACCESS_KEY and MQ_SECRET_KEY set to an account that may read (or $ROCKETMQ_HOME/conf/tools.yml), or run mq console --access-key K --secret-key S",
  );
}, 60_000);

test("half a pair of keys does not stop all-in-one: the broker serves and the start says why its console signs nothing", async () => {
  const { proc } = await aclAllInOne({ MQ_ACCESS_KEY: "rocketmq2", MQ_SECRET_KEY: "" });
  expect(proc.output()).toContain(
    "the console beside this broker signs nothing: MQ_ACCESS_KEY and MQ_SECRET_KEY go together: give both, or neither to send unsigned requests",
  );
  expect(proc.output()).toMatch(/The broker\[broker-a, 127\.0\.0\.1:\d+\] boot success/);
}, 60_000);
