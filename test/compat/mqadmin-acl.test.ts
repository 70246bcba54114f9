// The real mqadmin (rocketmq-tools 4.9.8 and 5.x) against ./mq with aclEnable=true: it signs with
// the keys of $ROCKETMQ_HOME/conf/tools.yml, as MQAdminStartup does. An admin account's keys
// create a topic; a non-admin account's are refused with RocketMQ's AclException text.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildJava, runJavaMain, type JavaModule } from "./java-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const ACL_FILE = join(import.meta.dir, "acl", "plain_acl.yml");
const TOOLS: Array<{ module: JavaModule; prefix: string }> = [{ module: "v4-admin", prefix: "A4" }, { module: "v5-admin", prefix: "A5" }];
const ACCOUNTS = { admin: "accessKey: compatAdmin\nsecretKey: compatSecret2\n", user: "accessKey: compatUser\nsecretKey: compatSecret1\n" };

describe.skipIf(!jdk.ready)("the real mqadmin with conf/tools.yml against an ACL-on ./mq", () => {
  let aio: AllInOne | undefined;
  const runs = new Map<string, ScenarioRun>();

  beforeAll(async () => {
    aio = await startAllInOne({ aclEnable: true, aclFile: ACL_FILE });
    const classpaths = await buildJava();
    for (const { module, prefix } of TOOLS) {
      for (const [who, tools] of Object.entries(ACCOUNTS)) {
        const home = join(aio.dir, `${prefix}-${who}-home`);
        mkdirSync(join(home, "conf"), { recursive: true });
        writeFileSync(join(home, "conf", "tools.yml"), tools);
        const steps = join(aio.dir, `${prefix}-${who}-steps.tsv`);
        writeFileSync(steps, [
          ["create", "updateTopic", "-c", "DefaultCluster", "-t", `${prefix}_${who}_acl`],
          ["list", "topicList"],
        ].map((s) => s.join("\t")).join("\n") + "\n");
        const run = runJavaMain(classpaths[module], {
          name: `mqadmin-acl-${prefix}-${who}`, dir: aio.dir, main: "mqadmin.Runner", args: [aio.namesrvAddr, steps],
          systemProps: { "rocketmq.home.dir": home },
        });
        runs.set(`${prefix}-${who}`, run);
        await run.proc.exited;
      }
    }
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
  });

  for (const { prefix } of TOOLS) {
    test(`${prefix}: updateTopic signed with an admin account's tools.yml creates the topic, topicList shows it`, async () => {
      const run = runs.get(`${prefix}-admin`)!;
      expect(await run.result("create", 5000)).toMatchObject({ exit: 0 });
      expect(String((await run.result("create", 5000)).out)).toContain(`create topic to 127.0.0.1:`);
      expect(String((await run.result("list", 5000)).out)).toContain(`${prefix}_admin_acl`);
    });

    test(`${prefix}: updateTopic signed with a non-admin account's tools.yml is refused with RocketMQ's reason`, async () => {
      const out = String((await runs.get(`${prefix}-user`)!.result("create", 5000)).out);
      expect(out).toContain("org.apache.rocketmq.acl.common.AclException: Need admin permission for request code=17, but accessKey=compatUser is not");
      expect(out).not.toContain("create topic to 127.0.0.1:");
    });
  }
});
