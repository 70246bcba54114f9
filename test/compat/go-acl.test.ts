// ACL 1.0 with the real Go client (rocketmq-client-go/v2, primitive.Credentials) against ./mq
// all-in-one with aclEnable=true and acl/plain_acl.yml: the right key produces and consumes; a
// wrong secret and a topic the key may not PUB are refused with RocketMQ's AclException text.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildGo, runGo } from "./go-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const go = toolchain("Go", ["go"]);
const ACL_FILE = join(import.meta.dir, "acl", "plain_acl.yml");

describe.skipIf(!go.ready)("the real Go client with ACL against ./mq", () => {
  let aio: AllInOne | undefined;
  let run: ScenarioRun | undefined;

  beforeAll(async () => {
    aio = await startAllInOne({ aclEnable: true, aclFile: ACL_FILE });
    await createTopics(aio.namesrvAddr, ["GO_acl"], 4, { MQ_ACCESS_KEY: "compatAdmin", MQ_SECRET_KEY: "compatSecret2" });
    run = runGo(await buildGo(), {
      namesrvAddr: aio.namesrvAddr, prefix: "GO", dir: aio.dir, scenarios: ["acl"],
      env: { MQ_ACL_ACCESS_KEY: "compatUser", MQ_ACL_SECRET_KEY: "compatSecret1" },
    });
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
  });

  test("primitive.Credentials: the right key sends 4 and consumes them; a wrong secret and no PUB are refused", async () => {
    const r = await run!.result("acl", 120_000);
    expect(r).toMatchObject({ statuses: ["0", "0", "0", "0"], received: 4 });
    expect(String(r.wrongSecret)).toContain("org.apache.rocketmq.acl.common.AclException: Check signature failed for accessKey=compatUser");
    expect(String(r.noPub)).toContain("org.apache.rocketmq.acl.common.AclException: No default permission for topic:GO_acl_nopub");
  }, 125_000);
});
