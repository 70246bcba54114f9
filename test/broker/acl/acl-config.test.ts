// The 4.x ACL admin codes on a broker with aclEnable: an admin account creates, changes and
// deletes accounts and the global white list in plain_acl.yml, the new rules apply to the next
// request, the version counts the changes, a non-admin is refused, no secret reaches the log,
// and nothing but aclFile is ever written.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger, RequestCode, ResponseCode } from "../../../src/common/index.ts";
import { RemotingClient, request, signRequest } from "../../../src/remoting/index.ts";
import { adminContext, aclConfigVersions, deleteAclConfig, updateAclConfig, updateGlobalWhiteAddrs } from "../../../src/admin/index.ts";
import { Broker } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";
import { ADMIN, sendHeader, USER } from "./probe-cases.ts";

const dir = tempDir("mq-acl-config-");
const aclFile = join(dir.path, "conf", "plain_acl.yml");
const logLines: string[] = [];
let broker: Broker;
let plain: Broker;
const adminClient = new RemotingClient({ log: createLogger({ level: "error" }), credentials: ADMIN });
const userClient = new RemotingClient({ log: createLogger({ level: "error" }), credentials: USER });
const raw = new RemotingClient({ log: createLogger({ level: "error" }) });
const NEW = { accessKey: "newUser1", secretKey: "newSecret-77" };

beforeAll(async () => {
  mkdirSync(join(dir.path, "conf"), { recursive: true });
  copyFileSync(join(import.meta.dir, "plain_acl.yml"), aclFile);
  const log = createLogger({ level: "info", write: (line) => logLines.push(line) });
  broker = new Broker({ ...testBrokerInit(join(dir.path, "store")), log, aclEnable: true, aclFile });
  plain = new Broker(testBrokerInit(join(dir.path, "plain")));
  await broker.start();
  await plain.start();
});

afterAll(async () => {
  for (const c of [adminClient, userClient, raw]) c.close();
  await broker.stop();
  await plain.stop();
  dir.remove();
});

const target = () => ({ brokerAddr: broker.brokerAddr });
const sendAs = (who: { accessKey: string; secretKey: string }, topic: string) =>
  raw.invoke(broker.brokerAddr, signRequest(request(RequestCode.SEND_MESSAGE_V2, sendHeader(topic), new Uint8Array([1])), who), 3000);

test("an admin creates an account that may send at once, and deletes it so it may not", async () => {
  const ctx = adminContext(adminClient, "127.0.0.1:1");
  const before = (await aclConfigVersions(ctx, target()))[0]!.counter;
  expect((await sendAs(NEW, "topicN")).remark).toContain("No acl config for newUser1");
  await updateAclConfig(ctx, { ...NEW, admin: false, defaultTopicPerm: "DENY", topicPerms: ["topicN=PUB"] }, target());
  expect((await sendAs(NEW, "topicN")).code).toBe(ResponseCode.SUCCESS);
  expect((await sendAs(NEW, "topicB")).remark).toContain("No default permission for topic:topicB");
  expect(readFileSync(aclFile, "utf8")).toContain("topicN=PUB");
  expect((await aclConfigVersions(ctx, target()))[0]).toMatchObject({ aclFile, counter: before + 1, brokerAddr: broker.brokerAddr });
  await deleteAclConfig(ctx, NEW.accessKey, target());
  expect((await sendAs(NEW, "topicN")).remark).toContain("No acl config for newUser1");
  expect(logLines.join("")).not.toContain(NEW.secretKey);
});

test("an update keeps what it does not name, as RocketMQ's does", async () => {
  const ctx = adminContext(adminClient, "127.0.0.1:1");
  await updateAclConfig(ctx, { accessKey: "RocketMQ", topicPerms: ["topicA=DENY", "topicB=PUB|SUB", "topicC=PUB"] }, target());
  expect((await sendAs(USER, "topicC")).code).toBe(ResponseCode.SUCCESS);
  expect(readFileSync(aclFile, "utf8")).toContain("defaultGroupPerm: SUB");
});

test("a non-admin may not change accounts, and a bad change leaves the file as it was", async () => {
  const user = adminContext(userClient, "127.0.0.1:1");
  await expect(updateAclConfig(user, { ...NEW }, target())).rejects.toThrow("Need admin permission for request code=50, but accessKey=RocketMQ is not");
  const before = readFileSync(aclFile, "utf8");
  const ctx = adminContext(adminClient, "127.0.0.1:1");
  await expect(updateAclConfig(ctx, { accessKey: "newUser2", secretKey: "short" }, target())).rejects.toThrow(/CODE: 209 .*secretKey .*at least 7 characters/);
  await expect(updateAclConfig(ctx, { accessKey: "newUser2", secretKey: "long-enough", topicPerms: ["t=READ"] }, target())).rejects.toThrow(/CODE: 209/);
  expect(readFileSync(aclFile, "utf8")).toBe(before);
});

test("the global white list is written to aclFile only; another path is refused and not created", async () => {
  const ctx = adminContext(adminClient, "127.0.0.1:1");
  const elsewhere = join(dir.path, "elsewhere.yml");
  await expect(updateGlobalWhiteAddrs(ctx, ["10.0.0.*"], target(), elsewhere)).rejects.toThrow(/CODE: 211 .*mq writes only/);
  expect(existsSync(elsewhere)).toBe(false);
  await updateGlobalWhiteAddrs(ctx, ["10.0.0.*", "10.10.103.*"], target());
  expect(readFileSync(aclFile, "utf8")).toContain("10.0.0.*");
});

test("without aclEnable the ACL codes say how to turn ACL on", async () => {
  const res = await raw.invoke(plain.brokerAddr, request(50, { accessKey: "someone1", secretKey: "whatever-1" }), 3000);
  expect(res.code).toBe(209);
  expect(res.remark).toContain("ACL is off on broker");
  expect(res.remark).toContain("set aclEnable=true");
});
