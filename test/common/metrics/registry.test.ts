// The metrics registry's exposition, read back with an independent Prometheus text-format parser.
import { describe, expect, test } from "bun:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { MetricsRegistry } from "../../../src/common/index.ts";

describe("the metrics registry", () => {
  test("counters, gauges and histograms expose in the Prometheus text format, constant labels first", () => {
    const r = new MetricsRegistry({ cluster: "C", node_type: "broker" });
    const sent = r.counter("demo_sent_total", "messages sent", ["topic"]);
    sent.labels("A").inc();
    sent.labels("A").inc(2);
    sent.labels("B").inc();
    r.gauge("demo_topics", "topics", [], () => [[[], 7]]);
    const size = r.histogram("demo_size", "sizes", ["topic"], [10, 100]);
    for (const v of [5, 10, 50, 500]) size.labels("A").observe(v);
    const families = parsePrometheusTextFormat(r.expose());
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ["demo_sent_total", "COUNTER"], ["demo_topics", "GAUGE"], ["demo_size", "HISTOGRAM"],
    ]);
    expect(families[0]?.metrics).toEqual([
      { labels: { cluster: "C", node_type: "broker", topic: "A" }, value: "3" },
      { labels: { cluster: "C", node_type: "broker", topic: "B" }, value: "1" },
    ]);
    expect(families[1]?.metrics).toEqual([{ labels: { cluster: "C", node_type: "broker" }, value: "7" }]);
    expect(families[2]?.metrics[0]).toMatchObject({ buckets: { "10": "2", "100": "3", "+Inf": "4" } });
  });

  // The parser reads _sum and _count only for a histogram without labels.
  test("a histogram's buckets are cumulative, +Inf holds every observation, with their sum", () => {
    const r = new MetricsRegistry();
    const latency = r.histogram("demo_latency", "ms", [], [1, 3, 5]);
    for (const v of [0.5, 1, 2, 4, 9]) latency.labels().observe(v);
    expect(parsePrometheusTextFormat(r.expose())[0]?.metrics).toEqual([
      { buckets: { "1": "2", "3": "3", "5": "4", "+Inf": "5" }, count: "5", sum: "16.5" },
    ]);
  });

  test("label values with quotes, backslashes and newlines are escaped so they parse back unchanged", () => {
    const r = new MetricsRegistry();
    const odd = 'a "quoted"\\path\nnext';
    r.counter("demo_total", "help with \\ and\nnewline", ["topic"]).labels(odd).inc();
    const [family] = parsePrometheusTextFormat(r.expose());
    expect(family?.metrics[0]?.labels).toEqual({ topic: odd });
  });

  test("a gauge whose reading throws is left out and the rest of the scrape is served", () => {
    const r = new MetricsRegistry();
    r.gauge("demo_broken", "fails", [], () => {
      throw new Error("store closed");
    });
    r.gauge("demo_fine", "works", [], () => [[[], 1]]);
    expect(parsePrometheusTextFormat(r.expose()).map((f) => f.name)).toEqual(["demo_fine"]);
  });

  test("a child is made once per label set: the same values give the same counter", () => {
    const family = new MetricsRegistry().counter("demo_total", "x", ["a", "b"]);
    expect(family.labels("1", "2")).toBe(family.labels("1", "2"));
    expect(family.labels("1", "2")).not.toBe(family.labels("12", ""));
  });

  test("registering a name twice or a wrong number of label values is a programmer error", () => {
    const r = new MetricsRegistry();
    const family = r.counter("demo_total", "x", ["a"]);
    expect(() => r.counter("demo_total", "again")).toThrow("registered twice");
    expect(() => family.labels()).toThrow("takes 1 label values");
  });

  test("a role rebuilt on the same registry declares its counters again and they go on counting; its old gauges go and the new ones read", () => {
    const r = new MetricsRegistry();
    const first = r.counter("demo_total", "x", ["a"]);
    first.labels("1").inc(3);
    let reading = 1;
    const removeFirst = r.gaugesOf(() => r.gauge("demo_gauge", "g", [], () => [[[], reading]]));
    expect(() => r.gauge("demo_gauge", "g", [], () => [])).toThrow("registered twice");
    removeFirst();
    const again = r.counter("demo_total", "x", ["a"]);
    expect(again).toBe(first);
    again.labels("1").inc(2);
    reading = 7;
    r.gaugesOf(() => r.gauge("demo_gauge", "g", [], () => [[[], reading * 2]]));
    expect(r.expose()).toContain('demo_total{a="1"} 5');
    expect(r.expose()).toContain("demo_gauge 14");
    expect(() => r.counter("demo_total", "x", ["b"])).toThrow("registered twice");
    expect(() => r.histogram("demo_total", "x", ["a"], [1])).toThrow("registered twice");
  });
});
