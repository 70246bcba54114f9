// One registry per process role, made where the role is constructed and passed down through
// constructors like the configuration (never a global). Gauges are read when scraped, from a
// callback, so nothing is kept up to date between scrapes.
//
// A role rebuilt in the same process (a controller-mode broker changing role) keeps its registry:
// declaring a counter or histogram again, identically, returns the family already there, so its
// counts carry on; the gauges the old instance registered are removed with the function
// gaugesOf() returned, and the new instance registers its own. Any other second declaration of a
// name is a programmer error.
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
  /** Names of the gauges registered while gaugesOf() runs its callback. */
  private capturing: string[] | undefined;

  /**
   * constLabels go on every series, first (RocketMQ 5: cluster, node_type, node_id).
   */
  constructor(readonly constLabels: Readonly<Record<string, string>> = {}) {}

  counter(name: string, help: string, labelNames: readonly string[] = []): CounterFamily {
    const held = this.families.get(name);
    if (held?.type === "counter" && sameDeclaration(held, help, labelNames)) return held;
    return this.add(new CounterFamily(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): HistogramFamily {
    const held = this.families.get(name);
    if (held?.type === "histogram" && sameDeclaration(held, help, labelNames) && held.bounds.join() === bounds.join()) return held;
    return this.add(new HistogramFamily(name, help, labelNames, bounds));
  }

  gauge(name: string, help: string, labelNames: readonly string[], read: GaugeRead): void {
    this.add({ type: "gauge", name, help, labelNames, read });
    this.capturing?.push(name);
  }

  /** Runs register() (synchronously) and returns what removes every gauge it registered. */
  gaugesOf(register: () => void): () => void {
    assert(this.capturing === undefined, "gaugesOf() does not nest");
    const names: string[] = [];
    this.capturing = names;
    try {
      register();
    } finally {
      this.capturing = undefined;
    }
    return () => {
      for (const name of names) if (this.families.get(name)?.type === "gauge") this.families.delete(name);
    };
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

function sameDeclaration(f: { help: string; labelNames: readonly string[] }, help: string, labelNames: readonly string[]): boolean {
  return f.help === help && f.labelNames.join() === labelNames.join();
}
