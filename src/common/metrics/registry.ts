// One registry per process role, made where the role is constructed and passed down through
// constructors like the configuration (never a global). Families are declared once; gauges are
// read when scraped, from a callback, so nothing is kept up to date between scrapes.
import { assert } from "../assert.ts";
import { CounterFamily, HistogramFamily } from "./families.ts";
import { formatFamily, type Sample } from "./text-format.ts";

/** A gauge's current series: label values (in labelNames' order) and the value. */
export type GaugeRead = () => Iterable<readonly [readonly string[], number]>;

interface GaugeFamily {
  readonly type: "gauge";
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly read: GaugeRead;
}

type AnyFamily = CounterFamily | HistogramFamily | GaugeFamily;

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export class MetricsRegistry {
  private readonly families = new Map<string, AnyFamily>();

  /**
   * constLabels go on every series, first (RocketMQ 5: cluster, node_type, node_id).
   */
  constructor(readonly constLabels: Readonly<Record<string, string>> = {}) {}

  counter(name: string, help: string, labelNames: readonly string[] = []): CounterFamily {
    return this.add(new CounterFamily(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): HistogramFamily {
    return this.add(new HistogramFamily(name, help, labelNames, bounds));
  }

  gauge(name: string, help: string, labelNames: readonly string[], read: GaugeRead): void {
    this.add({ type: "gauge", name, help, labelNames, read });
  }

  private add<F extends AnyFamily>(family: F): F {
    assert(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name), `metric name ${family.name} is not a Prometheus name`);
    assert(!this.families.has(family.name), `metric ${family.name} is registered twice`);
    this.families.set(family.name, family);
    return family;
  }

  /** Every family in the Prometheus text format (0.0.4), in registration order. A gauge whose
   *  callback throws is left out, so one broken reading does not empty the scrape. */
  expose(): string {
    const constNames = Object.keys(this.constLabels);
    const constValues = Object.values(this.constLabels);
    const parts: string[] = [];
    for (const f of this.families.values()) {
      const names = [...constNames, ...f.labelNames];
      const samples = this.samplesOf(f, constValues);
      if (samples === undefined) continue;
      parts.push(formatFamily(f.name, f.help, f.type, names, samples));
    }
    return parts.join("");
  }

  private samplesOf(f: AnyFamily, constValues: readonly string[]): Sample[] | undefined {
    const withConst = (values: readonly string[]) => [...constValues, ...values];
    if (f.type === "counter") return f.entries().map((e) => ({ values: withConst(e.values), value: e.child.value }));
    if (f.type === "histogram") {
      return f.snapshots().map((s) => ({ values: withConst(s.values), histogram: { bounds: f.bounds, ...s.snapshot } }));
    }
    try {
      return [...f.read()].map(([values, value]) => ({ values: withConst(values), value }));
    } catch {
      return undefined;
    }
  }
}
