// Issue 15: the real Java and Go clients' transactions and timers across a killed producer and a
// broker restarted (cleanly, and after SIGKILL), against the compiled ./mq as a NameServer and a
// broker of their own (scenarios and expectations in phased-scenarios.ts).
import { afterAll, beforeAll, describe, test } from "bun:test";
import { killAll, startCluster, type Cluster } from "../e2e/harness.ts";
import { createTopics } from "./all-in-one.ts";
import { PHASED_BROKER_PROPS, PHASED_CLIENTS, phasedTopics, runPhased, type RestartableTarget } from "./phased-scenarios.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const go = toolchain("Go", ["go"]);
const clients = PHASED_CLIENTS.filter((c) => (c.kind === "java" ? jdk.ready : go.ready));
/** Two phases, a cold build and a restart. */
const SCENARIO_TIMEOUT_MS = 600_000;

describe.skipIf(clients.length === 0)("real clients across killed producers and broker restarts of ./mq", () => {
  let cluster: Cluster | undefined;
  let target: RestartableTarget;

  beforeAll(async () => {
    cluster = await startCluster(Object.fromEntries(Object.entries(PHASED_BROKER_PROPS).map(([k, v]) => [k, String(v)])));
    const c = cluster;
    target = {
      namesrvAddr: c.namesrvAddr,
      dir: c.dir,
      async restartBroker(signal) {
        await c.broker.kill(signal);
        await c.startBroker();
      },
    };
    await createTopics(c.namesrvAddr, phasedTopics(clients));
  }, 60_000);

  afterAll(async () => {
    await killAll();
    await cluster?.stop();
  });

  for (const client of clients) {
    describe(client.label, () => {
      for (const scenario of client.scenarios) {
        test(`${scenario.name}: ${scenario.behaviour}`, async () => {
          scenario.check(await runPhased(target, client, scenario), `${client.prefix}_${scenario.name}`);
        }, SCENARIO_TIMEOUT_MS);
      }
    });
  }
});
