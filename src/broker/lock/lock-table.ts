// Ordered-consumption queue locks (RocketMQ's RebalanceLockManager): group → queue → holder.
// A lock is granted when the queue is free, already held by the same client, or its holder's
// lock expired (not renewed for lockMaxLiveMs, RocketMQ 60 000). Only the holder unlocks.
//
// Unlike RocketMQ, locks taken over a connection are released when that connection closes, so a
// crashed orderly consumer's queues move to another client at once instead of after 60 s.
import type { MessageQueue } from "../../common/index.ts";

export const LOCK_MAX_LIVE_MS_DEFAULT = 60_000;

interface Holder {
  clientId: string;
  connectionId: number | undefined;
  lastUpdateMs: number;
}

export interface QueueLockTableOptions {
  lockMaxLiveMs?: number;
  now?: () => number;
}

const keyOf = (mq: MessageQueue): string => `${mq.topic}\u0001${mq.brokerName}\u0001${mq.queueId}`;

export class QueueLockTable {
  private readonly groups = new Map<string, Map<string, Holder>>();
  private readonly lockMaxLiveMs: number;
  private readonly now: () => number;

  constructor(o: QueueLockTableOptions = {}) {
    this.lockMaxLiveMs = o.lockMaxLiveMs ?? LOCK_MAX_LIVE_MS_DEFAULT;
    this.now = o.now ?? Date.now;
  }

  /** Locks (or renews) what it can for clientId; returns the queues the client now holds. */
  lock(group: string, clientId: string, mqs: readonly MessageQueue[], connectionId?: number): MessageQueue[] {
    const now = this.now();
    let table = this.groups.get(group);
    if (table === undefined) this.groups.set(group, (table = new Map()));
    const granted: MessageQueue[] = [];
    for (const mq of mqs) {
      const key = keyOf(mq);
      const holder = table.get(key);
      if (holder !== undefined && holder.clientId !== clientId && !this.expired(holder, now)) continue;
      table.set(key, { clientId, connectionId, lastUpdateMs: now });
      granted.push(mq);
    }
    return granted;
  }

  /** Removes the locks clientId holds on these queues; locks of other clients stay. */
  unlock(group: string, clientId: string, mqs: readonly MessageQueue[]): void {
    const table = this.groups.get(group);
    if (table === undefined) return;
    for (const mq of mqs) {
      const key = keyOf(mq);
      if (table.get(key)?.clientId === clientId) table.delete(key);
    }
    if (table.size === 0) this.groups.delete(group);
  }

  /** The client holding an unexpired lock on mq, if any. */
  holderOf(group: string, mq: MessageQueue): string | undefined {
    const holder = this.groups.get(group)?.get(keyOf(mq));
    return holder !== undefined && !this.expired(holder, this.now()) ? holder.clientId : undefined;
  }

  /** True when the group holds no unexpired lock (RocketMQ's isLockAllExpired). */
  isLockAllExpired(group: string): boolean {
    const now = this.now();
    for (const holder of this.groups.get(group)?.values() ?? []) if (!this.expired(holder, now)) return false;
    return true;
  }

  /** Drops every lock taken over this connection; returns how many. */
  releaseConnection(connectionId: number): number {
    let released = 0;
    for (const [group, table] of this.groups) {
      for (const [key, holder] of table) {
        if (holder.connectionId !== connectionId) continue;
        table.delete(key);
        released++;
      }
      if (table.size === 0) this.groups.delete(group);
    }
    return released;
  }

  private expired(holder: Holder, now: number): boolean {
    return now - holder.lastUpdateMs > this.lockMaxLiveMs;
  }
}
