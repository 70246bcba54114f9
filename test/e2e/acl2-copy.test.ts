// Issue 16: mqadmin 5.x's copyUser and copyAcl with the compiled ./mq: two ACL 2.0 brokers (each
// with the same Super user); the users and ACLs of one are created on the other, passwords
// included, so a copied user then produces on the second broker where her copied ACL allows.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { admin, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

const INIT_USER = JSON.stringify({ username: "rocketmq", password: "superSecret1" });
const SUPER = ["--access-key", "rocketmq", "--secret-key", "superSecret1"];
const ALICE = ["--access-key", "alice", "--secret-key", "alicePass1"];
const ACL2 = { authenticationEnabled: "true", authorizationEnabled: "true", initAuthenticationUser: INIT_USER };
let source: Cluster;
let target: Cluster;

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(ACL2), startCluster(ACL2)]);
}, 60_000);

afterAll(async () => {
  await killAll();
  await Promise.all([source?.stop(), target?.stop()]);
});

async function on(c: Cluster, args: string[], who = SUPER): Promise<{ code: number; out: string }> {
  return admin(c.namesrvAddr, [...args, ...who]);
}

async function ok(c: Cluster, args: string[]): Promise<string> {
  const r = await on(c, args);
  if (r.code !== 0) throw new Error(`mq admin ${args.join(" ")} exited ${r.code}:\n${r.out}`);
  return r.out;
}

async function produceAsAlice(c: Cluster, topic: string): Promise<string> {
  const proc = spawnMq("produce", ["produce", "-t", topic, "-c", "1", ...ALICE, "-n", c.namesrvAddr]);
  await proc.exited;
  return proc.output();
}

test("copyUser copies every user of the source broker, passwords included; copyAcl -s copies the subject's ACL", async () => {
  await ok(source, ["createUser", "-u", "alice", "-p", "alicePass1", "-c", "DefaultCluster"]);
  await ok(source, ["createAcl", "-s", "User:alice", "-r", "Topic:CopyT", "-a", "Pub", "-c", "DefaultCluster"]);
  await ok(target, ["updateTopic", "-t", "CopyT", "-c", "DefaultCluster"]);
  expect(await produceAsAlice(target, "CopyT")).toContain("User:alice is not found.");

  const users = await ok(source, ["copyUser", "-f", source.brokerAddr, "-t", target.brokerAddr]);
  expect(users.split("\n").sort()).toEqual([
    `copy user of alice from ${source.brokerAddr} to ${target.brokerAddr} success.`,
    `copy user of rocketmq from ${source.brokerAddr} to ${target.brokerAddr} success.`,
  ]);
  expect(await produceAsAlice(target, "CopyT")).toContain("User:alice has no permission to access Topic:CopyT");

  const acls = await ok(source, ["copyAcl", "-f", source.brokerAddr, "-t", target.brokerAddr, "-s", "User:alice"]);
  expect(acls).toBe(`copy acl of User:alice from ${source.brokerAddr} to ${target.brokerAddr} success.`);
  expect(await produceAsAlice(target, "CopyT")).toContain("SEND_OK");
  expect(await ok(target, ["getAcl", "-s", "User:alice", "-c", "DefaultCluster"])).toMatch(/^User:alice\s+Custom\s+Topic:CopyT\s+\[Pub\]/m);
}, 60_000);

test("copyUser again updates the users the target has; -u copies only those named; an unknown name copies nothing", async () => {
  await ok(source, ["updateUser", "-u", "alice", "-s", "disable", "-c", "DefaultCluster"]);
  const again = await ok(source, ["copyUser", "-f", source.brokerAddr, "-t", target.brokerAddr, "-u", "alice"]);
  expect(again).toBe(`copy user of alice from ${source.brokerAddr} to ${target.brokerAddr} success.`);
  expect(await produceAsAlice(target, "CopyT")).toContain("User:alice is disabled.");
  const none = await on(source, ["copyUser", "-f", source.brokerAddr, "-t", target.brokerAddr, "-u", "nobody"]);
  expect(none).toEqual({ code: 0, out: `mq admin copyUser: ${source.brokerAddr} has no such user; nothing copied` });
}, 60_000);

test("copyUser signed by a user who is not Super gets no passwords, so it creates no user and says why (exit 1)", async () => {
  await ok(source, ["createUser", "-u", "carol", "-p", "carolPass1", "-c", "DefaultCluster"]);
  await ok(source, ["createUser", "-u", "dave", "-p", "davePass12", "-c", "DefaultCluster"]);
  await ok(source, ["createAcl", "-s", "User:dave", "-r", "Cluster:DefaultCluster", "-a", "Get,Update", "-c", "DefaultCluster"]);
  await ok(target, ["createUser", "-u", "dave", "-p", "davePass12", "-c", "DefaultCluster"]);
  await ok(target, ["createAcl", "-s", "User:dave", "-r", "Cluster:DefaultCluster", "-a", "Get,Update", "-c", "DefaultCluster"]);
  const r = await on(source, ["copyUser", "-f", source.brokerAddr, "-t", target.brokerAddr, "-u", "carol"], ["--access-key", "dave", "--secret-key", "davePass12"]);
  expect(r.code).toBe(1);
  expect(r.out).toContain(`${source.brokerAddr} sent no password for user carol, so it cannot be created on ${target.brokerAddr}`);
  expect(await ok(target, ["getUser", "-u", "carol", "-c", "DefaultCluster"])).toBe("");
}, 60_000);
