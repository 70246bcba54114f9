// Issue 13: the real Go client, github.com/apache/rocketmq-client-go/v2, against the compiled
// ./mq (scenarios and expectations in go-scenarios.ts).
import { GO_CLIENTS, startGoClients } from "./go-scenarios.ts";
import { BROKER_PROPS, scenarioSuite } from "./scenario-suite.ts";
import { toolchain } from "./toolchain.ts";

const go = toolchain("Go", ["go"]);

scenarioSuite({
  title: "the real Go client against ./mq",
  ready: go.ready,
  brokerProps: BROKER_PROPS,
  clients: GO_CLIENTS,
  start: startGoClients,
});
