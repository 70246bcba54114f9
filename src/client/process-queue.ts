// The messages pulled from one queue and not yet consumed, in queue-offset order. Pulls put,
// the consume loop peeks a batch and removes it when done; the offset to commit is then the
// first message still held, or one past the highest offset seen (Java's ProcessQueue).
// For orderly consumption it also remembers the broker lock: held while the last LOCK_BATCH_MQ
// granted it less than LOCK_TTL_MS ago (Java rocketmq.client.rebalance.lockMaxLiveTime), which
// is shorter than the broker's 60 s so the client stops before the broker may give it away.
import type { MessageExt } from "./message.ts";

export const LOCK_TTL_MS = 30_000;

export class ProcessQueue {
  private readonly msgs = new Map<number, MessageExt>();
  private highestOffset = -1;
  private lockedAtMs: number | undefined;
  /** Given away or reset: what it holds is discarded, a batch in the listener records nothing. */
  dropped = false;
  /** The consumer is shutting down: no more pulls or new batches, but the batch in the listener still records its result. */
  draining = false;
  /** Body bytes held; when messages last arrived and were last consumed (Java's ProcessQueueInfo). */
  bodyBytes = 0;
  lastPullTimestampMs = 0;
  lastConsumeTimestampMs = Date.now();

  /** Neither dropped nor draining: pull and consume on. */
  get active(): boolean {
    return !this.dropped && !this.draining;
  }

  get count(): number {
    return this.msgs.size;
  }

  put(messages: readonly MessageExt[]): void {
    this.lastPullTimestampMs = Date.now();
    for (const m of messages) {
      if (m.queueOffset <= this.highestOffset) continue;
      this.msgs.set(m.queueOffset, m);
      this.bodyBytes += m.body.length;
      this.highestOffset = m.queueOffset;
    }
  }

  /** The lowest and highest queue offsets held (0, 0 when empty). */
  offsetRange(): { min: number; max: number } {
    const first = this.msgs.keys().next();
    return first.done ? { min: 0, max: 0 } : { min: first.value, max: this.highestOffset };
  }

  /** The first `max` messages, left in place until remove(). */
  peek(max: number): MessageExt[] {
    const batch: MessageExt[] = [];
    for (const m of this.msgs.values()) {
      if (batch.length >= max) break;
      batch.push(m);
    }
    return batch;
  }

  /** Removes consumed messages; returns the offset to commit (-1 when nothing was ever held). */
  remove(messages: readonly MessageExt[]): number {
    this.lastConsumeTimestampMs = Date.now();
    for (const m of messages) if (this.msgs.delete(m.queueOffset)) this.bodyBytes -= m.body.length;
    const first = this.msgs.keys().next();
    if (!first.done) return first.value;
    return this.highestOffset + 1;
  }

  clear(): void {
    this.msgs.clear();
    this.bodyBytes = 0;
  }

  /** Records the broker's answer to a lock request for this queue. */
  setLocked(granted: boolean, nowMs = Date.now()): void {
    this.lockedAtMs = granted ? nowMs : undefined;
  }

  holdsLock(nowMs = Date.now()): boolean {
    return this.lockedAtMs !== undefined && nowMs - this.lockedAtMs <= LOCK_TTL_MS;
  }

  get lastLockTimestampMs(): number {
    return this.lockedAtMs ?? 0;
  }
}
