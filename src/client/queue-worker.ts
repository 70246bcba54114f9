// One assigned queue of a push consumer: a pull loop (long polling, paused while the process
// queue holds pullThresholdForQueue messages) and a consume loop that hands batches to the
// listener in offset order and records progress in the offset store.
//
// Contract: start(begin) first takes the queue's broker lock (orderly CLUSTERING only), then asks
// begin() for the offset to start from, retrying both until granted or until stop(); only then
// does it pull. stop() drops the queue and resolves when the start-up and the batch in the
// listener (if any) are done; after that the worker sends nothing more (no pull result is kept,
// no lock request is made), so the caller may commit its offset and unlock the queue.
// stop({ drain: true }) (shutdown) is the same, except that the batch in the listener still
// records its result in the offset store before stop() resolves.
import { ResponseCode, type SubscriptionData } from "../common/index.ts";
import type { ClientCore } from "./client-core.ts";
import { consumeConcurrently } from "./consume-concurrently.ts";
import type { ConsumeLimit } from "./consume-limit.ts";
import { consumeOrderly } from "./consume-orderly.ts";
import type { ResolvedConsumerOptions } from "./consumer-options.ts";
import { ClientError, isTransportError } from "./errors.ts";
import type { ConsumeMode } from "./listener.ts";
import type { ConsumerStats } from "./consumer-stats.ts";
import type { MessageExt, MessageQueue } from "./message.ts";
import type { OffsetStore } from "./offset-store.ts";
import { ProcessQueue } from "./process-queue.ts";
import { foundNextOffset, readPull, sendPull, type PullArgs } from "./pull.ts";
import type { RemotingCommand } from "../remoting/index.ts";

export interface WorkerContext {
  core: ClientCore;
  opts: ResolvedConsumerOptions;
  offsets: OffsetStore;
  mode: ConsumeMode;
  /** The effective limit: reached by an orderly message, it goes to the DLQ. */
  maxReconsumeTimes: number;
  subscription(topic: string): SubscriptionData | undefined;
  /** Hands a failed message back (delayLevel -1: straight to the DLQ); false when that failed too. */
  sendBack(msg: MessageExt, delayLevel: number): Promise<boolean>;
  /** LOCK_BATCH_MQ for one queue: true when this client holds it now. */
  lock(mq: MessageQueue): Promise<boolean>;
  /** What is left of consumeMessageCountMax, shared by every queue of the consumer. */
  limit: ConsumeLimit;
  /** Pull and consume times and counts, for GET_CONSUMER_RUNNING_INFO. */
  stats: ConsumerStats;
}

