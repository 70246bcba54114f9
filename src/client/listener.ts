// What a push consumer hands messages to: a concurrent listener (batches of one queue, failures
// go back to the broker for a later retry) or an orderly one (one batch of a queue at a time,
// strictly in offset order, failures retried locally after a pause). Names mirror Java's
// ConsumeConcurrentlyStatus and ConsumeOrderlyStatus.
import type { ConsumeResult, MessageExt, MessageQueue } from "./message.ts";

export interface ConsumeContext {
  messageQueue: MessageQueue;
  /** Delay level for the retry of a failed batch; 0 = the broker's choice (3 + reconsumeTimes). */
  delayLevelWhenNextConsume: number;
}

export type MessageListener = (messages: MessageExt[], context: ConsumeContext) => ConsumeResult | Promise<ConsumeResult>;

/** SUCCESS commits the batch; SUSPEND_CURRENT_QUEUE_A_MOMENT blocks the queue and redelivers the same batch. */
export type ConsumeOrderlyStatus = "SUCCESS" | "SUSPEND_CURRENT_QUEUE_A_MOMENT";

export interface ConsumeOrderlyContext {
  messageQueue: MessageQueue;
  /** How long a suspended queue waits before the batch is redelivered; the listener may change it. */
  suspendCurrentQueueTimeMs: number;
}

export type MessageListenerOrderly = (
  messages: MessageExt[],
  context: ConsumeOrderlyContext,
) => ConsumeOrderlyStatus | Promise<ConsumeOrderlyStatus>;

export type ConsumeMode =
  | { orderly: false; listener: MessageListener }
  | { orderly: true; listener: MessageListenerOrderly };

/** Java's Integer.MAX_VALUE: orderly consumers retry locally without end by default. */
export const MAX_RECONSUME_TIMES_ORDERLY = 2_147_483_647;
export const MAX_RECONSUME_TIMES_CONCURRENTLY = 16;
