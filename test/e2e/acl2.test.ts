// ACL 2.0 end to end with the binary: a broker with authenticationEnabled, authorizationEnabled
// and a Super user from initAuthenticationUser; mq admin's 5.x subcommands make a Normal user and
// its ACL, which then produces and consumes where allowed and is refused elsewhere; no password
// is printed by mq admin or mq broker -p.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { admin, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

const INIT_USER = JSON.stringify({ username: "rocketmq", password: "superSecret1" });
const SUPER_ENV = { MQ_ACCESS_KEY: "rocketmq", MQ_SECRET_KEY: "superSecret1" };
const ALICE = ["--access-key", "alice", "--secret-key", "alicePass1"];
let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ authenticationEnabled: "true", authorizationEnabled: "true", initAuthenticationUser: INIT_USER });
}, 60_000);

afterAll(async () => {
  await killAll();
  await cluster?.stop();
});

const adminOk = async (args: string[]) => {
  const r = await admin(cluster.namesrvAddr, [...args, "-c", "DefaultCluster"], SUPER_ENV);
  if (r.code !== 0) throw new Error(`mq admin ${args.join(" ")} exited ${r.code}:\n${r.out}`);
  return r.out;
};

async function tool(args: string[]): Promise<{ code: number; out: string }> {
  const proc = spawnMq(args[0]!, [...args, "-n", cluster.namesrvAddr]);
  const code = await proc.exited;
  return { code, out: proc.output() };
}

test("mq admin createUser and createAcl let a Normal user produce and consume where allowed, and nowhere else", async () => {
  expect(await adminOk(["updateTopic", "-t", "T2"])).toContain("create topic to");
  expect(await adminOk(["createUser", "-u", "alice", "-p", "alicePass1"])).toContain(`create user to ${cluster.brokerAddr} success.`);
  expect(await adminOk(["createAcl", "-s", "User:alice", "-r", "Topic:T2,Group:G2", "-a", "Pub,Sub"])).toContain("create acl to");
  const sent = await tool(["produce", "-t", "T2", "-c", "2", ...ALICE]);
  expect(sent.out).toContain("SEND_OK");
  const got = await tool(["consume", "-t", "T2", "-g", "G2", "-c", "2", ...ALICE]);
  expect(got.code).toBe(0);
  const refused = await tool(["produce", "-t", "T3", "-c", "1", ...ALICE]);
  expect(refused.code).not.toBe(0);
  expect(refused.out).toContain("User:alice has no permission to access Topic:T3 from 127.0.0.1, no matched policies.");
}, 60_000);

test("getUser, listUser, getAcl and listAcl show users and policies as mqadmin does, never a password", async () => {
  const user = await adminOk(["getUser", "-u", "alice"]);
  expect(user).toMatch(/^#UserName\s+#Password\s+#UserType\s+#UserStatus\s*$/m);
  expect(user).toMatch(/^alice\s+Normal\s+enable\s*$/m);
  const users = await adminOk(["listUser"]);
  expect(users).toMatch(/^rocketmq\s+Super\s+enable\s*$/m);
  expect(users + user).not.toContain("alicePass1");
  expect(users + user).not.toContain("superSecret1");
  const acl = await adminOk(["getAcl", "-s", "User:alice"]);
  expect(acl).toMatch(/^User:alice\s+Custom\s+Topic:T2\s+\[Pub, Sub\]\s+\[\]\s+Allow\s*$/m);
  expect(await adminOk(["listAcl", "-s", "alice"])).toMatch(/^User:alice\s+Custom\s+Group:G2\s+\[Pub, Sub\]/m);
  expect(await adminOk(["deleteAcl", "-s", "User:alice", "-r", "Topic:T2"])).toContain("delete acl to");
  expect((await tool(["produce", "-t", "T2", "-c", "1", ...ALICE])).out).toContain("no matched policies");
  expect(await adminOk(["deleteUser", "-u", "alice"])).toContain("delete user to");
  expect((await tool(["produce", "-t", "T2", "-c", "1", ...ALICE])).out).toContain("User:alice is not found.");
}, 60_000);

test("a Normal user's mq admin createUser is refused with RocketMQ 5's reason", async () => {
  await adminOk(["createUser", "-u", "bob", "-p", "bobPass123"]);
  const r = await admin(cluster.namesrvAddr, ["createUser", "-u", "eve", "-p", "evePass123", "-c", "DefaultCluster",
    "--access-key", "bob", "--secret-key", "bobPass123"]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain("User:bob has no permission to access Cluster:DefaultCluster from 127.0.0.1, no matched policies.");
}, 60_000);

test("mq broker -p says initAuthenticationUser is set without showing it", async () => {
  const proc = spawnMq("print", ["broker", "-p", "--authenticationEnabled=true", `--initAuthenticationUser=${INIT_USER}`]);
  expect(await proc.exited).toBe(0);
  const out = proc.output();
  expect(out).toContain("authenticationEnabled=true");
  expect(out).toMatch(/a secret: not shown\n#initAuthenticationUser=\n/);
  expect(out).not.toContain("superSecret1");
}, 30_000);
