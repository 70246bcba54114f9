// ACL 1.0 with the real Java clients (rocketmq-client 4.9.8 and 5.x, AclClientRPCHook with
// SessionCredentials) against ./mq all-in-one with aclEnable=true and acl/plain_acl.yml: the right
// key produces and consumes; a wrong secret, a topic without PUB, a group without SUB and a
// non-admin creating a topic get RocketMQ's code (1, SYSTEM_ERROR) and AclException text, as
// Apache RocketMQ 4.9.7 answers the same client (see the final figures in the ACL commit).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildJava, runJava, type JavaModule } from "./java-build.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const ACL_FILE = join(import.meta.dir, "acl", "plain_acl.yml");
const ADMIN_ENV = { MQ_ACCESS_KEY: "compatAdmin", MQ_SECRET_KEY: "compatSecret2" };
const CLIENTS: Array<{ module: JavaModule; prefix: string }> = [{ module: "v4", prefix: "J4" }, { module: "v5", prefix: "J5" }];
const acl = (message: string) => ({ code: 1, remark: `org.apache.rocketmq.acl.common.AclException: ${message}` });

describe.skipIf(!jdk.ready)("real Java clients with ACL against ./mq", () => {
  let aio: AllInOne | undefined;
  const runs = new Map<string, ScenarioRun>();

  beforeAll(async () => {
    aio = await startAllInOne({ aclEnable: true, aclFile: ACL_FILE });
    await createTopics(aio.namesrvAddr, CLIENTS.map((c) => `${c.prefix}_acl`), 4, ADMIN_ENV);
    const classpaths = await buildJava();
    for (const c of CLIENTS) {
      runs.set(c.prefix, runJava(classpaths[c.module], {
        name: `java-acl-${c.prefix}`, namesrvAddr: aio.namesrvAddr, prefix: c.prefix, dir: aio.dir, scenarios: ["acl"],
        systemProps: { "mq.acl.accessKey": "compatUser", "mq.acl.secretKey": "compatSecret1" },
      }));
    }
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
