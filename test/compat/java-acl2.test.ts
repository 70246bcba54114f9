// ACL 2.0 with the real Java clients (rocketmq-client 4.9.8 and 5.x, AclClientRPCHook: the same
// signature) against ./mq all-in-one with authenticationEnabled and authorizationEnabled: a
// Normal user made with mq admin produces and consumes where its ACL allows; a wrong password, a
// topic it may only Sub, a group it is denied and a topic creation get NO_PERMISSION (16) with
// RocketMQ 5's words (as test/broker/acl/reference-answers-v2.ts records them from Apache RocketMQ 5.5.0).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { admin, killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import { ACL_CLIENTS as CLIENTS, aclTopics, startJavaAclRuns } from "./java-acl-runs.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const SUPER_ENV = { MQ_ACCESS_KEY: "rocketmq", MQ_SECRET_KEY: "superSecret1" };
const no = (remark: string) => ({ code: 16, remark });

describe.skipIf(!jdk.ready)("real Java clients with ACL 2.0 against ./mq", () => {
  let aio: AllInOne | undefined;
  let runs = new Map<string, ScenarioRun>();

  beforeAll(async () => {
    aio = await startAllInOne({
      authenticationEnabled: true, authorizationEnabled: true,
      initAuthenticationUser: JSON.stringify({ username: "rocketmq", password: "superSecret1" }),
    });
    const namesrv = aio.namesrvAddr;
    await createTopics(namesrv, aclTopics(), 4, SUPER_ENV);
    const run = async (args: string[]) => {
      const r = await admin(namesrv, [...args, "-c", "DefaultCluster"], SUPER_ENV);
      if (r.code !== 0) throw new Error(`mq admin ${args.join(" ")}: ${r.out}`);
    };
    const each = (f: (p: string) => string) => CLIENTS.map((c) => f(c.prefix)).join(",");
    await run(["createUser", "-u", "compatUser", "-p", "compatSecret1"]);
    await run(["createAcl", "-s", "User:compatUser", "-r", each((p) => `Topic:${p}_acl,Group:${p}_acl_CG`), "-a", "Pub,Sub"]);
    await run(["createAcl", "-s", "User:compatUser", "-r", each((p) => `Topic:${p}_acl_nopub`), "-a", "Sub"]);
    await run(["createAcl", "-s", "User:compatUser", "-r", each((p) => `Group:${p}_acl_nosub`), "-a", "Sub", "-d", "Deny"]);
    runs = await startJavaAclRuns(aio, "java-acl2");
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
  });

  for (const c of CLIENTS) {
    test(`${c.prefix}: a Normal user produces and consumes; wrong password, Sub-only topic, denied group and createTopic get NO_PERMISSION`, async () => {
      const r = await runs.get(c.prefix)!.result("acl", 120_000);
      const access = (resource: string, why: string) => `User:compatUser has no permission to access ${resource} from 127.0.0.1, ${why}`;
      expect(r).toMatchObject({
        statuses: ["SEND_OK", "SEND_OK", "SEND_OK", "SEND_OK"],
        received: 4,
        wrongSecret: no("check signature failed."),
        noPub: no(access(`Topic:${c.prefix}_acl_nopub`, "no matched policies.")),
        noSub: no(access(`Group:${c.prefix}_acl_nosub`, "the decision is deny.")),
        createTopic: no(access(`Topic:${c.prefix}_acl_created`, "no matched policies.")),
      });
    }, 125_000);
  }
});
