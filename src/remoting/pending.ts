// Requests sent on one connection that await their response, by opaque. Bounded: past
// pendingMax a new request is refused with "too-many-pending". Each has its own timer; a
// response that arrives after its timeout finds nothing here and is dropped.
import type { RemotingCommand } from "./command.ts";
import { RemotingError } from "./remoting-error.ts";

interface Waiter {
  resolve(cmd: RemotingCommand): void;
  reject(err: RemotingError): void;
  timer: ReturnType<typeof setTimeout>;
}

export const PENDING_MAX_DEFAULT = 65536;

export class PendingRequests {
  private readonly waiters = new Map<number, Waiter>();

  constructor(private readonly pendingMax: number) {}

  get size(): number {
    return this.waiters.size;
  }

  /** Registers opaque and returns the promise of its response. */
  add(opaque: number, timeoutMs: number, what: string): Promise<RemotingCommand> {
    if (this.waiters.size >= this.pendingMax) {
      return Promise.reject(new RemotingError("too-many-pending", `${this.pendingMax} requests pending on ${what}`));
    }
    return new Promise<RemotingCommand>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(opaque);
        reject(new RemotingError("timeout", `no response from ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(opaque, { resolve, reject, timer });
    });
  }

  /** Hands a response to its waiter; false when nobody waits for it (late or unknown). */
  complete(response: RemotingCommand): boolean {
    const waiter = this.waiters.get(response.opaque);
    if (!waiter) return false;
    this.waiters.delete(response.opaque);
    clearTimeout(waiter.timer);
    waiter.resolve(response);
    return true;
  }

  fail(opaque: number, err: RemotingError): void {
    const waiter = this.waiters.get(opaque);
    if (!waiter) return;
    this.waiters.delete(opaque);
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }

  failAll(err: RemotingError): void {
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }
}
