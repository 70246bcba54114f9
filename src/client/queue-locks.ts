// Broker locks on the queues of an orderly CLUSTERING consumer (broker-internals.md §9.3):
// LOCK_BATCH_MQ per broker after each rebalance and every lockIntervalMs (lockAll), for a single
// queue when a worker needs it (lock), and UNLOCK_BATCH_MQ once a dropped queue's offset is
// committed (unlock). The broker lets a lock lapse after 60 s without renewal.
import { lockBatchMq, unlockBatchMq } from "./broker-api.ts";
import type { ClientCore } from "./client-core.ts";
import { mqKey, type MessageQueue } from "./message.ts";
import type { QueueWorker } from "./queue-worker.ts";

/** Java's 1 s RPC timeout for lock calls. */
const LOCK_TIMEOUT_MS = 1000;

export class QueueLocks {
  constructor(
    private readonly core: ClientCore,
    private readonly group: string,
  ) {}

  async lock(mq: MessageQueue): Promise<boolean> {
    const addr = this.core.masterAddr(mq.brokerName);
    if (!addr) return false;
    const granted = await lockBatchMq(this.core.remoting, addr, this.batch([mq]), LOCK_TIMEOUT_MS);
    return granted.some((g) => mqKey(g) === mqKey(mq));
  }

  /** Re-locks every worker's queue, broker by broker, and marks each as held or not. */
  async lockAll(workers: readonly QueueWorker[]): Promise<void> {
    await Promise.all(
      [...byBroker(workers.filter((w) => w.needsLock && !w.pq.dropped))].map(async ([brokerName, group]) => {
        const addr = this.core.masterAddr(brokerName);
        if (!addr) return;
        try {
          const granted = new Set((await lockBatchMq(this.core.remoting, addr, this.batch(group.map((w) => w.mq)), LOCK_TIMEOUT_MS)).map(mqKey));
          for (const w of group) if (!w.pq.dropped) w.pq.setLocked(granted.has(mqKey(w.mq)));
        } catch (err) {
          // Locks stay as they were; a held one lapses locally after LOCK_TTL_MS without renewal.
          this.core.log.warn("queue lock renewal failed", { broker: brokerName, error: String(err) });
        }
      }),
    );
  }

  /** Releases queues on their brokers; failures are logged (the broker lock lapses anyway). */
  async unlock(mqs: readonly MessageQueue[]): Promise<void> {
    const brokers = new Map<string, MessageQueue[]>();
    for (const mq of mqs) brokers.set(mq.brokerName, [...(brokers.get(mq.brokerName) ?? []), mq]);
    await Promise.all(
      [...brokers].map(async ([brokerName, set]) => {
        const addr = this.core.masterAddr(brokerName);
        if (!addr) return;
        try {
          await unlockBatchMq(this.core.remoting, addr, this.batch(set), LOCK_TIMEOUT_MS);
        } catch (err) {
          this.core.log.warn("queue unlock failed", { broker: brokerName, error: String(err) });
        }
      }),
    );
  }

  private batch(mqSet: MessageQueue[]) {
    return { consumerGroup: this.group, clientId: this.core.clientId, mqSet };
  }
}

function byBroker(workers: readonly QueueWorker[]): Map<string, QueueWorker[]> {
  const out = new Map<string, QueueWorker[]>();
  for (const w of workers) out.set(w.mq.brokerName, [...(out.get(w.mq.brokerName) ?? []), w]);
  return out;
}
