// SYNC_MASTER's wait (RocketMQ's GroupTransferService): a send is answered once a slave has
// acknowledged the end of its record. Waiters queue in put order, so their end offsets and
// deadlines both increase: each acknowledgement releases a prefix of the queue, and one timer,
// set for the head's deadline, times out another prefix. Every send in the window shares it.
//
// Bounded: at most waitersMax sends wait; one more is answered SLAVE_NOT_AVAILABLE at once
// rather than held (the window is full because the slave is far behind).

export type SlaveStatus = "PUT_OK" | "FLUSH_SLAVE_TIMEOUT" | "SLAVE_NOT_AVAILABLE";

interface Waiter {
  end: number;
  deadlineMs: number;
  resolve: (status: SlaveStatus) => void;
}

export interface GroupTransferOptions {
  /** How long a send waits for the slave (slaveTimeout). */
  timeoutMs: number;
  waitersMax?: number;
  now?: () => number;
}

export class GroupTransfer {
  private readonly waiters: Waiter[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  /** The highest offset any slave acknowledged (push2SlaveMaxOffset). */
  ackedOffset = 0;

  constructor(private readonly o: GroupTransferOptions) {
    this.now = o.now ?? Date.now;
  }

  get waiting(): number {
    return this.waiters.length - this.head;
  }

  /** Resolves PUT_OK once ackedOffset >= end, FLUSH_SLAVE_TIMEOUT after timeoutMs. */
  waitFor(end: number): SlaveStatus | Promise<SlaveStatus> {
    if (this.ackedOffset >= end) return "PUT_OK";
    if (this.waiting >= (this.o.waitersMax ?? 100_000)) return "SLAVE_NOT_AVAILABLE";
    return new Promise((resolve) => {
      this.waiters.push({ end, deadlineMs: this.now() + this.o.timeoutMs, resolve });
      this.timer ??= setTimeout(() => this.expire(), this.o.timeoutMs);
    });
  }

  /** A slave acknowledged offset: wakes every send whose record ends at or below it. */
  acknowledge(offset: number): void {
    if (offset <= this.ackedOffset) return;
    this.ackedOffset = offset;
    while (this.head < this.waiters.length && (this.waiters[this.head] as Waiter).end <= offset) {
      (this.waiters[this.head++] as Waiter).resolve("PUT_OK");
    }
    this.compact();
  }

  /** Answers every waiting send (at stop) with FLUSH_SLAVE_TIMEOUT: stored, not replicated. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.head < this.waiters.length) (this.waiters[this.head++] as Waiter).resolve("FLUSH_SLAVE_TIMEOUT");
    this.compact();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.waiters.length && (this.waiters[this.head] as Waiter).deadlineMs <= now) {
      (this.waiters[this.head++] as Waiter).resolve("FLUSH_SLAVE_TIMEOUT");
    }
    this.compact();
  }

  /** Drops the released prefix and sets the timer for the new head. */
  private compact(): void {
    if (this.head > 1024 || this.head === this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
    const next = this.waiters[this.head];
    if (next === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.expire(), Math.max(0, next.deadlineMs - this.now()));
    }
  }
}
