// A latency histogram in the manner of HdrHistogram: values in microseconds fall into log-linear
// buckets (SUB_BUCKETS per power of two, so any recorded value is reported within 1/64 ≈ 1.6 %),
// a fixed array of counters, O(1) record, no allocation after construction. Values above
// VALUE_US_MAX are clamped to it; count, sum and max are kept exactly.
const SUB_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BITS;
/** 2^36 µs ≈ 19 hours: anything longer is a stuck request, not a latency. */
const VALUE_BITS_MAX = 36;
export const VALUE_US_MAX = 2 ** VALUE_BITS_MAX - 1;
const BUCKETS = (VALUE_BITS_MAX - SUB_BITS + 1) * SUB_BUCKETS;

function indexOf(valueUs: number): number {
  if (valueUs < 2 * SUB_BUCKETS) return valueUs;
  const shift = Math.floor(Math.log2(valueUs)) - SUB_BITS;
  return (shift + 1) * SUB_BUCKETS + (Math.floor(valueUs / 2 ** shift) - SUB_BUCKETS);
}

/** The middle of a bucket's range: what a percentile that lands in it reports. */
function valueOf(index: number): number {
  if (index < 2 * SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const low = ((index % SUB_BUCKETS) + SUB_BUCKETS) * 2 ** shift;
  return low + (2 ** shift - 1) / 2;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sumUs = 0;
  maxUs = 0;

  recordUs(valueUs: number): void {
    const v = Math.min(VALUE_US_MAX, Math.max(0, Math.round(valueUs)));
    this.counts[indexOf(v)]! += 1;
    this.count += 1;
    this.sumUs += v;
    if (v > this.maxUs) this.maxUs = v;
  }

  recordMs(valueMs: number): void {
    this.recordUs(valueMs * 1000);
  }

  /** Adds another histogram's counts (e.g. an interval's into the run's total). */
  add(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumUs += other.sumUs;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  /** The value at or below which `percent` of the recorded values lie; 0 when empty. */
  percentileUs(percent: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((percent / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(valueOf(i), this.maxUs);
    }
    return this.maxUs;
  }

  percentileMs(percent: number): number {
    return this.percentileUs(percent) / 1000;
  }

  meanMs(): number {
    return this.count === 0 ? 0 : this.sumUs / this.count / 1000;
  }

  maxMs(): number {
    return this.maxUs / 1000;
  }
}
