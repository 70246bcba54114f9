// What java-acl.test.ts (ACL 1.0) and java-acl2.test.ts (ACL 2.0) share: the two Java clients,
// each running the "acl" scenario (test/compat/java/.../AclScenarios.java) as compatUser.
import { buildJava, runJava, type JavaModule } from "./java-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import type { Target } from "./scenario-suite.ts";

export const ACL_CLIENTS: ReadonlyArray<{ module: JavaModule; prefix: string }> = [{ module: "v4", prefix: "J4" }, { module: "v5", prefix: "J5" }];

/** Topics the scenario sends to: <prefix>_acl (it may PUB and SUB there). */
export const aclTopics = (): string[] => ACL_CLIENTS.map((c) => `${c.prefix}_acl`);

/** Starts the "acl" scenario of each client, signing with compatUser / compatSecret1; keyed by prefix. */
export async function startJavaAclRuns(target: Target, name: string): Promise<Map<string, ScenarioRun>> {
  const classpaths = await buildJava();
  return new Map(ACL_CLIENTS.map((c) => [c.prefix, runJava(classpaths[c.module], {
    name: `${name}-${c.prefix}`, namesrvAddr: target.namesrvAddr, prefix: c.prefix, dir: target.dir, scenarios: ["acl"],
    systemProps: { "mq.acl.accessKey": "compatUser", "mq.acl.secretKey": "compatSecret1" },
  })]));
}
