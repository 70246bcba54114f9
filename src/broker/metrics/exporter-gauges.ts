// rocketmq-exporter's rate names, which its Grafana dashboards chart (labels as the exporter
// spells them: broker, topic, group; cluster comes with every series):
//   rocketmq_producer_tps{broker,topic}              messages stored per second
//   rocketmq_producer_message_size{broker,topic}     body bytes stored per second
//   rocketmq_consumer_tps{broker,topic,group}        messages handed to the group per second
//   rocketmq_consumer_message_size{broker,topic,group}  bytes handed out per second
//   rocketmq_broker_tps{broker} / rocketmq_broker_qps{broker}  all puts / all gets per second
//   rocketmq_group_get_latency_by_storetime{broker,topic,group}  age of the oldest uncommitted message, ms
// Rates are over the last minute (rates.ts), sampled on a timer that stop() ends.
import type { MetricsRegistry } from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import { consumerLag } from "./gauges.ts";
import { RateWindow, RATE_SAMPLE_INTERVAL_MS } from "./rates.ts";

const SEP = "\u0000";

function windows(ctx: BrokerContext) {
  const m = ctx.meters;
  const inTotals = (field: "messages" | "bytes") => () => new Map([...m.inTotals()].map((t) => [t.topic, t[field]] as const));
  const outTotals = (field: "messages" | "bytes") => () => new Map([...m.outTotals()].map((t) => [`${t.topic}${SEP}${t.group}`, t[field]] as const));
  const info = () => ctx.store.runtimeInfo();
  return {
    producerTps: new RateWindow({ read: inTotals("messages") }),
    producerBytes: new RateWindow({ read: inTotals("bytes") }),
    consumerTps: new RateWindow({ read: outTotals("messages") }),
    consumerBytes: new RateWindow({ read: outTotals("bytes") }),
    broker: new RateWindow({ read: () => new Map([["puts", info().putMessageTimesTotal], ["gets", info().getMessageTimesTotal]]) }),
  };
}

/** Registers the rate gauges and starts their sampling; the returned function stops it. */
export function registerExporterGauges(r: MetricsRegistry, ctx: BrokerContext): () => void {
  const broker = ctx.options.brokerName;
  const w = windows(ctx);
  const byTopic = (win: RateWindow) => () => [...win.rates()].map(([topic, v]) => [[broker, topic], v] as const);
  const byGroup = (win: RateWindow) => () => [...win.rates()].map(([key, v]) => [[broker, ...key.split(SEP)], v] as const);
  r.gauge("rocketmq_producer_tps", "rocketmq-exporter: messages stored per second, last minute", ["broker", "topic"], byTopic(w.producerTps));
  r.gauge("rocketmq_producer_message_size", "rocketmq-exporter: body bytes stored per second, last minute", ["broker", "topic"], byTopic(w.producerBytes));
  r.gauge("rocketmq_consumer_tps", "rocketmq-exporter: messages handed to the group per second, last minute", ["broker", "topic", "group"], byGroup(w.consumerTps));
  r.gauge("rocketmq_consumer_message_size", "rocketmq-exporter: bytes handed to the group per second, last minute", ["broker", "topic", "group"], byGroup(w.consumerBytes));
  r.gauge("rocketmq_broker_tps", "rocketmq-exporter: messages stored per second by the broker, last minute", ["broker"], () => [[[broker], w.broker.rates().get("puts") ?? 0]]);
  r.gauge("rocketmq_broker_qps", "rocketmq-exporter: messages handed out per second by the broker, last minute", ["broker"], () => [[[broker], w.broker.rates().get("gets") ?? 0]]);
  r.gauge("rocketmq_group_get_latency_by_storetime", "rocketmq-exporter: age of the oldest message the group has not committed, ms",
    ["broker", "topic", "group"], () => consumerLag(ctx).map((l) => [[broker, l.topic, l.group], l.latencyMs] as const));
  const timer = setInterval(() => {
    for (const win of Object.values(w)) win.sample();
  }, RATE_SAMPLE_INTERVAL_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
