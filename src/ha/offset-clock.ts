// When the master's commitlog ended where: (time, end offset) samples, so a slave's lag in bytes
// becomes a lag in time — how long ago the master held no more than the slave holds now.
// Bounded: one sample per sampleEveryMs at most, the last samplesMax kept (10 ms × 60,000 = 10 min;
// an older lag reads as at least that old).
export class OffsetClock {
  private readonly times: number[] = [];
  private readonly offsets: number[] = [];

  constructor(
    private readonly sampleEveryMs = 10,
    private readonly samplesMax = 60_000,
  ) {}

  /** The master's end is endOffset at nowMs (ends only grow). */
  record(nowMs: number, endOffset: number): void {
    const last = this.times.length - 1;
    if (last >= 0 && nowMs - (this.times[last] as number) < this.sampleEveryMs) {
      this.offsets[last] = endOffset;
      return;
    }
    this.times.push(nowMs);
    this.offsets.push(endOffset);
    if (this.times.length > this.samplesMax) {
      this.times.splice(0, this.times.length - this.samplesMax);
      this.offsets.splice(0, this.offsets.length - this.samplesMax);
    }
  }

  /** How long ago (ms) the end was still at or below offset; 0 when offset >= endNow. */
  behindMs(offset: number, endNow: number, nowMs: number): number {
    if (offset >= endNow) return 0;
    // The first sample past offset: the master moved beyond the slave's end then (or before).
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.offsets[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    const at = lo === 0 ? this.times[0] : this.times[lo - 1];
    return at === undefined ? 0 : Math.max(0, nowMs - at);
  }
}
