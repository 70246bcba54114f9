// Issue 13: the real Java clients, rocketmq-client 4.9.8 and the newest 5.x, against the compiled
// ./mq (scenarios and expectations in java-scenarios.ts).
import { JAVA_CLIENTS, startJavaClients } from "./java-scenarios.ts";
import { BROKER_PROPS, scenarioSuite } from "./scenario-suite.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);

scenarioSuite({
  title: "real Java clients against ./mq",
  ready: jdk.ready,
  brokerProps: BROKER_PROPS,
  clients: JAVA_CLIENTS,
  start: startJavaClients,
});
