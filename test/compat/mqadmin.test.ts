// Issue 13: the real mqadmin (rocketmq-tools 4.9.8 and 5.x) against the compiled ./mq: every
// subcommand whose request codes mq serves, with exit status and rows asserted (mqadmin-steps.ts).
import { ADMIN_CLIENTS, startAdminRunners } from "./mqadmin-run.ts";
import { BROKER_PROPS, scenarioSuite } from "./scenario-suite.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);

scenarioSuite({
  title: "the real mqadmin against ./mq",
  ready: jdk.ready,
  brokerProps: BROKER_PROPS,
  clients: ADMIN_CLIENTS,
  start: startAdminRunners,
});
