// Push consumer options with Java's DefaultMQPushConsumer defaults, resolved once.
import { homedir } from "node:os";
import { join } from "node:path";
import { groupNameProblem } from "../common/index.ts";
import { positive, type ClientOptions } from "./options.ts";

export type MessageModel = "CLUSTERING" | "BROADCASTING";
export type ConsumeFromWhere = "CONSUME_FROM_LAST_OFFSET" | "CONSUME_FROM_FIRST_OFFSET" | "CONSUME_FROM_TIMESTAMP";

export interface ConsumerOptions extends ClientOptions {
  consumerGroup: string;
  /** CLUSTERING (default): the group shares the queues; BROADCASTING: every consumer gets all. */
  messageModel?: MessageModel;
  /** Where a queue without a stored offset starts (default CONSUME_FROM_LAST_OFFSET). */
  consumeFromWhere?: ConsumeFromWhere;
  /** For CONSUME_FROM_TIMESTAMP: "yyyyMMddHHmmss" (local time) or ms; default 30 minutes ago. */
  consumeTimestamp?: string | number;
  /** Messages per pull (default 32). */
  pullBatchSize?: number;
  /** Long-poll hold the broker is asked for (default 15000). */
  brokerSuspendMaxTimeMs?: number;
  /** RPC timeout of a long-polling pull (default 30000); must exceed the hold. */
  consumerTimeoutMsWhenSuspend?: number;
  /** Pause after a failed pull (default 1000). */
  pullTimeDelayMsWhenException?: number;
  /** Offset persistence period (Java persistConsumerOffsetInterval, default 5000). */
  persistConsumerOffsetIntervalMs?: number;
  /** Send the tag expression with every pull (default false, as Java). */
  postSubscriptionWhenPull?: boolean;
  /** Broadcasting offsets live under <offsetStoreDir>/<clientId>/<group>/offsets.json
   *  (default: $ROCKETMQ_LOCAL_OFFSET_STORE_DIR, else ~/.rocketmq_offsets). */
  offsetStoreDir?: string;
}

export interface PushConsumerOptions extends ConsumerOptions {
  /** Rebalance period (default 20000); NOTIFY_CONSUMER_IDS_CHANGED also triggers one. */
  rebalanceIntervalMs?: number;
  /** Messages held per queue before pulls pause (default 1000). */
  pullThresholdForQueue?: number;
  /** Messages handed to the listener at once (default 1). */
  consumeMessageBatchMaxSize?: number;
  /** Reconsumes before a message goes to %DLQ% (default 16; orderly: 2147483647, as Java). */
  maxReconsumeTimes?: number;
  /** Orderly: wait before a suspended batch is consumed again (Java suspendCurrentQueueTimeMillis, default 1000). */
  suspendCurrentQueueTimeMs?: number;
  /** Orderly: period of re-locking the owned queues on their brokers (Java lockInterval, default 20000). */
  lockIntervalMs?: number;
  /** Wait before consuming again messages whose send-back failed (default 5000). */
  consumeRetryDelayMs?: number;
  /**
   * Messages handed to the listener before this consumer stops consuming (default: no limit;
   * a redelivery counts again). Batches are cut to fit, so the listener gets exactly this many;
   * what was pulled beyond them is neither consumed nor committed nor sent back. Once the
   * listener has returned for the last of them, shutdown() commits exactly what it consumed.
   */
  consumeMessageCountMax?: number;
}

export interface ResolvedConsumerOptions {
  consumerGroup: string;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  consumeTimestampMs: number;
  pullBatchSize: number;
  brokerSuspendMaxTimeMs: number;
  consumerTimeoutMsWhenSuspend: number;
  pullTimeDelayMsWhenException: number;
  persistConsumerOffsetIntervalMs: number;
  postSubscriptionWhenPull: boolean;
  offsetStoreDir: string;
  rebalanceIntervalMs: number;
  pullThresholdForQueue: number;
  consumeMessageBatchMaxSize: number;
  /** undefined: the listener kind's default (16 concurrently, 2147483647 orderly). */
  maxReconsumeTimes: number | undefined;
  consumeRetryDelayMs: number;
  consumeMessageCountMax: number | undefined;
  suspendCurrentQueueTimeMs: number;
  lockIntervalMs: number;
}

