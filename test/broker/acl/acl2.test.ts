// ACL 2.0 on the broker's wire: users and ACLs in meta.db, managed with AUTH_* (3001-3010);
// authentication by signature with the user's password, authorization by Allow/Deny policies on
// topics, groups and the cluster, with prefixes and source IPs; refusals are NO_PERMISSION with
// Apache RocketMQ 5's words (reference-answers-v2.ts).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { createLogger, RequestCode, ResponseCode } from "../../../src/common/index.ts";
import { RemotingClient, request, signRequest, type Credentials } from "../../../src/remoting/index.ts";
import { Broker, type BrokerInit } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";
import { sendHeader } from "./probe-cases.ts";
import { aclBody, ALICE, INIT_USER, SUPER, userBody } from "./acl2-cases.ts";

const dir = tempDir("mq-acl2-");
const logLines: string[] = [];
const raw = new RemotingClient({ log: createLogger({ level: "error" }) });
const init = (): BrokerInit => ({
  ...testBrokerInit(join(dir.path, "store")), log: createLogger({ level: "info", write: (l) => logLines.push(l) }),
  authenticationEnabled: true, authorizationEnabled: true, initAuthenticationUser: INIT_USER,
});
let broker: Broker;

beforeAll(async () => {
  broker = new Broker(init());
  await broker.start();
});

afterAll(async () => {
  raw.close();
  await broker.stop();
  dir.remove();
});

const call = (code: number, ext: Record<string, string>, body?: Uint8Array, who?: Credentials) => {
  const cmd = request(code, ext, body);
  return raw.invoke(broker.brokerAddr, who === undefined ? cmd : signRequest(cmd, who), 3000);
};
const send = (topic: string, who?: Credentials) => call(RequestCode.SEND_MESSAGE_V2, sendHeader(topic), new Uint8Array([1]), who);

test("authentication: unsigned, unknown user and wrong password are refused with RocketMQ 5's words", async () => {
  expect(await send("T")).toMatchObject({ code: ResponseCode.NO_PERMISSION, remark: "username cannot be null." });
  expect((await send("T", { accessKey: "bob", secretKey: "whatever1" })).remark).toBe("User:bob is not found.");
  expect((await send("T", { accessKey: "rocketmq", secretKey: "wrong-password" })).remark).toBe("check signature failed.");
  expect((await send("T", SUPER)).code).toBe(ResponseCode.SUCCESS);
});

test("a Normal user needs an Allow policy: none, then Allow, prefixed Allow with a literal Deny, and source IPs", async () => {
  expect((await call(3001, { username: "alice" }, userBody("alice", ALICE.secretKey), SUPER)).code).toBe(ResponseCode.SUCCESS);
  expect((await send("T", ALICE)).remark).toBe("User:alice has no permission to access Topic:T from 127.0.0.1, no matched policies.");
  const grant = await call(3006, { subject: "User:alice" }, aclBody("User:alice", [
    { resource: "Topic:T", actions: ["Pub"], decision: "Allow" },
    { resource: "Topic:pre*", actions: ["Pub", "Sub"], decision: "Allow" },
    { resource: "Topic:pre-x", actions: ["Pub"], decision: "Deny" },
    { resource: "Topic:far", actions: ["All"], decision: "Allow", sourceIps: ["10.0.0.0/8"] },
  ]), SUPER);
  expect(grant.code).toBe(ResponseCode.SUCCESS);
  expect((await send("T", ALICE)).code).toBe(ResponseCode.SUCCESS);
  expect((await send("pre-y", ALICE)).code).toBe(ResponseCode.SUCCESS);
  expect((await send("pre-x", ALICE)).remark).toBe("User:alice has no permission to access Topic:pre-x from 127.0.0.1, the decision is deny.");
  expect((await send("far", ALICE)).remark).toBe("User:alice has no permission to access Topic:far from 127.0.0.1, no matched policies.");
});

test("a Normal user may not manage users (Cluster Update), and may not make a Super user even with it", async () => {
  const res = await call(3001, { username: "eve" }, userBody("eve", "evePass123"), ALICE);
  expect(res.remark).toBe("User:alice has no permission to access Cluster:DefaultCluster from 127.0.0.1, no matched policies.");
  await call(3007, { subject: "User:alice" }, aclBody("User:alice", [{ resource: "Cluster:DefaultCluster", actions: ["Update"], decision: "Allow" }]), SUPER);
  const superByAlice = await call(3001, { username: "eve" }, userBody("eve", "evePass123", "Super"), ALICE);
  expect(superByAlice).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: "The super user can only be create by super user" });
});

test("GET_USER and LIST_USER send passwords only to a request signed by a Super user (copyUser needs them); GET_ACL shows the merged policies", async () => {
  const user = await call(3004, { username: "alice" }, undefined, SUPER);
  expect(JSON.parse(new TextDecoder().decode(user.body))).toEqual({ username: "alice", password: ALICE.secretKey, userType: "Normal", userStatus: "enable" });
  expect(new TextDecoder().decode((await call(3005, {}, undefined, SUPER)).body)).toContain(SUPER.secretKey);
  await call(3007, { subject: "User:alice" }, aclBody("User:alice", [{ resource: "Cluster:DefaultCluster", actions: ["Get"], decision: "Allow" }]), SUPER);
  const byAlice = await call(3004, { username: "alice" }, undefined, ALICE);
  expect(JSON.parse(new TextDecoder().decode(byAlice.body))).toEqual({ username: "alice", userType: "Normal", userStatus: "enable" });
  const list = new TextDecoder().decode((await call(3005, {}, undefined, ALICE)).body);
  expect(list).toContain("alice");
  expect(list).not.toContain(ALICE.secretKey);
  expect(list).not.toContain(SUPER.secretKey);
  const acl = JSON.parse(new TextDecoder().decode((await call(3009, { subject: "User:alice" }, undefined, SUPER)).body)) as {
    policies: Array<{ entries: Array<{ resource: string }> }>;
  };
  expect(acl.policies[0]!.entries.map((e) => e.resource)).toEqual(["Topic:T", "Topic:pre*", "Topic:pre-x", "Topic:far", "Cluster:DefaultCluster"]);
});

test("users and ACLs live in meta.db: after a restart alice may still send to T; disabled, she may not", async () => {
  await broker.stop();
  broker = new Broker(init());
  await broker.start();
  expect((await send("T", ALICE)).code).toBe(ResponseCode.SUCCESS);
  await call(3002, { username: "alice" }, new TextEncoder().encode(JSON.stringify({ userStatus: "disable" })), SUPER);
  expect((await send("T", ALICE)).remark).toBe("User:alice is disabled.");
});

test("no password reaches the log or GET_BROKER_CONFIG", async () => {
  const config = new TextDecoder().decode((await call(RequestCode.GET_BROKER_CONFIG, {}, undefined, SUPER)).body);
  expect(config).toContain("authenticationEnabled=true");
  expect(config).not.toContain(SUPER.secretKey);
  const logged = logLines.join("");
  expect(logged).not.toContain(SUPER.secretKey);
  expect(logged).not.toContain(ALICE.secretKey);
  expect(logged).toContain("request refused by ACL 2.0");
});
