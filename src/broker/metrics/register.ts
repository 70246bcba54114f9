// Every gauge the broker exports, registered once the broker's context exists. The returned
// function stops the rate sampling (a closer of the broker).
import type { MetricsRegistry } from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import { registerExporterGauges } from "./exporter-gauges.ts";
import { registerBrokerGauges } from "./gauges.ts";
import { registerStoreGauges, type StoreGaugeSources } from "./store-gauges.ts";

export function registerBrokerMetrics(r: MetricsRegistry, ctx: BrokerContext, sources: StoreGaugeSources): () => void {
  registerBrokerGauges(r, ctx);
  registerStoreGauges(r, ctx, sources);
  return registerExporterGauges(r, ctx);
}
