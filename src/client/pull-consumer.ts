// The pull consumer, for applications that drive consumption themselves: assign() the queues
// to read, poll() for messages, commit() progress (or let autoCommit do it every
// autoCommitIntervalMs), seek() to move a queue. Each assigned queue is prefetched by a
// long-polling loop into a buffer of at most pullThresholdForQueue messages.
//
//   const consumer = new PullConsumer({ namesrvAddr, consumerGroup: "cg", autoCommit: false });
//   await consumer.start();
//   await consumer.assign(await consumer.fetchMessageQueues("T"));
//   const msgs = await consumer.poll(1000);
//   await consumer.commit();
import { join } from "node:path";
import type { HeartbeatData } from "../common/index.ts";
import { unregisterClient } from "./broker-api.ts";
import { ClientCore } from "./client-core.ts";
import { resolveConsumerOptions, type ConsumerOptions, type ResolvedConsumerOptions } from "./consumer-options.ts";
import { mqKey, type MessageExt, type MessageQueue } from "./message.ts";
import { BrokerOffsetStore, LocalOffsetStore, type OffsetStore } from "./offset-store.ts";
import { positive, resolveClientOptions } from "./options.ts";
import { CLIENT_INNER_PRODUCER_GROUP } from "./producer.ts";
import { PullBuffer } from "./pull-buffer.ts";
import { subscribeQueues } from "./route.ts";
import { startOffset } from "./start-offset.ts";
import { parseTagExpression } from "./subscription.ts";

export interface PullConsumerOptions extends ConsumerOptions {
  /** Commit polled offsets every autoCommitIntervalMs (default true, as Java's lite pull consumer). */
  autoCommit?: boolean;
  autoCommitIntervalMs?: number;
  /** Messages buffered per queue before its prefetch pauses (default 1000). */
  pullThresholdForQueue?: number;
}

export class PullConsumer {
  private readonly opts: ResolvedConsumerOptions;
  private readonly core: ClientCore;
  private readonly offsets: OffsetStore;
  private readonly buffers = new Map<string, PullBuffer>();
  private readonly waiters = new Set<() => void>();
  private readonly autoCommit: boolean;
  private readonly autoCommitIntervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: PullConsumerOptions) {
    this.opts = resolveConsumerOptions({ ...options, brokerSuspendMaxTimeMs: options.brokerSuspendMaxTimeMs ?? 20_000 });
    this.autoCommit = options.autoCommit ?? true;
    this.autoCommitIntervalMs = positive(options.autoCommitIntervalMs, 5000, "autoCommitIntervalMs");
    this.core = new ClientCore(resolveClientOptions(options), (clientID) => this.heartbeatData(clientID));
    this.offsets =
      this.opts.messageModel === "CLUSTERING"
        ? new BrokerOffsetStore(this.core, this.opts.consumerGroup)
        : new LocalOffsetStore(join(this.opts.offsetStoreDir, this.core.clientId, this.opts.consumerGroup, "offsets.json"));
  }

  /** Starts route refresh, heartbeats and (with autoCommit) periodic commits; then assign(). */
  async start(): Promise<void> {
    this.core.start();
    if (this.autoCommit) this.timer = setInterval(() => void this.offsets.persist(this.assignment()), this.autoCommitIntervalMs);
  }

  /** Stops prefetching, commits (when autoCommit) and unregisters. */
  async shutdown(): Promise<void> {
    if (!this.core.isRunning) return;
    clearInterval(this.timer);
    const queues = this.assignment();
    for (const b of this.buffers.values()) b.stop();
    if (this.autoCommit) await this.offsets.persist(queues, true);
    const header = { clientID: this.core.clientId, consumerGroup: this.opts.consumerGroup };
    await Promise.all(this.core.brokerAddrs().map((a) => unregisterClient(this.core.remoting, a, header, this.core.opts.requestTimeoutMs).catch(() => {})));
    this.buffers.clear();
    this.wake();
    this.core.shutdown();
  }

  /** The readable queues of a topic. */
  async fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    const route = await this.core.route(topic, true);
    if (!route) throw new Error(`topic ${topic} has no route`);
    return subscribeQueues(topic, route);
  }

  /** Reads exactly these queues from now on, each from its committed offset (or consumeFromWhere). */
  async assign(queues: readonly MessageQueue[]): Promise<void> {
    const keys = new Set(queues.map(mqKey));
    for (const [key, b] of this.buffers) {
      if (keys.has(key)) continue;
      b.stop();
      this.buffers.delete(key);
      this.offsets.remove(b.mq);
    }
    for (const topic of new Set(queues.map((q) => q.topic))) await this.core.route(topic);
    await this.core.sendHeartbeats();
    for (const mq of queues) {
      const key = mqKey(mq);
      if (this.buffers.has(key)) continue;
      const offset = await startOffset(this.core, this.offsets, mq, this.opts);
      const buffer = new PullBuffer(this.core, this.opts, mq, offset, parseTagExpression(mq.topic, "*"), () => this.wake());
      this.buffers.set(key, buffer);
      buffer.start();
    }
  }

  /** The queues assigned now. */
  assignment(): MessageQueue[] {
    return [...this.buffers.values()].map((b) => b.mq);
  }

  /** Messages of one queue's buffer, waiting up to timeoutMs for some; [] on timeout. */
  async poll(timeoutMs = 5000): Promise<MessageExt[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const b of this.buffers.values()) {
        const msgs = b.take(this.opts.pullBatchSize);
        if (msgs.length === 0) continue;
        this.offsets.update(b.mq, b.consumedOffset);
        return msgs;
      }
      const leftMs = deadline - Date.now();
      if (leftMs <= 0 || !this.core.isRunning) return [];
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, leftMs);
        this.waiters.add(done);
      });
    }
  }

  /** Moves a queue: the next poll returns messages from `offset` on. */
  seek(mq: MessageQueue, offset: number): void {
    const b = this.buffers.get(mqKey(mq));
    if (!b) throw new Error(`queue ${mqKey(mq)} is not assigned`);
    b.seek(offset);
    this.offsets.update(mq, offset);
  }

  /** Commits the offsets of everything polled so far, awaiting the broker. */
  async commit(): Promise<void> {
    await this.offsets.persist(this.assignment(), true);
  }

  /** The offset the broker has stored for the group on this queue (-1 = none). */
  committed(mq: MessageQueue): Promise<number> {
    return this.offsets.read(mq);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private heartbeatData(clientID: string): HeartbeatData {
    const topics = new Set(this.assignment().map((q) => q.topic));
    return {
      clientID,
      consumerDataSet: [{
        groupName: this.opts.consumerGroup,
        consumeType: "CONSUME_ACTIVELY",
        messageModel: this.opts.messageModel,
        consumeFromWhere: this.opts.consumeFromWhere,
        subscriptionDataSet: [...topics].map((t) => parseTagExpression(t, "*")),
        unitMode: false,
      }],
      producerDataSet: [{ groupName: CLIENT_INNER_PRODUCER_GROUP }],
    };
  }
}
