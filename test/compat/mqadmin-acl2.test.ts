// The real mqadmin of rocketmq-tools 5.x against ./mq with ACL 2.0 (authenticationEnabled,
// authorizationEnabled, a Super user from initAuthenticationUser), signing with the Super user's
// keys in $ROCKETMQ_HOME/conf/tools.yml: createUser, getUser, listUser, createAcl, getAcl,
// listAcl, deleteAcl, deleteUser, and copyUser / copyAcl to a second ./mq with the same Super user,
// work and print mqadmin's tables (passwords come back only because a Super user signs).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildJava, runJavaMain } from "./java-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const STEPS = (source: string, target: string) => [
  ["create-user", "createUser", "-c", "DefaultCluster", "-u", "alice", "-p", "alicePass1"],
  ["get-user", "getUser", "-c", "DefaultCluster", "-u", "alice"],
  ["list-user", "listUser", "-c", "DefaultCluster"],
  ["create-acl", "createAcl", "-c", "DefaultCluster", "-s", "User:alice", "-r", "Topic:T,Group:G", "-a", "Pub,Sub", "-d", "Allow"],
  ["get-acl", "getAcl", "-c", "DefaultCluster", "-s", "User:alice"],
  ["list-acl", "listAcl", "-c", "DefaultCluster"],
  ["copy-user", "copyUser", "-f", source, "-t", target, "-u", "alice"],
  ["copy-acl", "copyAcl", "-f", source, "-t", target],
  ["copy-user-again", "copyUser", "-f", source, "-t", target],
  ["delete-acl", "deleteAcl", "-c", "DefaultCluster", "-s", "User:alice", "-r", "Topic:T"],
  ["delete-user", "deleteUser", "-c", "DefaultCluster", "-u", "alice"],
  ["get-deleted", "getUser", "-c", "DefaultCluster", "-u", "alice"],
];

describe.skipIf(!jdk.ready)("the real mqadmin 5.x's ACL 2.0 subcommands against ./mq", () => {
  let aio: AllInOne | undefined;
  let other: AllInOne | undefined;
  let run: ScenarioRun | undefined;

  beforeAll(async () => {
    const acl2 = {
      authenticationEnabled: true, authorizationEnabled: true,
      initAuthenticationUser: JSON.stringify({ username: "rocketmq", password: "superSecret1" }),
    };
    [aio, other] = await Promise.all([startAllInOne(acl2), startAllInOne(acl2)]);
    const home = join(aio.dir, "tools-home");
    mkdirSync(join(home, "conf"), { recursive: true });
    writeFileSync(join(home, "conf", "tools.yml"), "accessKey: rocketmq\nsecretKey: superSecret1\n");
    const steps = join(aio.dir, "acl2-steps.tsv");
    writeFileSync(steps, STEPS(aio.brokerAddr, other.brokerAddr).map((s) => s.join("\t")).join("\n") + "\n");
    const classpaths = await buildJava();
    run = runJavaMain(classpaths["v5-admin"], {
      name: "mqadmin-acl2", dir: aio.dir, main: "mqadmin.Runner", args: [aio.namesrvAddr, steps], systemProps: { "rocketmq.home.dir": home },
    });
    await run.proc.exited;
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
    await other?.stop();
  });

  const out = async (step: string) => {
    const r = await run!.result(step, 5000);
    expect(r.exit).toBe(0);
    return String(r.out);
  };

  test("createUser, getUser and listUser: the user is there, Normal and enabled, with the password a Super user is sent", async () => {
    expect(await out("create-user")).toMatch(/create user to 127\.0\.0\.1:\d+ success\./);
    expect(await out("get-user")).toMatch(/^alice\s+alicePass1\s+Normal\s+enable\s*$/m);
    expect(await out("list-user")).toMatch(/^rocketmq\s+superSecret1\s+Super\s+enable\s*$/m);
  });

  test("copyUser and copyAcl create the user and her ACL on the second broker, then update them there", async () => {
    const [from, to] = [aio!.brokerAddr, other!.brokerAddr];
    expect(await out("copy-user")).toContain(`copy user of alice from ${from} to ${to} success.`);
    expect(await out("copy-acl")).toContain(`copy acl of User:alice from ${from} to ${to} success.`);
    const again = await out("copy-user-again");
    expect(again).toContain(`copy user of alice from ${from} to ${to} success.`);
    expect(again).toContain(`copy user of rocketmq from ${from} to ${to} success.`);
  });

  test("createAcl, getAcl, listAcl and deleteAcl: one entry per resource, shown as mqadmin shows them", async () => {
    expect(await out("create-acl")).toMatch(/create acl to 127\.0\.0\.1:\d+ success\./);
    const acl = await out("get-acl");
    expect(acl).toMatch(/^#Subject\s+#PolicyType\s+#Resource\s+#Actions\s+#SourceIp\s+#Decision\s*$/m);
    expect(acl).toMatch(/^User:alice\s+Custom\s+Topic:T\s+\[Pub, Sub\]\s+\[\]\s+Allow\s*$/m);
    expect(await out("list-acl")).toMatch(/^User:alice\s+Custom\s+Group:G\s+\[Pub, Sub\]/m);
    expect(await out("delete-acl")).toMatch(/delete acl to 127\.0\.0\.1:\d+ success\./);
  });

  test("deleteUser removes the user", async () => {
    expect(await out("delete-user")).toMatch(/delete user to 127\.0\.0\.1:\d+ success\./);
    expect(await out("get-deleted")).not.toContain("alice");
  });
});
