// The one timer of a broker service whose passes each say when the next is due (the delay-level
// schedule, timer messages): wakeAt(ms) arranges a pass then, or keeps an earlier one already
// arranged; a pass that fails is tried again after retryMs. The service keeps its passes from
// overlapping; close() cancels what is arranged.
export class DueTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wakeAtMs = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    /** Runs a pass; resolves to when the next is due (Infinity: only when woken). */
    private readonly pass: () => Promise<number>,
    private readonly now: () => number,
    private readonly retryMs: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** A pass at atMs, unless one is already arranged sooner. */
  wakeAt(atMs: number): void {
    if (this.closed || atMs >= this.wakeAtMs) return;
    this.wakeAtMs = atMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), Math.max(0, atMs - this.now()));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    this.wakeAtMs = Number.POSITIVE_INFINITY;
    this.pass().then(
      (next) => this.wakeAt(next),
      (error: unknown) => {
        this.onError(error);
        this.wakeAt(this.now() + this.retryMs);
      },
    );
  }
}
