// The real Go client's scenarios, github.com/apache/rocketmq-client-go/v2: each scenario
// (test/compat/go/*.go) prints what it observed; the expectations below are what Apache RocketMQ
// gives the same client (scripts/compat-reference.sh checks them against it). Run against ./mq
// by go.test.ts.
import { expect } from "bun:test";
import { buildGo, goClientVersion, runGo } from "./go-build.ts";
import type { ScenarioRun } from "./scenario-run.ts";
import { shared, type Expectation, type SuiteClient, type Target } from "./scenario-suite.ts";

const SCENARIOS: Expectation[] = [
  ["send-sync", "8 SendSync calls are SEND_OK with hex ids and read back with their tags, keys and ids", shared.sendsOk(8)],
  ["send-async", "8 SendAsync calls call back SEND_OK and read back whole", (r) => {
    shared.sendsOk(8)(r);
    expect(r.errors).toEqual([]);
  }],
  ["send-batch", "a batch of 8 in one SendSync is SEND_OK and stored message by message", (r) => {
    shared.readsBackAll(8)(r);
    expect(r.batchStatus).toBe("SEND_OK");
  }],
  ["push-clustering", "two push consumers in a group split the 4 queues and get 40 messages once", shared.clusteringSplits],
  ["push-broadcasting", "two broadcasting push consumers each get all 20 messages", shared.broadcastsToBoth],
  ["push-orderly", "an orderly push consumer gets each sharding key's messages in send order from one queue", (r) => {
    expect(r).toMatchObject({ received: 40, inOrder: true, queueCountOfKey: { "o-0": 1, "o-1": 1, "o-2": 1, "o-3": 1 } });
  }],
  ["push-retry", "ConsumeRetryLater with WithMaxReconsumeTimes(2): each message delivered 3 times, on its own topic", (r, prefix) => {
    const topic = `${prefix}_push-retry`;
    expect(r.reconsumeTimesOf).toEqual({ [`${topic}-0`]: [0, 1, 2], [`${topic}-1`]: [0, 1, 2] });
    expect(r.topicsSeen).toEqual([topic]);
  }],
  ["trace", "WithTrace on producer and consumer: a Pub, SubBefore and SubAfter trace per message in RMQ_SYS_TRACE_TOPIC", (r) => {
    expect(r).toMatchObject({ consumed: 2, pubTraces: 2, subBeforeTraces: 2, subAfterTraces: 2 });
  }],
  ["transaction", "NewTransactionProducer: commit delivered once, rollback never, UNKNOW checked back (real topic in the check) and committed", (r, prefix) => {
    // SendStatus 0 = SendOK; LocalTransactionState 1 commit, 2 rollback, 3 unknown.
    expect(r).toMatchObject({ states: ["0/1", "0/2", "0/3"], received: ["commit-0", "unknown-0"], deliveries: 2 });
    expect(r.checked).toContain(`unknown-0@${prefix}_transaction`);
  }],
  ["tx-check-max", "a check answered UNKNOW every time: transactionCheckMax (2) checks, then none, and the half never delivered", (r) => {
    expect(r).toMatchObject({ checks: 2, delivered: 0 });
  }],
  ["request-reply", "Producer.Request gets the reply consumer.CreateReplyMessage makes (sent as SEND_REPLY_MESSAGE), pushed back by the broker", (r) => {
    expect(r).toMatchObject({ reply: "pong ping", replyTopic: "DefaultCluster_REPLY_TOPIC", replyErrors: [] });
  }],
];

// An existing group's retry topic (see test/compat/go/retry.go).
export const GO_CLIENTS: SuiteClient[] = [
  { label: `rocketmq-client-go ${goClientVersion()}`, prefix: "G", scenarios: SCENARIOS, topics: ["%RETRY%G_push-retry_CG"] },
];

/** Builds the scenario binary and starts it against the target. */
export async function startGoClients(target: Target): Promise<Map<string, ScenarioRun>> {
  const binary = await buildGo();
  return new Map([["G", runGo(binary, { namesrvAddr: target.namesrvAddr, prefix: "G", dir: target.dir, scenarios: SCENARIOS.map(([name]) => name) })]]);
}
