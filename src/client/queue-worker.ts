// One assigned queue of a push consumer: a pull loop (long polling, paused while the process
// queue holds pullThresholdForQueue messages) and a consume loop that hands batches to the
// listener in offset order and records progress in the offset store. stop() drops the queue:
// both loops end, nothing more is recorded for it.
import type { SubscriptionData } from "../common/index.ts";
import type { ClientCore } from "./client-core.ts";
import type { ResolvedConsumerOptions } from "./consumer-options.ts";
import type { ConsumeResult, MessageExt, MessageQueue } from "./message.ts";
import type { OffsetStore } from "./offset-store.ts";
import { ProcessQueue } from "./process-queue.ts";
import { pullMessage } from "./pull.ts";

export interface ConsumeContext {
  messageQueue: MessageQueue;
  /** Delay level for the retry of a failed batch; 0 = the broker's choice (3 + reconsumeTimes). */
  delayLevelWhenNextConsume: number;
}

export type MessageListener = (messages: MessageExt[], context: ConsumeContext) => ConsumeResult | Promise<ConsumeResult>;

export interface WorkerContext {
  core: ClientCore;
  opts: ResolvedConsumerOptions;
  offsets: OffsetStore;
  listener: MessageListener;
  subscription(topic: string): SubscriptionData | undefined;
  /** Hands a failed message back for a later retry; false when that failed too. */
  sendBack(msg: MessageExt, delayLevel: number): Promise<boolean>;
}

const FLOW_CONTROL_PAUSE_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class QueueWorker {
  readonly pq = new ProcessQueue();
  private consuming: Promise<void> | undefined;

  constructor(
    private readonly ctx: WorkerContext,
    readonly mq: MessageQueue,
    private nextOffset: number,
  ) {}

  start(): void {
    this.ctx.offsets.update(this.mq, this.nextOffset);
    void this.pullLoop();
  }

  /** Drops the queue; resolves when the batch being consumed (if any) is done. */
  async stop(): Promise<void> {
    this.pq.dropped = true;
    await this.consuming;
  }

  private async pullLoop(): Promise<void> {
    const { core, opts, offsets } = this.ctx;
    const clustering = opts.messageModel === "CLUSTERING";
    while (!this.pq.dropped && core.isRunning) {
      if (this.pq.count >= opts.pullThresholdForQueue) {
        await sleep(FLOW_CONTROL_PAUSE_MS);
        continue;
      }
      const subscription = this.ctx.subscription(this.mq.topic);
      const addr = core.masterAddr(this.mq.brokerName);
      if (!subscription || !addr) {
        await sleep(opts.pullTimeDelayMsWhenException);
        continue;
      }
      try {
        const result = await pullMessage(core.remoting, addr, {
          group: opts.consumerGroup,
          mq: this.mq,
          queueOffset: this.nextOffset,
          maxMsgNums: opts.pullBatchSize,
          subscription,
          commitOffset: clustering ? offsets.current(this.mq) : undefined,
          suspendTimeoutMs: opts.brokerSuspendMaxTimeMs,
          postSubscription: opts.postSubscriptionWhenPull,
          restoreRetryTopic: true,
        }, opts.consumerTimeoutMsWhenSuspend);
        if (this.pq.dropped) return;
        this.nextOffset = result.nextBeginOffset;
        if (result.messages.length > 0) {
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
      } catch (err) {
        if (this.pq.dropped || !core.isRunning) return;
        core.log.debug("pull failed", { topic: this.mq.topic, queueId: this.mq.queueId, error: String(err) });
        await sleep(opts.pullTimeDelayMsWhenException);
      }
    }
  }

  private kickConsume(): void {
    if (this.consuming) return;
    this.consuming = this.consumeLoop().finally(() => {
      this.consuming = undefined;
      if (!this.pq.dropped && this.pq.count > 0) this.kickConsume();
    });
  }

  private async consumeLoop(): Promise<void> {
    while (!this.pq.dropped) {
      const batch = this.pq.peek(this.ctx.opts.consumeMessageBatchMaxSize);
      if (batch.length === 0) return;
      const context: ConsumeContext = { messageQueue: this.mq, delayLevelWhenNextConsume: 0 };
      let result: ConsumeResult;
      try {
        result = await this.ctx.listener(batch, context);
      } catch (err) {
        this.ctx.core.log.warn("listener threw; reconsume later", { topic: this.mq.topic, error: String(err) });
        result = "RECONSUME_LATER";
      }
      if (this.pq.dropped) return;
      let done = batch;
      if (result !== "CONSUME_SUCCESS") done = await this.handBack(batch, context.delayLevelWhenNextConsume);
      if (this.pq.dropped) return;
      this.ctx.offsets.update(this.mq, this.pq.remove(done));
      if (done.length < batch.length) await sleep(this.ctx.opts.consumeRetryDelayMs);
    }
  }

  /** Sends failed messages back (CLUSTERING); returns those settled, keeping the rest to retry. */
  private async handBack(batch: MessageExt[], delayLevel: number): Promise<MessageExt[]> {
    if (this.ctx.opts.messageModel === "BROADCASTING") {
      this.ctx.core.log.warn("broadcast message not consumed; dropped", { topic: this.mq.topic, count: batch.length });
      return batch;
    }
    const settled: MessageExt[] = [];
    for (const msg of batch) {
      if (await this.ctx.sendBack(msg, delayLevel)) settled.push(msg);
      else msg.reconsumeTimes++;
    }
    return settled;
  }
}
