// The inventory of mqadmin subcommands (test/admin/mqadmin-inventory.ts) is the real list: each
// rocketmq-tools version's MQAdminStartup lists exactly the subcommands the inventory gives it.
import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { killAll, tempDir } from "../e2e/harness.ts";
import { namesOf } from "../admin/mqadmin-inventory.ts";
import { buildJava, clientVersion, runJavaMain, type JavaModule } from "./java-build.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const TIMEOUT_MS = 600_000;

describe.skipIf(!jdk.ready)("the mqadmin inventory against the real mqadmin", () => {
  afterAll(killAll);

  for (const module of ["v4-admin", "v5-admin"] as JavaModule[]) {
    const version = clientVersion(module);
    test(`rocketmq-tools ${version} lists exactly the inventory's subcommands for ${version}`, async () => {
      const classpaths = await buildJava();
      const dir = tempDir("mq-inventory-");
      const steps = join(dir, "steps.tsv");
      writeFileSync(steps, "commands\t@commands\n");
      // No name server is asked: @commands only reads the command list.
      const run = runJavaMain(classpaths[module], { name: `inventory-${module}`, dir, main: "mqadmin.Runner", args: ["127.0.0.1:1", steps] });
      const result = await run.result("commands", TIMEOUT_MS);
      const listed = String(result.out).trim().split("\n");
      expect(listed.sort()).toEqual(namesOf(version === "4.9.8" ? "4.9.8" : "5.5.0").sort());
    }, TIMEOUT_MS);
  }
});
