// Bun hands every socket read to JS as a fresh buffer (up to 512 KiB) whose memory the collector
// does not weigh promptly: under a fast producer the dead ones pile up between collections, and
// the allocator arena they come from grows with them and never shrinks (broker peak RSS 137-161
// MiB over the benchmark's SYNC_FLUSH runs without this). So a server that has read
// FORCE_AFTER_BYTES within FORCE_WINDOW_MS collects at once; at lower rates the collector's own
// schedule keeps up, and nothing is forced (a forced collection pauses the event loop: measured
// in `collections`, ~10 ms for a broker's heap, five a second at 100 MB/s). 20 MiB rather than 32:
// peaks of 124-129 MiB instead of 135-146 in A/B produce+consume runs, messages a second unchanged.
// Reply bodies count too: handlers make them fresh (a pull's records, a runtime-info table), and a
// client that reads 200,000 runtime-info replies at full speed took the broker to 130-134 MiB
// without them, 107-111 MiB with them (test/e2e/flood.test.ts); produce+consume runs unchanged
// within the noise (peak 122-136 MiB either way, broker CPU for 200,000 pulls 0.65 s vs 0.62 s).
// The collection is asked for, not run on the spot: Bun.gc(false) starts it on the collector's
// threads and returns (0.01-0.02 ms on the event loop, against 6-10 ms for Bun.gc(true), which
// the broker paid five times a second at 100 MB/s: 5-8% of its loop in produce profiles). In a
// loop that drops 20 MiB of 256 KiB buffers a turn, peak RSS was 37 MiB forced, 108 MiB asked,
// 145 MiB with neither. Pull replies no longer count: their buffers go back to the store's pool
// (GetResult.release), they are not garbage.

const FORCE_AFTER_BYTES = 20 * 1024 * 1024;
const FORCE_WINDOW_MS = 2000;

export class ReadPressure {
  private bytes = 0;
  private windowStartMs: number;
  /** Collections asked for so far, and the milliseconds asking took. */
  readonly collections = { count: 0, ms: 0 };

  constructor(
    private readonly collect: () => void = () => Bun.gc(false),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowStartMs = now();
  }

  /** A socket read of n bytes arrived. */
  read(n: number): void {
    this.add(n);
  }

  /** A reply body of n bytes was queued. */
  replied(n: number): void {
    this.add(n);
  }

  private add(n: number): void {
    this.bytes += n;
    if (this.bytes < FORCE_AFTER_BYTES) return;
    const now = this.now();
    const fast = now - this.windowStartMs < FORCE_WINDOW_MS;
    this.bytes = 0;
    this.windowStartMs = now;
    if (!fast) return;
    this.collect();
    this.collections.count++;
    this.collections.ms += this.now() - now;
  }
}

/** One per process: every server in it (all-in-one runs two) counts into the same total. */
export const readPressure = new ReadPressure();
