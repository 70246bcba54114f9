// RocketMQ 4.9's ACL files on a broker with aclEnable: accounts of conf/acl/*.yml are checked as
// plain_acl.yml's are, and the 4.x ACL admin codes write the file that defines the account (a new
// one goes to plain_acl.yml), a global white list to the ACL file named, and clusterAclConfigVersion
// lists every file.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger, RequestCode, ResponseCode } from "../../../src/common/index.ts";
import { RemotingClient, request, signRequest } from "../../../src/remoting/index.ts";
import { adminContext, aclConfigVersions, deleteAclConfig, updateAclConfig, updateGlobalWhiteAddrs } from "../../../src/admin/index.ts";
import { Broker } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";
import { ADMIN, sendHeader } from "./probe-cases.ts";

const dir = tempDir("mq-acl-files-");
const aclFile = join(dir.path, "conf", "plain_acl.yml");
const teamFile = join(dir.path, "conf", "acl", "team.yml");
const TEAM = { accessKey: "teamUser1", secretKey: "teamSecret-1" };
let broker: Broker;
const adminClient = new RemotingClient({ log: createLogger({ level: "error" }), credentials: ADMIN });
const raw = new RemotingClient({ log: createLogger({ level: "error" }) });
const ctx = () => adminContext(adminClient, "127.0.0.1:1");
const target = () => ({ brokerAddr: broker.brokerAddr });
const sendAs = (who: { accessKey: string; secretKey: string }, topic: string) =>
  raw.invoke(broker.brokerAddr, signRequest(request(RequestCode.SEND_MESSAGE_V2, sendHeader(topic), new Uint8Array([1])), who), 3000);

beforeAll(async () => {
  mkdirSync(join(dir.path, "conf", "acl"), { recursive: true });
  copyFileSync(join(import.meta.dir, "plain_acl.yml"), aclFile);
  writeFileSync(teamFile, `accounts:\n  - accessKey: ${TEAM.accessKey}\n    secretKey: ${TEAM.secretKey}\n    defaultTopicPerm: DENY\n    topicPerms:\n      - teamTopic=PUB\n`);
  broker = new Broker({ ...testBrokerInit(join(dir.path, "store")), log: createLogger({ level: "error" }), aclEnable: true, aclFile });
  await broker.start();
});

afterAll(async () => {
  adminClient.close();
  raw.close();
  await broker.stop();
  dir.remove();
});

test("an account of conf/acl/team.yml signs requests as one of plain_acl.yml does", async () => {
  expect((await sendAs(TEAM, "teamTopic")).code).toBe(ResponseCode.SUCCESS);
  expect((await sendAs(TEAM, "otherTopic")).remark).toContain("No default permission for topic:otherTopic");
});

test("updateAclConfig writes the file that defines the account; a new account goes to plain_acl.yml", async () => {
  await updateAclConfig(ctx(), { accessKey: TEAM.accessKey, topicPerms: ["teamTopic=PUB", "otherTopic=PUB"] }, target());
  expect(readFileSync(teamFile, "utf8")).toContain("otherTopic=PUB");
  expect(readFileSync(aclFile, "utf8")).not.toContain(TEAM.accessKey);
  expect((await sendAs(TEAM, "otherTopic")).code).toBe(ResponseCode.SUCCESS);
  await updateAclConfig(ctx(), { accessKey: "brandNew1", secretKey: "brandNewSecret", topicPerms: ["n=PUB"] }, target());
  expect(readFileSync(aclFile, "utf8")).toContain("brandNew1");
  expect(readFileSync(teamFile, "utf8")).not.toContain("brandNew1");
});

test("updateGlobalWhiteAddr -p writes the ACL file named; a path that is no ACL file in force is refused (211) and not made", async () => {
  await updateGlobalWhiteAddrs(ctx(), ["172.16.0.*"], target(), teamFile);
  expect(readFileSync(teamFile, "utf8")).toContain("172.16.0.*");
  expect(readFileSync(aclFile, "utf8")).not.toContain("172.16.0.*");
  const elsewhere = join(dir.path, "conf", "elsewhere.yml");
  await expect(updateGlobalWhiteAddrs(ctx(), ["10.0.0.*"], target(), elsewhere)).rejects.toThrow(/CODE: 211 .*not one of this broker's ACL files/);
  expect(existsSync(elsewhere)).toBe(false);
});

test("clusterAclConfigVersion lists every ACL file with its version; deleteAclConfig removes the account from its file", async () => {
  const rows = await aclConfigVersions(ctx(), target());
  expect(rows.map((r) => r.aclFile)).toEqual([teamFile, aclFile]);
  expect(rows.find((r) => r.aclFile === teamFile)?.counter).toBe(2); // read at start, then two changes written
  await deleteAclConfig(ctx(), TEAM.accessKey, target());
  expect(readFileSync(teamFile, "utf8")).not.toContain(TEAM.accessKey);
  expect((await sendAs(TEAM, "teamTopic")).remark).toContain(`No acl config for ${TEAM.accessKey}`);
});
