// Metrics: counter, gauge and histogram families in one registry per role, exposed in the
// Prometheus text format. The broker's meters (RocketMQ 5's names) live in src/broker.
export { MetricsRegistry, PROMETHEUS_CONTENT_TYPE, type GaugeRead } from "./registry.ts";
export { CounterFamily, HistogramFamily, type Counter, type Histogram, type HistogramSnapshot } from "./families.ts";
export { healthResponse, readyResponse, type Readiness } from "./health.ts";
