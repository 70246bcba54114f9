// The consume loop of a concurrent listener (Java ConsumeMessageConcurrentlyService, one queue
// at a time here): batches of consumeMessageBatchMaxSize in offset order; a failed batch goes
// back to the broker (CONSUMER_SEND_MSG_BACK) for a later retry from %RETRY%<group>, and the
// offset moves past it once that succeeded. Messages whose send-back failed stay and are
// consumed again after consumeRetryDelayMs. While the consumer shuts down (draining) no new
// batch starts, but the one in the listener is still settled and its offset recorded.
import type { ConsumeContext, MessageListener } from "./listener.ts";
import type { ConsumeResult, MessageExt } from "./message.ts";
import type { QueueWorker } from "./queue-worker.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function consumeConcurrently(w: QueueWorker, listener: MessageListener): Promise<void> {
  const { ctx, mq, pq } = w;
  while (pq.active) {
    const batch = w.nextBatch();
    if (batch.length === 0) return;
    const context: ConsumeContext = { messageQueue: mq, delayLevelWhenNextConsume: 0 };
    let result: ConsumeResult;
    const beginMs = performance.now();
    try {
      result = await listener(batch, context);
    } catch (err) {
      ctx.core.log.warn("listener threw; reconsume later", { topic: mq.topic, error: String(err) });
      result = "RECONSUME_LATER";
    }
    const ok = result === "CONSUME_SUCCESS";
    ctx.stats.consumed(mq.topic, ok ? batch.length : 0, ok ? 0 : batch.length, performance.now() - beginMs);
    if (pq.dropped) return;
    let done = batch;
    if (result !== "CONSUME_SUCCESS") done = await handBack(w, batch, context.delayLevelWhenNextConsume);
    if (pq.dropped) return;
    ctx.offsets.update(mq, pq.remove(done));
    if (done.length < batch.length && pq.active) await sleep(ctx.opts.consumeRetryDelayMs);
  }
}

/** Sends failed messages back (CLUSTERING); returns those settled, keeping the rest to retry. */
async function handBack(w: QueueWorker, batch: MessageExt[], delayLevel: number): Promise<MessageExt[]> {
  if (w.ctx.opts.messageModel === "BROADCASTING") {
    w.ctx.core.log.warn("broadcast message not consumed; dropped", { topic: w.mq.topic, count: batch.length });
    return batch;
  }
  const settled: MessageExt[] = [];
  for (const msg of batch) {
    if (await w.ctx.sendBack(msg, delayLevel)) settled.push(msg);
    else msg.reconsumeTimes++;
  }
  return settled;
}
