// ACL 1.0 with the real Java clients (rocketmq-client 4.9.8 and 5.x, AclClientRPCHook with
// SessionCredentials) against ./mq all-in-one with aclEnable=true and acl/plain_acl.yml: the right
// key produces and consumes; a wrong secret, a topic without PUB, a group without SUB and a
// non-admin creating a topic get RocketMQ's code (1, SYSTEM_ERROR) and AclException text, as
// Apache RocketMQ 4.9.7 answers the same client (see the final figures in the ACL commit).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import { ACL_CLIENTS as CLIENTS, aclTopics, startJavaAclRuns } from "./java-acl-runs.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const ACL_FILE = join(import.meta.dir, "acl", "plain_acl.yml");
const ADMIN_ENV = { MQ_ACCESS_KEY: "compatAdmin", MQ_SECRET_KEY: "compatSecret2" };
const acl = (message: string) => ({ code: 1, remark: `org.apache.rocketmq.acl.common.AclException: ${message}` });

describe.skipIf(!jdk.ready)("real Java clients with ACL against ./mq", () => {
  let aio: AllInOne | undefined;
  let runs = new Map<string, ScenarioRun>();

  beforeAll(async () => {
    aio = await startAllInOne({ aclEnable: true, aclFile: ACL_FILE });
    await createTopics(aio.namesrvAddr, aclTopics(), 4, ADMIN_ENV);
    runs = await startJavaAclRuns(aio, "java-acl");
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
  });

  for (const c of CLIENTS) {
    test(`${c.prefix}: the right key produces and consumes; wrong secret, no PUB, no SUB, non-admin createTopic get RocketMQ's refusals`, async () => {
      const r: Observed = await runs.get(c.prefix)!.result("acl", 120_000);
      expect(r).toMatchObject({
        statuses: ["SEND_OK", "SEND_OK", "SEND_OK", "SEND_OK"],
        received: 4,
        wrongSecret: acl("Check signature failed for accessKey=compatUser"),
        noPub: acl(`No default permission for topic:${c.prefix}_acl_nopub`),
        noSub: acl(`No default permission for group:${c.prefix}_acl_nosub`),
        createTopic: acl("Need admin permission for request code=17, but accessKey=compatUser is not"),
      });
    }, 125_000);
  }
});
