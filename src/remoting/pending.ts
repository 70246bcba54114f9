// Requests sent on one connection that await their response, by opaque. Bounded: past
// pendingMax a new request is refused with "too-many-pending". Timeouts share one timer, set
// for the earliest deadline (no timer per request): when it fires, every waiter past its
// deadline is rejected and the timer is set again for the next one. A response that arrives
// after its timeout finds nothing here and is dropped.
import type { RemotingCommand } from "./command.ts";
import { RemotingError } from "./remoting-error.ts";

interface Waiter {
  resolve(cmd: RemotingCommand): void;
  reject(err: RemotingError): void;
  deadlineMs: number;
  timeoutMs: number;
}

export const PENDING_MAX_DEFAULT = 65536;

export class PendingRequests {
  private readonly waiters = new Map<number, Waiter>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAtMs = Infinity;

  constructor(
    private readonly pendingMax: number,
    /** Who answers, for error messages ("ip:port"). */
    private readonly what: string,
  ) {}

  get size(): number {
    return this.waiters.size;
  }

  /** Registers opaque and returns the promise of its response. */
  add(opaque: number, timeoutMs: number): Promise<RemotingCommand> {
    if (this.waiters.size >= this.pendingMax) {
      return Promise.reject(new RemotingError("too-many-pending", `${this.pendingMax} requests pending on ${this.what}`));
    }
    const deadlineMs = performance.now() + timeoutMs;
    // Not Promise.withResolvers: the client also runs on Node.js 20, which lacks it.
    const promise = new Promise<RemotingCommand>((resolve, reject) => this.waiters.set(opaque, { resolve, reject, deadlineMs, timeoutMs }));
    if (deadlineMs < this.timerAtMs) this.armAt(deadlineMs);
    return promise;
  }

  /** Hands a response to its waiter; false when nobody waits for it (late or unknown). */
  complete(response: RemotingCommand): boolean {
    const waiter = this.waiters.get(response.opaque);
    if (!waiter) return false;
    this.waiters.delete(response.opaque);
    if (this.waiters.size === 0) this.disarm();
    waiter.resolve(response);
    return true;
  }

  fail(opaque: number, err: RemotingError): void {
    const waiter = this.waiters.get(opaque);
    if (!waiter) return;
    this.waiters.delete(opaque);
    if (this.waiters.size === 0) this.disarm();
    waiter.reject(err);
  }

  failAll(err: RemotingError): void {
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    this.disarm();
    for (const waiter of waiters) waiter.reject(err);
  }

  private armAt(atMs: number): void {
    clearTimeout(this.timer);
    this.timerAtMs = atMs;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, atMs - performance.now()));
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAtMs = Infinity;
  }

  /** Rejects every waiter past its deadline and sets the timer for the earliest one left. */
  private sweep(): void {
    this.timer = undefined;
    this.timerAtMs = Infinity;
    const nowMs = performance.now();
    let nextMs = Infinity;
    const expired: Waiter[] = [];
    for (const [opaque, waiter] of this.waiters) {
      if (waiter.deadlineMs <= nowMs) {
        this.waiters.delete(opaque);
        expired.push(waiter);
      } else if (waiter.deadlineMs < nextMs) {
        nextMs = waiter.deadlineMs;
      }
    }
    if (nextMs < Infinity) this.armAt(nextMs);
    for (const waiter of expired) {
      waiter.reject(new RemotingError("timeout", `no response from ${this.what} within ${waiter.timeoutMs} ms`));
    }
  }
}
