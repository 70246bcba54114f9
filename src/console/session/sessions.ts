// The console's logged-in sessions, in memory only (a restart logs everyone out): each holds who
// logged in, the CSRF token its pages send with every change, when it expires, and what was built
// for it (the admin context that signs with its keys). At most sessionsMax live at once (the
// oldest is ended to make room); an expired or ended session's resources are closed.
import { randomId, sealCookie, openCookie, type CookieKey } from "./cookie.ts";

export const SESSION_TTL_MS_DEFAULT = 8 * 3600_000;
export const SESSIONS_MAX_DEFAULT = 64;

export interface Session<T> {
  readonly id: string;
  readonly user: string;
  readonly csrfToken: string;
  readonly expiresAtMs: number;
  readonly value: T;
}

export interface SessionsOptions {
  key: CookieKey;
  ttlMs?: number;
  sessionsMax?: number;
  now?: () => number;
}

export class Sessions<T extends { close(): void }> {
  private readonly live = new Map<string, Session<T>>();
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly o: SessionsOptions) {
    this.ttlMs = o.ttlMs ?? SESSION_TTL_MS_DEFAULT;
    this.now = o.now ?? Date.now;
  }

  /** A new session (its value made from its CSRF token) and the cookie value that names it. */
  open(user: string, make: (csrfToken: string) => T): { session: Session<T>; cookie: string } {
    this.sweep();
    const max = this.o.sessionsMax ?? SESSIONS_MAX_DEFAULT;
    while (this.live.size >= max) this.end(this.live.keys().next().value as string);
    const csrfToken = randomId();
    const session: Session<T> = { id: randomId(), user, csrfToken, expiresAtMs: this.now() + this.ttlMs, value: make(csrfToken) };
    this.live.set(session.id, session);
    return { session, cookie: sealCookie(this.o.key, session.id, session.expiresAtMs) };
  }

  /** The session a cookie value names, or why there is none. */
  find(cookie: string | undefined): { session: Session<T> } | { why: string } {
    if (cookie === undefined || cookie === "") return { why: "log in first" };
    const opened = openCookie(this.o.key, cookie, this.now());
    if (!opened.ok) return { why: opened.why };
    const session = this.live.get(opened.sessionId);
    if (session === undefined || session.expiresAtMs !== opened.expiresAtMs) return { why: "the session has ended (logged out, or replaced by newer ones)" };
    if (session.expiresAtMs <= this.now()) {
      this.end(session.id);
      return { why: "the session has expired" };
    }
    return { session };
  }

  end(id: string): void {
    const session = this.live.get(id);
    if (session === undefined) return;
    this.live.delete(id);
    session.value.close();
  }

  /** The newest live session, for background reads (the dashboard's sampler). */
  newest(): Session<T> | undefined {
    this.sweep();
    return [...this.live.values()].at(-1);
  }

  get size(): number {
    return this.live.size;
  }

  endAll(): void {
    for (const id of [...this.live.keys()]) this.end(id);
  }

  private sweep(): void {
    const nowMs = this.now();
    for (const s of [...this.live.values()]) if (s.expiresAtMs <= nowMs) this.end(s.id);
  }
}
