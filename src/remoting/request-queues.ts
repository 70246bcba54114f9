// Requests that arrived but have not started, per kind of request: RocketMQ's thread-pool queues
// (send, pull, heartbeat, admin …). mq runs every handler on one event loop, so a request waits
// here only while its connection is over one of its bounds (requests in flight, request bytes in
// flight, unread replies: channel.ts) — the connection is then no longer read, so what waits is
// at most what its last reads brought.
//
// Two limits per kind, RocketMQ's (BrokerConfig, NettyRemotingAbstract, BrokerFastFailure):
// - capacity (sendThreadPoolQueueCapacity …): a request that would make the kind's queue longer
//   is answered at once, SYSTEM_BUSY "[OVERLOAD]system busy, start flow control for a while";
// - waitMsMax (waitTimeMillsInSendQueue …, only with brokerFastFailureEnable): a sweep every
//   SWEEP_INTERVAL_MS answers each request that has waited that long, SYSTEM_BUSY
//   "[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: %sms,
//   size of queue: %d" (the size once it left). Java's producer then tries another broker.
import type { RemotingCommand } from "./command.ts";

export interface RequestKind {
  /** "send", "pull" … — for log lines and stats. */
  readonly name: string;
  /** Waiting requests of this kind, over all connections; one more is answered OVERLOAD. */
  readonly capacity: number;
  /** A request that waited this long is answered TIMEOUT_CLEAN_QUEUE; absent: it waits its turn. */
  readonly waitMsMax?: number;
}

/** Which kind each request code is; codes not listed are `other`'s. */
export interface RequestKinds {
  readonly byCode: ReadonlyMap<number, RequestKind>;
  readonly other: RequestKind;
}

/** One kind, no limits: what a server or client gets when nobody says otherwise. */
export const UNBOUNDED_KINDS: RequestKinds = { byCode: new Map(), other: { name: "any", capacity: Infinity } };

export const OVERLOAD_REMARK = "[OVERLOAD]system busy, start flow control for a while";

export function timeoutCleanQueueRemark(waitedMs: number, queueSize: number): string {
  return `[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: ${waitedMs}ms, size of queue: ${queueSize}`;
}

export interface RequestQueueStats {
  size: number;
  headWaitMs: number;
  capacity: number;
}

/** Whoever holds a waiting request and answers it when it expires. */
export interface WaitingOwner {
  expired(waiting: Waiting, remark: string): void;
}

export interface Waiting {
  readonly cmd: RemotingCommand;
  readonly arrivedMs: number;
  readonly owner: WaitingOwner;
  readonly queue: KindQueue;
  /** Left the queue: started, answered busy, or dropped with its connection. */
  done: boolean;
}

const SWEEP_INTERVAL_MS = 10;

/** One kind's waiting requests, oldest first (entries that are done are skipped and shed). */
class KindQueue {
  private entries: Waiting[] = [];
  private head = 0;
  size = 0;

  constructor(readonly kind: RequestKind) {}

  push(waiting: Waiting): void {
    this.entries.push(waiting);
    this.size++;
  }

  /** The oldest request still waiting. */
  oldest(): Waiting | undefined {
    while (this.head < this.entries.length && this.entries[this.head]!.done) this.head++;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return this.entries[this.head];
  }
}

export class RequestQueues {
  private readonly queues = new Map<RequestKind, KindQueue>();
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  /** Requests waiting in kinds that have a waitMsMax: the sweep runs while there are any. */
  private timed = 0;

  constructor(
    private readonly kinds: RequestKinds,
    private readonly now: () => number = () => Date.now(),
  ) {
    for (const kind of [...kinds.byCode.values(), kinds.other]) this.queueOf(kind);
  }

  /** Queues cmd behind its kind; undefined when the kind's queue is full (answer OVERLOAD_REMARK). */
  wait(cmd: RemotingCommand, owner: WaitingOwner): Waiting | undefined {
    const queue = this.queueOf(this.kinds.byCode.get(cmd.code) ?? this.kinds.other);
    if (queue.size >= queue.kind.capacity) return undefined;
    const waiting: Waiting = { cmd, arrivedMs: this.now(), owner, queue, done: false };
    queue.push(waiting);
    if (queue.kind.waitMsMax !== undefined && this.timed++ === 0) {
      this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
      this.sweepTimer.unref?.();
    }
    return waiting;
  }

  /** The request starts (or is dropped): it no longer waits. */
  leave(waiting: Waiting): void {
    if (waiting.done) return;
    waiting.done = true;
    waiting.queue.size--;
    if (waiting.queue.kind.waitMsMax !== undefined && --this.timed === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  /** The kind named: its waiting requests, how long the oldest has waited, its capacity
   *  (RocketMQ's sendThreadPoolQueueSize, …HeadWaitTimeMills, …Capacity); undefined if unknown. */
  stats(kindName: string): RequestQueueStats | undefined {
    for (const queue of this.queues.values()) {
      if (queue.kind.name !== kindName) continue;
      const oldest = queue.oldest();
      const headWaitMs = oldest === undefined ? 0 : this.now() - oldest.arrivedMs;
      return { size: queue.size, headWaitMs, capacity: queue.kind.capacity };
    }
    return undefined;
  }

  /** Answers, oldest first, every request that has waited its kind's waitMsMax. */
  sweep(): void {
    const now = this.now();
    for (const queue of this.queues.values()) {
      const waitMsMax = queue.kind.waitMsMax;
      if (waitMsMax === undefined) continue;
      for (let oldest = queue.oldest(); oldest !== undefined; oldest = queue.oldest()) {
        const waitedMs = now - oldest.arrivedMs;
        if (waitedMs < waitMsMax) break;
        this.leave(oldest);
        oldest.owner.expired(oldest, timeoutCleanQueueRemark(waitedMs, queue.size));
      }
    }
  }

  private queueOf(kind: RequestKind): KindQueue {
    let queue = this.queues.get(kind);
    if (queue === undefined) this.queues.set(kind, (queue = new KindQueue(kind)));
    return queue;
  }
}
