// Issue 13: the real Java clients, rocketmq-client 4.9.8 and the newest 5.x, against the compiled
// ./mq. Each scenario (test/compat/java/src/main/java/mqcompat) prints what it observed; the
// expectations below are what Apache RocketMQ gives the same client.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import { buildJava, clientVersion, runJava, type JavaModule } from "./java-build.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);
const CLIENTS: { module: JavaModule; prefix: string }[] = [{ module: "v4", prefix: "J4" }, { module: "v5", prefix: "J5" }];
/** A scenario's test waits for the ones before it in the same JVM too. */
const RESULT_TIMEOUT_MS = 150_000;

const sendsOk = (count: number) => (r: Observed) => {
  expect(r).toMatchObject({ sent: count, statuses: ["SEND_OK"], idsWellFormed: count, idsFound: count, readBack: 8, matched: 8 });
};
const readsBackAll = (r: Observed) => expect(r).toMatchObject({ readBack: 8, matched: 8, mismatched: [] });

/** [scenario, behaviour, expectation of what it observed]; prefix is the topic prefix of the client. */
const SCENARIOS: [string, string, (r: Observed, prefix: string) => void][] = [
  ["send-sync", "8 sync sends are SEND_OK with hex ids and read back with their tags, keys and ids", sendsOk(8)],
  ["send-async", "8 async sends call back SEND_OK and read back whole", (r) => {
    sendsOk(8)(r);
    expect(r.errors).toEqual([]);
  }],
  ["send-oneway", "8 oneway sends are all stored with their tags and keys", readsBackAll],
  ["send-batch", "a batch of 8 is SEND_OK with 8 ids and stored message by message", (r) => {
    readsBackAll(r);
    expect(r).toMatchObject({ batchStatus: "SEND_OK", batchMsgIds: 8 });
  }],
  ["send-selector", "a MessageQueueSelector by key puts each key on its own queue, where it is stored", (r) => {
    expect(r.sentQueuesOfKey).toEqual({ "o-0": [0], "o-1": [1], "o-2": [2], "o-3": [3] });
    expect(r.storedQueuesOfKey).toEqual(r.sentQueuesOfKey as Observed);
  }],
  ["send-delay", "delayTimeLevel 1 is hidden at first and readable on its own topic about a second later", (r, prefix) => {
    expect(r).toMatchObject({ status: "SEND_OK", visibleAtOnce: 0, visibleLater: 1, topic: `${prefix}_send-delay`, tags: "TagA", keys: "k-0 x-0" });
    expect(r.visibleAfterMs as number).toBeGreaterThanOrEqual(900);
    expect(r.visibleAfterMs as number).toBeLessThan(5000);
  }],
  ["send-big-body", "a 64 KiB body is compressed by the client, stored smaller and read back equal", (r) => {
    expect(r).toMatchObject({ status: "SEND_OK", readBack: 1, bodyEqual: true });
    expect(r.storeSize as number).toBeLessThan((r.bodyBytes as number) / 2);
  }],
  ["send-oversize", "a body over maxMessageSize is refused with MESSAGE_ILLEGAL (13)", (r) => {
    expect(r).toMatchObject({ error: "MQBrokerException", responseCode: 13 });
  }],
  ["push-clustering", "two push consumers in a group split the 4 queues and get 40 messages once", (r) => {
    expect(r).toMatchObject({ split: true, overlap: [], distinct: 40 });
    expect((r.queuesA as number[]).length + (r.queuesB as number[]).length).toBe(4);
    expect((r.receivedA as number) + (r.receivedB as number)).toBe(40);
  }],
  ["push-broadcasting", "two broadcasting push consumers each get all 20 messages", (r) => {
    expect(r).toMatchObject({ ownedAll: true, receivedA: 20, receivedB: 20, distinctA: 20, distinctB: 20 });
  }],
  ["push-tags", "a push consumer on 'TagA || TagC' gets those 20 of 30 and no TagB", (r) => {
    expect(r).toMatchObject({ received: 20, distinct: 20, tagsSeen: ["TagA", "TagC"] });
  }],
  ["push-orderly", "an orderly push consumer gets each order key's messages in send order from one queue", (r) => {
    expect(r).toMatchObject({ received: 40, inOrder: true });
    for (const queues of Object.values(r.queuesOfKey as Record<string, number[]>)) expect(queues).toHaveLength(1);
  }],
  ["lite-pull-subscribe", "DefaultLitePullConsumer subscribe: polls all 20, commitSync stores offsets adding to 20", (r) => {
    expect(r).toMatchObject({ received: 20, committed: 20 });
  }],
  ["lite-pull-assign", "DefaultLitePullConsumer assign + seek to 0: polls all 20 of 4 queues and commits 20", (r) => {
    expect(r).toMatchObject({ queues: 4, received: 20, committed: 20 });
  }],
  ["pull-consumer", "DefaultMQPullConsumer pulls every queue from 0 and stores the offsets it reached", (r) => {
    expect(r).toMatchObject({ queues: 4, received: 20, maxOffsetSum: 20, fetchedOffsetSum: 20 });
  }],
];

describe.skipIf(!jdk.ready)("real Java clients against ./mq", () => {
  let aio: AllInOne | undefined;
  const runs = new Map<JavaModule, ScenarioRun>();

  beforeAll(async () => {
    const classpaths = await buildJava();
    aio = await startAllInOne();
    const names = SCENARIOS.map(([name]) => name);
    await createTopics(aio.namesrvAddr, CLIENTS.flatMap((c) => names.map((name) => `${c.prefix}_${name}`)));
    for (const c of CLIENTS) {
      runs.set(c.module, runJava(classpaths[c.module], { name: `java-${c.module}`, namesrvAddr: aio.namesrvAddr, prefix: c.prefix, dir: aio.dir, scenarios: names }));
    }
  }, 600_000);

  afterAll(async () => {
    await killAll();
    await aio?.stop();
  });

  for (const client of CLIENTS) {
    describe(`rocketmq-client ${clientVersion(client.module)}`, () => {
      for (const [name, behaviour, check] of SCENARIOS) {
        test(`${name}: ${behaviour}`, async () => {
          const run = runs.get(client.module);
          if (run === undefined) throw new Error("the scenarios did not start (see beforeAll)");
          check(await run.result(name, RESULT_TIMEOUT_MS), client.prefix);
        }, RESULT_TIMEOUT_MS + 5_000);
      }
    });
  }
});
