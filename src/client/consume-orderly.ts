// The consume loop of an orderly listener (Java ConsumeMessageOrderlyService): one batch of
// consumeMessageBatchMaxSize at a time, strictly in offset order, and in CLUSTERING mode only
// while this client holds the queue's broker lock (re-asked for when it lapsed).
//
// SUSPEND_CURRENT_QUEUE_A_MOMENT (or a throw) blocks the queue: each message of the batch counts
// one more reconsume and the same batch is redelivered after suspendCurrentQueueTimeMs. A message
// that was already reconsumed maxReconsumeTimes times goes to %DLQ%<group> instead
// (CONSUMER_SEND_MSG_BACK with delayLevel -1) and consumption moves on past it.
//
// A batch whose listener returned SUCCESS is committed even when the queue was dropped meanwhile:
// the lock is still held until the caller has committed and unlocked, so the next owner starts
// right after it instead of consuming it again.
import type { ConsumeOrderlyContext, ConsumeOrderlyStatus, MessageListenerOrderly } from "./listener.ts";
import type { MessageExt } from "./message.ts";
import type { QueueWorker } from "./queue-worker.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function consumeOrderly(w: QueueWorker, listener: MessageListenerOrderly): Promise<void> {
  const { ctx, mq, pq } = w;
  while (pq.active) {
    if (w.needsLock && !pq.holdsLock()) {
      if (!(await w.relock())) await sleep(ctx.opts.pullTimeDelayMsWhenException);
      continue;
    }
    const batch = w.nextBatch();
    if (batch.length === 0) return;
    const context: ConsumeOrderlyContext = { messageQueue: mq, suspendCurrentQueueTimeMs: ctx.opts.suspendCurrentQueueTimeMs };
    let status: ConsumeOrderlyStatus;
    const beginMs = performance.now();
    try {
      status = await listener(batch, context);
    } catch (err) {
      ctx.core.log.warn("orderly listener threw; suspending the queue", { topic: mq.topic, queueId: mq.queueId, error: String(err) });
      status = "SUSPEND_CURRENT_QUEUE_A_MOMENT";
    }
    const ok = status === "SUCCESS";
    ctx.stats.consumed(mq.topic, ok ? batch.length : 0, ok ? 0 : batch.length, performance.now() - beginMs);
    if (ok) {
      ctx.offsets.update(mq, pq.remove(batch));
      continue;
    }
    if (!pq.active) return;
    const parked = await parkExhausted(w, batch);
    if (parked.length > 0) ctx.offsets.update(mq, pq.remove(parked));
    if (parked.length < batch.length) await sleep(context.suspendCurrentQueueTimeMs);
  }
}

/** After a suspend: sends messages out of reconsumes to the DLQ (returned); counts a reconsume on the rest. */
async function parkExhausted(w: QueueWorker, batch: MessageExt[]): Promise<MessageExt[]> {
  const { ctx } = w;
  const parked: MessageExt[] = [];
  for (const msg of batch) {
    if (msg.reconsumeTimes >= ctx.maxReconsumeTimes && (await toDlq(w, msg))) {
      parked.push(msg);
      continue;
    }
    msg.reconsumeTimes++;
  }
  return parked;
}

async function toDlq(w: QueueWorker, msg: MessageExt): Promise<boolean> {
  if (w.ctx.opts.messageModel === "BROADCASTING") {
    w.ctx.core.log.warn("broadcast message out of reconsumes; dropped", { topic: msg.topic, msgId: msg.msgId });
    return true;
  }
  const sent = await w.ctx.sendBack(msg, -1);
  if (sent) w.ctx.core.log.info("message out of reconsumes sent to the DLQ", { topic: msg.topic, msgId: msg.msgId, reconsumeTimes: msg.reconsumeTimes });
  return sent;
}
