// Counter and histogram families: a metric name with label names, and one child per distinct
// set of label values. A child is made once (the only allocation) and kept by its caller, so the
// hot path is `child.inc(n)` / `child.observe(v)`: a number added to a field, no strings built.
import { assert } from "../assert.ts";

export interface Counter {
  /** Adds by (default 1); by must not be negative. */
  inc(by?: number): void;
  readonly value: number;
}

export interface Histogram {
  observe(value: number): void;
}

/** What exposition reads of a child. */
export interface HistogramSnapshot {
  /** Cumulative counts per upper bound, then +Inf. */
  cumulative: number[];
  sum: number;
  count: number;
}

class CounterChild implements Counter {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

class HistogramChild implements Histogram {
  /** counts[i]: observations in (bounds[i-1], bounds[i]]; the last slot is above every bound. */
  private readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }

  snapshot(): HistogramSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (const c of this.counts) cumulative.push((running += c));
    return { cumulative, sum: this.sum, count: this.count };
  }
}

const KEY_SEPARATOR = "\u0000";

abstract class Family<C> {
  private readonly children = new Map<string, { values: readonly string[]; child: C }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The child for these label values (in labelNames' order), made on first use. Keep it. */
  labels(...values: string[]): C {
    assert(values.length === this.labelNames.length, `${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
    const key = values.join(KEY_SEPARATOR);
    let entry = this.children.get(key);
    if (entry === undefined) {
      entry = { values, child: this.make() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  /** Forgets the children whose values match (a deleted topic's series). */
  remove(match: (values: readonly string[]) => boolean): void {
    for (const [key, entry] of this.children) if (match(entry.values)) this.children.delete(key);
  }

  entries(): Array<{ values: readonly string[]; child: C }> {
    return [...this.children.values()];
  }

  protected abstract make(): C;
}

export class CounterFamily extends Family<Counter> {
  readonly type = "counter";
  protected make(): Counter {
    return new CounterChild();
  }
}

export class HistogramFamily extends Family<Histogram> {
  readonly type = "histogram";

  constructor(name: string, help: string, labelNames: readonly string[], readonly bounds: readonly number[]) {
    super(name, help, labelNames);
    assert(bounds.every((b, i) => i === 0 || b > (bounds[i - 1] as number)), `${name}: bucket bounds must increase`);
  }

  protected make(): Histogram {
    return new HistogramChild(this.bounds);
  }

  snapshots(): Array<{ values: readonly string[]; snapshot: HistogramSnapshot }> {
    return this.entries().map((e) => ({ values: e.values, snapshot: (e.child as HistogramChild).snapshot() }));
  }
}
