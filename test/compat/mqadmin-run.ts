// The real mqadmin, rocketmq-tools 4.9.8 and 5.x, as suite clients: each version's steps
// (mqadmin-steps.ts) run by test/compat/java/admin in one JVM (a JVM per command would be
// thirty-odd starts per version).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildJava, clientVersion, runJavaMain, type JavaModule } from "./java-build.ts";
import { adminFiles, adminSteps, checkStep } from "./mqadmin-steps.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import type { Expectation, SuiteClient, Target } from "./scenario-suite.ts";

const TOOLS: { module: JavaModule; prefix: string }[] = [
  { module: "v5-admin", prefix: "A5" },
  { module: "v4-admin", prefix: "A4" },
];

const stepsOf = (prefix: string, module: JavaModule) => adminSteps(prefix, clientVersion(module));

export const ADMIN_CLIENTS: SuiteClient[] = TOOLS.map(({ module, prefix }) => ({
  label: `mqadmin (rocketmq-tools ${clientVersion(module)})`,
  prefix,
  scenarioTopics: false,
  scenarios: stepsOf(prefix, module)
    .filter((s) => s.behaviour !== undefined)
    .map((s): Expectation => [s.name, `${s.step[0]} ${s.behaviour}`, (r) => checkStep(s, r)]),
}));

/** Runs each version's steps against the target, one version after the other (wipeWritePerm would refuse the other's sends). */
export async function startAdminRunners(target: Target): Promise<Map<string, ScenarioRun>> {
  const classpaths = await buildJava();
  const runs = new Map<string, ScenarioRun>();
  for (const { module, prefix } of TOOLS) {
    const stepsFile = join(target.dir, `${prefix}-steps.tsv`);
    for (const [name, text] of Object.entries(adminFiles(prefix))) writeFileSync(join(target.dir, name), text);
    writeFileSync(stepsFile, stepsOf(prefix, module).map((s) => [s.name, ...s.step].join("\t")).join("\n") + "\n");
    const run = runJavaMain(classpaths[module], { name: `mqadmin-${prefix}`, dir: target.dir, main: "mqadmin.Runner", args: [target.namesrvAddr, stepsFile] });
    runs.set(prefix, run);
    await run.proc.exited;
  }
  return runs;
}
