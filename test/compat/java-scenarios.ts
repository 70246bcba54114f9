// The real Java clients' scenarios, rocketmq-client 4.9.8 and the newest 5.x: each scenario
// (test/compat/java/src/main/java/mqcompat) prints what it observed; the expectations below are
// what Apache RocketMQ gives the same client (scripts/compat-reference.sh checks them against it).
// Run against ./mq by java.test.ts.
import { expect } from "bun:test";
import { buildJava, clientVersion, runJava, type JavaModule } from "./java-build.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";
import { shared, type Expectation, type SuiteClient, type Target } from "./scenario-suite.ts";
/** Each client version once with its default JSON headers and once with `-Drocketmq.serialize.type=ROCKETMQ` (binary headers, fewer scenarios). */
const CLIENTS: { module: JavaModule; prefix: string; serializeType: "JSON" | "ROCKETMQ" }[] = [
  { module: "v4", prefix: "J4", serializeType: "JSON" },
  { module: "v5", prefix: "J5", serializeType: "JSON" },
  { module: "v4", prefix: "J4R", serializeType: "ROCKETMQ" },
  { module: "v5", prefix: "J5R", serializeType: "ROCKETMQ" },
];
const ROCKETMQ_SERIALIZED = new Set(["send-sync", "send-batch", "send-delay", "push-clustering", "lite-pull-assign", "pull-consumer"]);

/** RocketMQ's default timerPrecisionMs: a timer is delivered within this after its time. */
const TIMER_PRECISION_MS = 1000;
/** SendMessageProcessor's remark for WHEEL_TIMER_MSG_ILLEGAL, with the default timerMaxDelaySec (3 days). */
export const TIMER_TOO_FAR_REMARK =
  "timer message illegal, the delay time should not be bigger than the max delay 259200000ms; or if set del msg, the delay time should be bigger than the current time";

