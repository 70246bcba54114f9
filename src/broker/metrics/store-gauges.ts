// Store, transaction, timer and replication gauges, read when /metrics is scraped:
//   rocketmq_storage_flush_behind_bytes     commitlog bytes written but not yet flushed (RocketMQ 5)
//   rocketmq_half_messages{topic}           half messages past the check-back's progress: not yet
//                                           committed, rolled back or checked (RocketMQ 5's name; mq
//                                           counts on the half topic, not per real topic)
//   rocketmq_timing_messages                timer messages waiting for their time (RocketMQ 5's name,
//                                           one series for all topics)
//   rocketmq_ha_slave_fall_behind_bytes{slave_addr}  per slave of this master, what mqadmin
//                                           haStatus shows as #diff (RocketMQ 5 exports no HA metric)
//   rocketmq_ha_in_sync_slaves              slaves within haMaxGapNotInSync
import { SystemTopic, TRANSACTION_CHECK_GROUP, type HaRuntimeInfo, type MetricsRegistry } from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";

export interface StoreGaugeSources {
  /** The timer service (absent on a slave, which delivers none). */
  timers: { pendingCount(): number } | undefined;
  /** What GET_BROKER_HA_STATUS answers. */
  ha: () => Pick<HaRuntimeInfo, "haConnectionInfo" | "inSyncSlaveNums">;
}

function halfMessages(ctx: BrokerContext): number {
  const topic = SystemTopic.TRANS_HALF;
  const max = ctx.store.maxOffset(topic, 0);
  const progress = ctx.store.meta.consumerOffsets.query(TRANSACTION_CHECK_GROUP, topic, 0) ?? ctx.store.minOffset(topic, 0);
  return Math.max(0, max - progress);
}

export function registerStoreGauges(r: MetricsRegistry, ctx: BrokerContext, { timers, ha }: StoreGaugeSources): void {
  r.gauge("rocketmq_storage_flush_behind_bytes", "commitlog bytes written but not yet flushed to disk", [], () => {
    const info = ctx.store.runtimeInfo();
    return [[[], Math.max(0, info.commitLogMaxOffset - info.commitLogFlushedOffset)]];
  });
  r.gauge("rocketmq_half_messages", "transaction half messages not yet ended or checked back", ["topic"], () =>
    [[[SystemTopic.TRANS_HALF], halfMessages(ctx)]]);
  r.gauge("rocketmq_timing_messages", "timer messages waiting for their delivery time", [], () => [[[], timers?.pendingCount() ?? 0]]);
  r.gauge("rocketmq_ha_slave_fall_behind_bytes", "commitlog bytes a slave has not yet acknowledged", ["slave_addr"], () =>
    ha().haConnectionInfo.map((c) => [[c.addr], c.diff] as const));
  r.gauge("rocketmq_ha_in_sync_slaves", "slaves within haMaxGapNotInSync of this master", [], () =>
    [[[], ha().inSyncSlaveNums]]);
}
