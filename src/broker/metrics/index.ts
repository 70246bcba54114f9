// The broker's metrics: meters recorded where the work happens, gauges read at scrape time, the
// rpc timing wrapper and the PROM exporter.
export { BrokerMeters, brokerRegistry, type MessageType, type BrokerIdentity } from "./broker-meters.ts";
export { registerBrokerGauges, consumerLag } from "./gauges.ts";
export { meteredRegistry } from "./metered-registry.ts";
export { PromExporter } from "./prom-exporter.ts";
export { registerBrokerMetrics } from "./register.ts";
export { RateWindow } from "./rates.ts";