export function resolveConsumerOptions(o: PushConsumerOptions): ResolvedConsumerOptions {
  if (!o.consumerGroup) throw new Error("consumerGroup is required");
  const groupProblem = groupNameProblem(o.consumerGroup);
  if (groupProblem !== undefined) throw new Error(groupProblem);
  const resolved: ResolvedConsumerOptions = {
    consumerGroup: o.consumerGroup,
    messageModel: o.messageModel ?? "CLUSTERING",
    consumeFromWhere: o.consumeFromWhere ?? "CONSUME_FROM_LAST_OFFSET",
    consumeTimestampMs: parseConsumeTimestamp(o.consumeTimestamp),
    pullBatchSize: positive(o.pullBatchSize, 32, "pullBatchSize"),
    brokerSuspendMaxTimeMs: positive(o.brokerSuspendMaxTimeMs, 15_000, "brokerSuspendMaxTimeMs"),
    consumerTimeoutMsWhenSuspend: positive(o.consumerTimeoutMsWhenSuspend, 30_000, "consumerTimeoutMsWhenSuspend"),
    pullTimeDelayMsWhenException: positive(o.pullTimeDelayMsWhenException, 1000, "pullTimeDelayMsWhenException"),
    persistConsumerOffsetIntervalMs: positive(o.persistConsumerOffsetIntervalMs, 5000, "persistConsumerOffsetIntervalMs"),
    postSubscriptionWhenPull: o.postSubscriptionWhenPull ?? false,
    // As Java's -Drocketmq.client.localOffsetStoreDir, settable from outside the program.
    offsetStoreDir: o.offsetStoreDir ?? (process.env.ROCKETMQ_LOCAL_OFFSET_STORE_DIR || join(homedir(), ".rocketmq_offsets")),
    rebalanceIntervalMs: positive(o.rebalanceIntervalMs, 20_000, "rebalanceIntervalMs"),
    pullThresholdForQueue: positive(o.pullThresholdForQueue, 1000, "pullThresholdForQueue"),
    consumeMessageBatchMaxSize: positive(o.consumeMessageBatchMaxSize, 1, "consumeMessageBatchMaxSize"),
    maxReconsumeTimes: o.maxReconsumeTimes === undefined ? undefined : positive(o.maxReconsumeTimes, 16, "maxReconsumeTimes", true),
    consumeRetryDelayMs: positive(o.consumeRetryDelayMs, 5000, "consumeRetryDelayMs"),
    consumeMessageCountMax: o.consumeMessageCountMax === undefined ? undefined : wholePositive(o.consumeMessageCountMax, "consumeMessageCountMax"),
    suspendCurrentQueueTimeMs: positive(o.suspendCurrentQueueTimeMs, 1000, "suspendCurrentQueueTimeMs"),
    lockIntervalMs: positive(o.lockIntervalMs, 20_000, "lockIntervalMs"),
  };
  if (resolved.consumerTimeoutMsWhenSuspend <= resolved.brokerSuspendMaxTimeMs) {
    throw new Error("consumerTimeoutMsWhenSuspend must exceed brokerSuspendMaxTimeMs");
  }
  return resolved;
}

function wholePositive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}

/** "yyyyMMddHHmmss" in local time (Java's format) or ms; absent = 30 minutes ago. */
export function parseConsumeTimestamp(value: string | number | undefined, nowMs = Date.now()): number {
  if (value === undefined) return nowMs - 30 * 60_000;
  if (typeof value === "number") return value;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) throw new Error(`consumeTimestamp "${value}" is not yyyyMMddHHmmss`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}
