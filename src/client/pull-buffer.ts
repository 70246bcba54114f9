// One queue of a PullConsumer: a long-polling prefetch loop filling a buffer that poll() takes
// from. seek() bumps a generation so a pull already under way cannot put stale messages back.
import type { SubscriptionData } from "../common/index.ts";
import type { ClientCore } from "./client-core.ts";
import type { ResolvedConsumerOptions } from "./consumer-options.ts";
import type { MessageExt, MessageQueue } from "./message.ts";
import { pullMessage } from "./pull.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const FLOW_CONTROL_PAUSE_MS = 50;

export class PullBuffer {
  private buffer: MessageExt[] = [];
  private generation = 0;
  private stopped = false;
  /** One past the last message taken: what commit() stores. */
  consumedOffset: number;

  constructor(
    private readonly core: ClientCore,
    private readonly opts: ResolvedConsumerOptions,
    readonly mq: MessageQueue,
    private nextOffset: number,
    private readonly subscription: SubscriptionData,
    private readonly onMessages: () => void,
  ) {
    this.consumedOffset = nextOffset;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.buffer = [];
  }

  take(max: number): MessageExt[] {
    const taken = this.buffer.splice(0, max);
    const last = taken.at(-1);
    if (last) this.consumedOffset = last.queueOffset + 1;
    return taken;
  }

  seek(offset: number): void {
    this.generation++;
    this.buffer = [];
    this.nextOffset = offset;
    this.consumedOffset = offset;
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.core.isRunning) {
      if (this.buffer.length >= this.opts.pullThresholdForQueue) {
        await sleep(FLOW_CONTROL_PAUSE_MS);
        continue;
      }
      const generation = this.generation;
      try {
        const addr = this.core.readAddr(this.mq.brokerName);
        if (!addr) throw new Error(`broker ${this.mq.brokerName} has no address in the route`);
        const result = await pullMessage(this.core.remoting, addr, {
          group: this.opts.consumerGroup,
          mq: this.mq,
          queueOffset: this.nextOffset,
          maxMsgNums: this.opts.pullBatchSize,
          subscription: this.subscription,
          suspendTimeoutMs: this.opts.brokerSuspendMaxTimeMs,
          postSubscription: true,
          restoreRetryTopic: false,
        }, this.opts.consumerTimeoutMsWhenSuspend);
        if (this.stopped || generation !== this.generation) continue;
        this.nextOffset = result.nextBeginOffset;
        if (result.messages.length > 0) {
          this.buffer.push(...result.messages);
          this.onMessages();
        }
      } catch (err) {
        if (this.stopped || !this.core.isRunning) return;
        this.core.log.debug("pull failed", { topic: this.mq.topic, queueId: this.mq.queueId, error: String(err) });
        await sleep(this.opts.pullTimeDelayMsWhenException);
      }
    }
  }
}
