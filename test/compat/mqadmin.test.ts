// Issue 13: the real mqadmin (rocketmq-tools 4.9.8 and 5.x, org.apache.rocketmq.tools.command)
// against the compiled ./mq: every subcommand whose request codes mq serves, run by
// test/compat/java/admin in one JVM per version (a JVM per command would be thirty-odd starts
// each). Each step's exit status and the rows Apache RocketMQ prints are asserted.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildJava, clientVersion, runJavaMain, type JavaModule } from "./java-build.ts";
import { adminSteps, checkStep } from "./mqadmin-steps.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { BROKER_PROPS, scenarioSuite, type Expectation } from "./scenario-suite.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const TOOLS: { module: JavaModule; prefix: string }[] = [
  { module: "v5-admin", prefix: "A5" },
  { module: "v4-admin", prefix: "A4" },
];

const stepsOf = (prefix: string, module: JavaModule) => adminSteps(prefix, clientVersion(module));

scenarioSuite({
  title: "the real mqadmin against ./mq",
  ready: jdk.ready,
  brokerProps: BROKER_PROPS,
  clients: TOOLS.map(({ module, prefix }) => ({
    label: `mqadmin (rocketmq-tools ${clientVersion(module)})`,
    prefix,
    scenarioTopics: false,
    scenarios: stepsOf(prefix, module)
      .filter((s) => s.behaviour !== undefined)
      .map((s): Expectation => [s.name, `${s.step[0]} ${s.behaviour}`, (r) => checkStep(s, r)]),
  })),
  async start(aio) {
    const classpaths = await buildJava();
    const runs = new Map<string, ScenarioRun>();
    // One version after the other: wipeWritePerm would refuse the other's sends.
    for (const { module, prefix } of TOOLS) {
      const stepsFile = join(aio.dir, `${prefix}-steps.tsv`);
      writeFileSync(stepsFile, stepsOf(prefix, module).map((s) => [s.name, ...s.step].join("\t")).join("\n") + "\n");
      const run = runJavaMain(classpaths[module], { name: `mqadmin-${prefix}`, dir: aio.dir, main: "mqadmin.Runner", args: [aio.namesrvAddr, stepsFile] });
      runs.set(prefix, run);
      await run.proc.exited;
    }
    return runs;
  },
});
