// Failed logins, rate limited: after failuresMax failures within windowMs for one access key, or
// from one client address, or globalMax in all, further attempts are refused (429) without being
// checked until the window has passed, so guessing a secret takes years, not minutes. A success
// forgets that key's failures.
export const LOGIN_FAILURES_MAX_DEFAULT = 5;
export const LOGIN_FAILURES_GLOBAL_MAX_DEFAULT = 30;
export const LOGIN_WINDOW_MS_DEFAULT = 60_000;
const TRACKED_MAX = 10_000;

export interface LoginLimitOptions {
  failuresMax?: number;
  globalMax?: number;
  windowMs?: number;
  now?: () => number;
}

export class LoginLimit {
  /** Failure times (ms) per "key:…" and "ip:…", and "*" for all. */
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly o: LoginLimitOptions = {}) {
    this.windowMs = o.windowMs ?? LOGIN_WINDOW_MS_DEFAULT;
    this.now = o.now ?? Date.now;
  }

  /** How long (ms) until an attempt is taken again; 0 when it is taken now. */
  waitMs(accessKey: string, ip: string | undefined): number {
    const max = this.o.failuresMax ?? LOGIN_FAILURES_MAX_DEFAULT;
    const checks: Array<[string, number]> = [[`key:${accessKey}`, max], ["*", this.o.globalMax ?? LOGIN_FAILURES_GLOBAL_MAX_DEFAULT]];
    if (ip !== undefined) checks.push([`ip:${ip}`, max]);
    let waitMs = 0;
    for (const [name, limit] of checks) {
      const times = this.recent(name);
      if (times.length >= limit) waitMs = Math.max(waitMs, (times[times.length - limit] ?? 0) + this.windowMs - this.now());
    }
    return waitMs;
  }

  failed(accessKey: string, ip: string | undefined): void {
    if (this.failures.size > TRACKED_MAX) this.failures.clear();
    for (const name of [`key:${accessKey}`, "*", ...(ip === undefined ? [] : [`ip:${ip}`])]) {
      this.failures.set(name, [...this.recent(name), this.now()]);
    }
  }

  succeeded(accessKey: string): void {
    this.failures.delete(`key:${accessKey}`);
  }

  private recent(name: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(name) ?? []).filter((t) => t > since);
  }
}
