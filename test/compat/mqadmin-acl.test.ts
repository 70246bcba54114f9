// The real mqadmin (rocketmq-tools 4.9.8 and 5.x) against ./mq with aclEnable=true: it signs with
// the keys of $ROCKETMQ_HOME/conf/tools.yml, as MQAdminStartup does. An admin account's keys
// create a topic; a non-admin account's are refused with RocketMQ's AclException text; 4.9.8's
// ACL subcommands (updateAclConfig, clusterAclConfigVersion, deleteAclConfig, updateGlobalWhiteAddr
// -p) manage accounts, over plain_acl.yml and the files of the acl/ directory beside it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killAll, tempDir } from "../e2e/harness.ts";
import { startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildJava, runJavaMain, type JavaModule } from "./java-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
// A copy: updateAclConfig rewrites it.
const aclHome = tempDir("mq-mqadmin-acl-");
const ACL_FILE = join(aclHome, "plain_acl.yml");
const TEAM_FILE = join(aclHome, "acl", "team.yml");
const TOOLS: Array<{ module: JavaModule; prefix: string }> = [{ module: "v4-admin", prefix: "A4" }, { module: "v5-admin", prefix: "A5" }];
const ACCOUNTS = { admin: "accessKey: compatAdmin\nsecretKey: compatSecret2\n", user: "accessKey: compatUser\nsecretKey: compatSecret1\n" };

describe.skipIf(!jdk.ready)("the real mqadmin with conf/tools.yml against an ACL-on ./mq", () => {
  let aio: AllInOne | undefined;
  const runs = new Map<string, ScenarioRun>();

  beforeAll(async () => {
    copyFileSync(join(import.meta.dir, "acl", "plain_acl.yml"), ACL_FILE);
    mkdirSync(join(aclHome, "acl"), { recursive: true });
    writeFileSync(TEAM_FILE, "accounts:\n  - accessKey: teamUser1\n    secretKey: teamSecret1\n");
    aio = await startAllInOne({ aclEnable: true, aclFile: ACL_FILE });
    const classpaths = await buildJava();
    for (const { module, prefix } of TOOLS) {
      for (const [who, tools] of Object.entries(ACCOUNTS)) {
        const home = join(aio.dir, `${prefix}-${who}-home`);
        mkdirSync(join(home, "conf"), { recursive: true });
        writeFileSync(join(home, "conf", "tools.yml"), tools);
        const steps = join(aio.dir, `${prefix}-${who}-steps.tsv`);
        const aclSteps = module === "v4-admin" && who === "admin" ? [
          ["acl-update", "updateAclConfig", "-c", "DefaultCluster", "-a", "mqadminUser1", "-s", "mqadminSecret1", "-t", "A4_x=PUB", "-m", "false"],
          ["acl-version", "clusterAclConfigVersion", "-c", "DefaultCluster"],
          ["acl-delete", "deleteAclConfig", "-c", "DefaultCluster", "-a", "mqadminUser1"],
          ["acl-globals", "updateGlobalWhiteAddr", "-c", "DefaultCluster", "-g", "172.16.0.*", "-p", TEAM_FILE],
          ["acl-version-2", "clusterAclConfigVersion", "-c", "DefaultCluster"],
        ] : [];
        writeFileSync(steps, [
          ["create", "updateTopic", "-c", "DefaultCluster", "-t", `${prefix}_${who}_acl`],
          ["list", "topicList"],
          ...aclSteps,
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
    rmSync(aclHome, { recursive: true, force: true });
  });

  test("A4: updateAclConfig, clusterAclConfigVersion and deleteAclConfig (rocketmq-tools 4.9.8) manage an account", async () => {
    const run = runs.get("A4-admin")!;
    const update = await run.result("acl-update", 5000);
    expect(update).toMatchObject({ exit: 0 });
    expect(String(update.out)).toMatch(/create or update plain access config to 127\.0\.0\.1:\d+ success\./);
    const version = String((await run.result("acl-version", 5000)).out);
    expect(version).toMatch(/^#Cluster Name\s+#Broker Name\s+#Broker Addr\s+#AclFilePath\s+#AclConfigVersionNum\s+#AclLastUpdateTime/m);
    expect(version).toMatch(/^DefaultCluster\s+\S+\s+127\.0\.0\.1:\d+\s+\S*plain_acl\.yml\s+[1-9]\d*\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/m);
    const del = await run.result("acl-delete", 5000);
    expect(String(del.out)).toContain("delete plain access config account from 127.0.0.1:");
    expect(String(del.out)).toContain("account's accesskey is:mqadminUser1");
  });

  test("A4: updateGlobalWhiteAddr -p writes acl/team.yml, and clusterAclConfigVersion lists it beside plain_acl.yml", async () => {
    const run = runs.get("A4-admin")!;
    expect(String((await run.result("acl-globals", 5000)).out)).toMatch(/update global white remote addresses to 127\.0\.0\.1:\d+ success\./);
    expect(readFileSync(TEAM_FILE, "utf8")).toContain("172.16.0.*");
    const version = String((await run.result("acl-version-2", 5000)).out);
    expect(version).toMatch(/^DefaultCluster\s+\S+\s+127\.0\.0\.1:\d+\s+\S*acl\/team\.yml\s+1\s/m);
    expect(version).toMatch(/^DefaultCluster\s+\S+\s+127\.0\.0\.1:\d+\s+\S*plain_acl\.yml\s+[1-9]\d*\s/m);
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