const FLOW_CONTROL_PAUSE_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class QueueWorker {
  readonly pq = new ProcessQueue();
  private starting: Promise<void> | undefined;
  private consuming: Promise<void> | undefined;
  private nextOffset = -1;
  /** The broker's node the last answer suggested for the next pull (0: the master). */
  private pullFromBrokerId = 0;
  /** A pull sent ahead of decoding the previous answer (see pullOnce). */
  private ahead: { offset: number; addr: string; response: Promise<RemotingCommand>; sentMs: number } | undefined;

  constructor(
    readonly ctx: WorkerContext,
    readonly mq: MessageQueue,
  ) {}

  /** Whether consumption needs the broker lock: orderly in CLUSTERING mode. */
  get needsLock(): boolean {
    return this.ctx.mode.orderly && this.ctx.opts.messageModel === "CLUSTERING";
  }

  start(begin: () => Promise<number>): void {
    this.starting = this.acquire(begin);
  }

  /** Drops the queue; resolves when the start-up and the batch being consumed (if any) are done. */
  async stop(opts: { drain?: boolean } = {}): Promise<void> {
    if (opts.drain) this.pq.draining = true;
    else this.pq.dropped = true;
    await this.starting;
    await this.consuming;
    this.pq.dropped = true;
  }

  /** Refreshes the lock (true) or notes the broker refused or could not be asked (false). */
  async relock(): Promise<boolean> {
    let granted = false;
    try {
      granted = await this.ctx.lock(this.mq);
    } catch (err) {
      this.ctx.core.log.debug("queue lock failed", { topic: this.mq.topic, queueId: this.mq.queueId, error: String(err) });
    }
    if (!this.pq.dropped) this.pq.setLocked(granted);
    return granted;
  }

  private async acquire(begin: () => Promise<number>): Promise<void> {
    const { core, opts, offsets } = this.ctx;
    while (this.pq.active && core.isRunning) {
      if (!this.needsLock || (await this.relock())) {
        try {
          const offset = await begin();
          if (!this.pq.active) return;
          this.nextOffset = offset;
          offsets.update(this.mq, offset);
          void this.pullLoop();
          return;
        } catch (err) {
          core.log.warn("cannot compute start offset; trying again", { topic: this.mq.topic, queueId: this.mq.queueId, error: String(err) });
        }
      }
      await sleep(opts.pullTimeDelayMsWhenException);
    }
  }

  private async pullLoop(): Promise<void> {
    const { core, opts, limit } = this.ctx;
    // Once the limit is reached nothing more is consumed, so nothing more is pulled.
    while (this.pq.active && core.isRunning && !limit.reached) {
      const subscription = this.ctx.subscription(this.mq.topic);
      const addr = core.readAddr(this.mq.brokerName, this.pullFromBrokerId);
      if (this.pq.count >= opts.pullThresholdForQueue || (this.needsLock && !this.pq.holdsLock())) {
        await sleep(FLOW_CONTROL_PAUSE_MS);
        continue;
      }
      if (!subscription || !addr) {
        await sleep(opts.pullTimeDelayMsWhenException);
        continue;
      }
      try {
        await this.pullOnce(addr, subscription);
      } catch (err) {
        if (!this.pq.active || !core.isRunning) return;
        // A refusal by the broker (no permission, bad subscription) is the user's to see; a timeout is routine.
        const refused = err instanceof ClientError && err.code !== undefined;
        (refused ? core.log.warn : core.log.debug)("pull failed", { topic: this.mq.topic, queueId: this.mq.queueId, error: String(err) });
        // The broker may be gone (a master killed): ask for the route now rather than at the next
        // poll, so reads move to its slave within one retry delay.
        if (isTransportError(err)) void core.route(this.mq.topic, true).catch(() => undefined);
        // A broker that does not know this consumer (restarted, or rebuilt by a controller-mode
        // role change) learns it from a heartbeat now rather than at the next interval (30 s).
        if (refused && err.code === ResponseCode.SUBSCRIPTION_NOT_EXIST) core.heartbeatSoon();
        await sleep(opts.pullTimeDelayMsWhenException);
      }
    }
  }

  /**
   * One pull and what it brought. When it found messages and the queue has room for another
   * batch, the next pull is sent before this one is decoded (the broker reads while we decode);
   * the next pullOnce takes its answer if it still starts at nextOffset.
   */
  private async pullOnce(addr: string, subscription: SubscriptionData): Promise<void> {
    const { core, opts, offsets } = this.ctx;
    const args = this.pullArgs(subscription, this.nextOffset);
    const ahead = this.ahead;
    this.ahead = undefined;
    const reuse = ahead !== undefined && ahead.offset === this.nextOffset && ahead.addr === addr;
    const sentMs = reuse ? ahead.sentMs : performance.now();
    const response = reuse ? ahead.response : sendPull(core.remoting, addr, args, opts.consumerTimeoutMsWhenSuspend);
    const res = await response;
    const rtMs = performance.now() - sentMs;
    if (!this.pq.active) return;
    const next = foundNextOffset(res, args);
    if (next !== undefined && this.pq.count + 2 * opts.pullBatchSize <= opts.pullThresholdForQueue && !this.needsLock) {
      const pulling = sendPull(core.remoting, addr, this.pullArgs(subscription, next), opts.consumerTimeoutMsWhenSuspend);
      pulling.catch(() => {}); // a failure surfaces when the next pullOnce awaits it
      this.ahead = { offset: next, addr, response: pulling, sentMs: performance.now() };
    }
    const result = readPull(res, args, addr);
    this.nextOffset = result.nextBeginOffset;
    this.pullFromBrokerId = result.suggestWhichBrokerId;
    if (result.messages.length > 0) {
      this.ctx.stats.pulled(this.mq.topic, result.messages.length, rtMs);
      this.pq.put(result.messages);
      this.kickConsume();
    } else if (this.pq.count === 0 && result.status !== "FOUND") {
      offsets.update(this.mq, this.nextOffset);
    }
    if (result.status === "OFFSET_ILLEGAL") {
      core.log.warn("pull offset moved", { topic: this.mq.topic, queueId: this.mq.queueId, next: this.nextOffset });
      offsets.update(this.mq, this.nextOffset);
      await offsets.persist([this.mq]);
    }
  }

  private pullArgs(subscription: SubscriptionData, queueOffset: number): PullArgs {
    const { opts, offsets } = this.ctx;
    return {
      group: opts.consumerGroup,
      mq: this.mq,
      queueOffset,
      maxMsgNums: opts.pullBatchSize,
      subscription,
      commitOffset: opts.messageModel === "CLUSTERING" ? offsets.current(this.mq) : undefined,
      suspendTimeoutMs: opts.brokerSuspendMaxTimeMs,
      postSubscription: opts.postSubscriptionWhenPull,
      restoreRetryTopic: true,
    };
  }

  /**
   * The next batch for the listener, oldest first: consumeMessageBatchMaxSize messages at most,
   * fewer when the consumer's limit has fewer left (counted as handed out); empty when the
   * queue holds nothing or the limit is reached.
   */
  nextBatch(): MessageExt[] {
    const { opts, limit } = this.ctx;
    const batch = this.pq.peek(limit.allow(opts.consumeMessageBatchMaxSize));
    limit.take(batch.length);
    return batch;
  }

  private kickConsume(): void {
    if (this.consuming || this.ctx.limit.reached) return;
    const mode = this.ctx.mode;
    const loop = mode.orderly ? consumeOrderly(this, mode.listener) : consumeConcurrently(this, mode.listener);
    this.consuming = loop.finally(() => {
      this.consuming = undefined;
      if (this.pq.active && this.pq.count > 0) this.kickConsume();
    });
  }
}
