// Prints one line per report interval from counters that only grow: each tick hands the line
// builder what changed since the previous tick and how long that took, then starts a new
// interval. stop() prints the last, partial interval when anything happened in it.
export class IntervalReporter<C extends Record<string, number>> {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: C;
  private lastMs: number;

  constructor(
    private readonly intervalMs: number,
    private readonly snapshot: () => C,
    /** Prints the interval's line; `delta` holds the counters' increase over `elapsedMs`. */
    private readonly print: (delta: C, elapsedMs: number) => void,
    private readonly changed: (delta: C) => boolean,
  ) {
    this.last = snapshot();
    this.lastMs = performance.now();
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const delta = this.delta();
    if (this.changed(delta)) this.tick();
  }

  private tick(): void {
    const nowMs = performance.now();
    const delta = this.delta();
    this.last = this.snapshot();
    const elapsedMs = nowMs - this.lastMs;
    this.lastMs = nowMs;
    this.print(delta, elapsedMs);
  }

  private delta(): C {
    const now = this.snapshot();
    const out: Record<string, number> = {};
    for (const key of Object.keys(now)) out[key] = (now[key] ?? 0) - (this.last[key] ?? 0);
    return out as C;
  }
}
