// ACL 1.0 on the broker's wire, against the answers Apache RocketMQ 4.9.7 gave to the same
// requests with the same plain_acl.yml (scripts/acl-probe.ts; figures in reference-answers.ts):
// a wrong secret, a missing signature, a topic without PUB, a group without SUB and a non-admin
// creating a topic are refused with SYSTEM_ERROR and RocketMQ's AclException text.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createLogger, RequestCode, ResponseCode } from "../../../src/common/index.ts";
import { RemotingClient, request, signRequest } from "../../../src/remoting/index.ts";
import { Broker } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";
import { aclProbeCases, pullHeader, sendHeader, USER } from "./probe-cases.ts";
import { REFERENCE_ANSWERS } from "./reference-answers.ts";

const dir = tempDir("mq-acl-wire-");
const aclFile = join(dir.path, "conf", "plain_acl.yml");
const logLines: string[] = [];
let broker: Broker;
const client = new RemotingClient({ log: createLogger({ level: "error" }) });

beforeAll(async () => {
  mkdirSync(join(dir.path, "conf"), { recursive: true });
  copyFileSync(join(import.meta.dir, "plain_acl.yml"), aclFile);
  const log = createLogger({ level: "info", write: (line) => logLines.push(line) });
  broker = new Broker({ ...testBrokerInit(join(dir.path, "store")), log, aclEnable: true, aclFile });
  await broker.start();
});

afterAll(async () => {
  client.close();
  await broker.stop();
  dir.remove();
});

for (const c of aclProbeCases()) {
  test(`${c.name}: answered as Apache RocketMQ answers it`, async () => {
    const cmd = request(c.code, c.extFields, c.body);
    if (c.credentials !== undefined) signRequest(cmd, c.credentials);
    if (c.dropSignature === true) delete cmd.extFields.Signature;
    const res = await client.invoke(broker.brokerAddr, cmd, 3000);
    const expected = REFERENCE_ANSWERS[c.name]!;
    expect(res.code).toBe(expected.code);
    if (expected.code === ResponseCode.SYSTEM_ERROR) expect(res.remark).toBe(expected.remark);
  });
}

test("a send and a pull with the right key get through", async () => {
  const send = request(RequestCode.SEND_MESSAGE_V2, sendHeader("topicB"), new TextEncoder().encode("x"));
  expect((await client.invoke(broker.brokerAddr, signRequest(send, USER), 3000)).code).toBe(ResponseCode.SUCCESS);
  const pull = request(RequestCode.PULL_MESSAGE, pullHeader("topicB", "groupB"));
  const res = await client.invoke(broker.brokerAddr, signRequest(pull, USER), 3000);
  expect(res.remark ?? "").not.toContain("AclException");
});

test("a refused request is logged with its code and access key, never the secret or the signature", async () => {
  const cmd = signRequest(request(RequestCode.SEND_MESSAGE_V2, sendHeader("topicB"), new TextEncoder().encode("x")),
    { accessKey: "RocketMQ", secretKey: "the-wrong-secret-42" });
  const res = await client.invoke(broker.brokerAddr, cmd, 3000);
  expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
  const refusals = logLines.filter((l) => l.includes("refused by ACL"));
  expect(refusals.some((l) => l.includes("accessKey=RocketMQ") || l.includes("RocketMQ"))).toBe(true);
  const all = logLines.join("");
  expect(all).not.toContain("the-wrong-secret-42");
  expect(all).not.toContain("12345678");
  expect(all).not.toContain(cmd.extFields.Signature!);
});

test("the broker says at start that ACL is in force and from which file", () => {
  expect(logLines.some((l) => l.includes("aclEnable=true") && l.includes(aclFile))).toBe(true);
});