const SCENARIOS: Expectation[] = [
  ["send-sync", "8 sync sends are SEND_OK with hex ids and read back with their tags, keys and ids", shared.sendsOk(8)],
  ["send-vip", "with the VIP channel on, 8 sync sends go to listenPort - 2 and read back whole", shared.sendsOk(8)],
  ["send-async", "8 async sends call back SEND_OK and read back whole", (r) => {
    shared.sendsOk(8)(r);
    expect(r.errors).toEqual([]);
  }],
  ["send-oneway", "8 oneway sends are all stored with their tags and keys", shared.readsBackAll(8)],
  ["send-batch", "a batch of 8 is SEND_OK with 8 ids and stored message by message", (r) => {
    shared.readsBackAll(8)(r);
    expect(r).toMatchObject({ batchStatus: "SEND_OK", batchMsgIds: 8 });
  }],
  ["send-selector", "a MessageQueueSelector by key puts each key on its own queue, where it is stored", (r) => {
    expect(r.sentQueuesOfKey).toEqual({ "o-0": [0], "o-1": [1], "o-2": [2], "o-3": [3] });
    expect(r.storedQueuesOfKey).toEqual(r.sentQueuesOfKey as Observed);
  }],
  ["send-delay", "delayTimeLevel 1 is hidden at first and readable on its own topic about a second later, still with DELAY=1", (r, prefix) => {
    expect(r).toMatchObject({ status: "SEND_OK", visibleAtOnce: 0, visibleLater: 1, topic: `${prefix}_send-delay`, tags: "TagA", keys: "k-0 x-0", delayProperty: "1" });
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
  ["push-clustering", "two push consumers in a group split the 4 queues and get 40 messages once", shared.clusteringSplits],
  ["push-broadcasting", "two broadcasting push consumers each own all queues and get all 20 messages", (r) => {
    shared.broadcastsToBoth(r);
    expect(r.ownedAll).toBe(true);
  }],
  ["push-tags", "a push consumer on 'TagA || TagC' gets those 20 of 30 and no TagB", (r) => {
    expect(r).toMatchObject({ received: 20, distinct: 20, tagsSeen: ["TagA", "TagC"] });
  }],
  ["push-orderly", "an orderly push consumer gets each order key's messages in send order from one queue", (r) => {
    expect(r).toMatchObject({ received: 40, inOrder: true });
    for (const queues of Object.values(r.queuesOfKey as Record<string, number[]>)) expect(queues).toHaveLength(1);
  }],
  ["push-retry-dlq", "RECONSUME_LATER with maxReconsumeTimes 2: each message delivered 3 times on its own topic, then in %DLQ%", (r, prefix) => {
    const topic = `${prefix}_push-retry-dlq`;
    expect(r.reconsumeTimesOf).toEqual({ [`${topic}-0`]: [0, 1, 2], [`${topic}-1`]: [0, 1, 2] });
    expect(r.topicsSeen).toEqual([topic]);
    // As Apache RocketMQ, the DLQ copy counts the last failure too.
    expect(r).toMatchObject({ dlqCount: 2, dlq: { topic: `%DLQ%${topic}_CG`, retryTopic: topic, reconsumeTimes: 3, tags: "TagA", keys: "k-0 x-0" } });
  }],
  ["push-sql92", "MessageSelector.bySql(\"a >= 5 AND b = 'x'\") gets the 5 matching messages of 10", (r) => {
    expect(r).toMatchObject({ received: 5, aValues: ["5", "6", "7", "8", "9"] });
  }],
  ["trace", "enableMsgTrace on producer and consumer: a Pub, SubBefore and SubAfter trace per message in RMQ_SYS_TRACE_TOPIC", (r) => {
    expect(r).toMatchObject({ consumed: 2, pubTraces: 2, subBeforeTraces: 2, subAfterTraces: 2 });
  }],
  ["push-from-timestamp", "searchOffset by time finds the later 5 of 10; CONSUME_FROM_TIMESTAMP on young queues still starts at 0, as Apache RocketMQ", (r) => {
    // The broker answers a new group's offset query with 0 while the queue's first message is in
    // memory, so the client never searches by time (QUERY_CONSUMER_OFFSET in Apache RocketMQ 4.9 and 5.x).
    expect(r).toMatchObject({ afterSearchedOffsets: 5, received: 10 });
  }],
  ["namespace", "setNamespace(\"ns1\"): sent to and consumed from ns1%<topic>, the application sees <topic>", (r, prefix) => {
    expect(r).toMatchObject({ sendResultTopics: [`${prefix}_namespace`], received: 4, consumerTopics: [`${prefix}_namespace`] });
  }],
  ["lite-pull-subscribe", "DefaultLitePullConsumer subscribe: polls all 20; after commitSync the broker holds offsets adding to 20", (r) => {
    expect(r).toMatchObject({ received: 20, committed: 20 });
  }],
  ["lite-pull-assign", "DefaultLitePullConsumer assign: polls all 20 of 4 queues, seek(queue 0, 0) polls its 5 again, commits 20", (r) => {
    expect(r).toMatchObject({ queues: 4, received: 20, afterSeek: 5, committed: 20 });
  }],
  ["transaction", "TransactionMQProducer: commit delivered once, rollback never, UNKNOW checked back (real topic in the check) and committed", (r, prefix) => {
    expect(r).toMatchObject({ states: ["SEND_OK/true", "SEND_OK/true", "SEND_OK/true"], received: ["commit-0", "unknown-0"], deliveries: 2 });
    expect(r.checked).toContain(`unknown-0@${prefix}_transaction`);
  }],
  ["request-reply", "producer.request() gets the reply MessageUtil.createReplyMessage sends, pushed back by the broker", (r) => {
    expect(r).toMatchObject({ reply: "pong ping", replyTopic: "DefaultCluster_REPLY_TOPIC" });
  }],
  ["timer", "a 1 s timer (setDelayTimeMs; TIMER_DELAY_MS on 4.9.8) is hidden at first and delivered on its topic a second later, not before", (r, prefix) => {
    expect(r).toMatchObject({ visibleAtOnce: 0, received: 1, topic: `${prefix}_timer` });
    expect(r.deliveredAfterMs as number).toBeGreaterThanOrEqual(1000);
    expect(r.deliveredAfterMs as number).toBeLessThan(1500);
  }],
  ["tx-check-max", "a check answered UNKNOW every time: after transactionCheckMax (2) checks the half is in TRANS_CHECK_MAX_TIME_TOPIC, never delivered", (r, prefix) => {
    expect(r).toMatchObject({ checks: 2, checksAfterMove: 0, moved: 1, realTopic: `${prefix}_tx-check-max`, delivered: 0 });
  }],
  ["timer-kinds", "setDelayTimeMs, setDelayTimeSec and setDeliverTimeMs (their properties on 4.9.8): each delivered once, never early, within timerPrecisionMs", (r) => {
    expect(r).toMatchObject({ visibleAtOnce: 0, received: { "delay-ms": 1, "delay-sec": 1, "deliver-ms": 1 }, neverEarly: true });
    for (const late of Object.values(r.lateMs as Record<string, number>)) expect(late).toBeLessThan(TIMER_PRECISION_MS);
  }],
  ["timer-too-far", "a deliver time four days ahead (timerMaxDelaySec is three) is refused with MESSAGE_ILLEGAL and Apache RocketMQ's remark", (r) => {
    expect(r).toMatchObject({ error: "MQBrokerException", responseCode: 13 });
    expect(r.errorMessage).toBe(TIMER_TOO_FAR_REMARK);
  }],
  ["timer-recall", "5.x recallMessage by the send result's recallHandle cancels a pending timer (RECALL_MESSAGE); 4.9.8 has no recallMessage", (r, prefix) => {
    if (prefix.startsWith("J4")) return expect(r).toEqual({ supported: false });
    expect(r).toMatchObject({ supported: true, handle: true, recalledId: true, received: { kept: 1 } });
  }],
  ["pull-consumer", "DefaultMQPullConsumer pulls every queue from 0 and stores the offsets it reached", (r) => {
    expect(r).toMatchObject({ queues: 4, received: 20, maxOffsetSum: 20, fetchedOffsetSum: 20 });
  }],
];

export const JAVA_CLIENTS: SuiteClient[] = CLIENTS.map((c) => ({
  label: `rocketmq-client ${clientVersion(c.module)}${c.serializeType === "ROCKETMQ" ? " with serializeType ROCKETMQ" : ""}`,
  prefix: c.prefix,
  scenarios: c.serializeType === "JSON" ? SCENARIOS : SCENARIOS.filter(([name]) => ROCKETMQ_SERIALIZED.has(name)),
  topics: c.serializeType === "JSON" ? [`ns1%${c.prefix}_namespace`] : [],
}));

/** Builds the scenarios and starts one JVM per client against the target. */
export async function startJavaClients(target: Target, clients: SuiteClient[]): Promise<Map<string, ScenarioRun>> {
  const classpaths = await buildJava();
  return new Map(CLIENTS.map((c, i) => [c.prefix, runJava(classpaths[c.module], {
    name: `java-${c.prefix}`, namesrvAddr: target.namesrvAddr, prefix: c.prefix, dir: target.dir,
    scenarios: clients[i]!.scenarios.map(([name]) => name),
    systemProps: { "rocketmq.serialize.type": c.serializeType },
  })]));
}
