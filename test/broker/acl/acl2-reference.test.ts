// The ACL 2.0 steps of acl2-cases.ts against mq, in order, each answered as Apache RocketMQ 5.5.0
// answered it (reference-answers-v2.ts).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { silentLogger } from "../../../src/common/index.ts";
import { RemotingClient, request, signRequest } from "../../../src/remoting/index.ts";
import { Broker } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";
import { acl2ProbeSteps, INIT_USER } from "./acl2-cases.ts";
import { REFERENCE_ANSWERS_V2 } from "./reference-answers-v2.ts";

const dir = tempDir("mq-acl2-ref-");
const client = new RemotingClient({ log: silentLogger });
const broker = new Broker({
  ...testBrokerInit(join(dir.path, "store")), authenticationEnabled: true, authorizationEnabled: true, initAuthenticationUser: INIT_USER,
});

beforeAll(() => broker.start());
afterAll(async () => {
  client.close();
  await broker.stop();
  dir.remove();
});

test("every ACL 2.0 step gets Apache RocketMQ 5.5.0's code and remark", async () => {
  const answers: Record<string, { code: number; remark?: string }> = {};
  for (const s of acl2ProbeSteps()) {
    const cmd = request(s.code, s.extFields, s.body);
    const res = await client.invoke(broker.brokerAddr, s.who === undefined ? cmd : signRequest(cmd, s.who), 3000);
    answers[s.name] = res.code === 0 ? { code: 0 } : { code: res.code, remark: res.remark ?? "" };
  }
  expect(answers).toEqual(REFERENCE_ANSWERS_V2);
});
