// Gauges read when /metrics is scraped: table sizes, connections, store positions and consumer
// lag, with RocketMQ 5's names, plus the rocketmq-exporter names that existing Grafana
// dashboards query (rocketmq_group_diff, rocketmq_group_count, rocketmq_producer_offset,
// rocketmq_consumer_offset). Nothing here runs on the hot path.
import { queueOffset, type MetricsRegistry } from "../../common/index.ts";
import { earliestMessageTime } from "../admin/index.ts";
import type { BrokerContext } from "../context.ts";

type Series = Array<readonly [readonly string[], number]>;

interface GroupTopicLag {
  group: string;
  topic: string;
  /** Sum over queues of max offset - committed offset (never negative). */
  messages: number;
  /** Pulled but not yet committed (RocketMQ 5's inflight): last pull's end - committed offset. */
  inflight: number;
  /** Stored but not yet pulled (RocketMQ 5's ready): max offset - max(pulled, committed). */
  ready: number;
  /** Sum of committed offsets. */
  consumerOffset: number;
  /** Age of the oldest message not yet committed, ms (0 when none). */
  latencyMs: number;
  /** Age of the oldest message not yet pulled, ms (0 when none; RocketMQ 5's queueing latency). */
  queueingMs: number;
}

/** Per (group, topic) with committed offsets: backlog, in flight, ready, and their ages. */
export function consumerLag(ctx: Pick<BrokerContext, "store" | "meters">, nowMs = Date.now()): GroupTopicLag[] {
  const { store } = ctx;
  const byKey = new Map<string, GroupTopicLag>();
  const ageAt = (topic: string, queueId: number, offset: number) => {
    const stored = store.storeTimeOf(topic, queueId, queueOffset(Math.max(offset, store.minOffset(topic, queueId))));
    return stored === undefined ? 0 : nowMs - stored;
  };
  for (const e of store.meta.consumerOffsets.all()) {
    const key = `${e.group}\u0000${e.topic}`;
    let row = byKey.get(key);
    if (row === undefined) {
      row = { group: e.group, topic: e.topic, messages: 0, inflight: 0, ready: 0, consumerOffset: 0, latencyMs: 0, queueingMs: 0 };
      byKey.set(key, row);
    }
    const max = store.maxOffset(e.topic, e.queueId);
    const pulled = Math.min(max, Math.max(e.offset, ctx.meters.pulledTo(e.group, e.topic, e.queueId) ?? e.offset));
    row.messages += Math.max(0, max - e.offset);
    row.inflight += pulled - e.offset;
    row.ready += max - pulled;
    row.consumerOffset += e.offset;
    if (max > e.offset) row.latencyMs = Math.max(row.latencyMs, ageAt(e.topic, e.queueId, e.offset));
    if (max > pulled) row.queueingMs = Math.max(row.queueingMs, ageAt(e.topic, e.queueId, pulled));
  }
  return [...byKey.values()].sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
}

function counted(keys: Iterable<string>): Series {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => [k.split("\u0000"), n] as const);
}

function topicMaxOffsets(ctx: BrokerContext): Series {
  return ctx.topics.all().map((t) => {
    let sum = 0;
    for (let q = 0; q < t.writeQueueNums; q++) sum += ctx.store.maxOffset(t.topicName, q);
    return [[t.topicName], sum] as const;
  });
}

export function registerBrokerGauges(r: MetricsRegistry, ctx: BrokerContext): void {
  r.gauge("rocketmq_topic_number", "topics on this broker", [], () => [[[], ctx.topics.all().length]]);
  r.gauge("rocketmq_consumer_group_number", "subscription groups on this broker", [], () => [[[], ctx.groups.all().length]]);
  r.gauge("rocketmq_producer_connections", "producer connections", ["language", "version"], () =>
    counted([...ctx.clients.producerGroups().values()].flatMap((m) => [...m.values()].map((c) => `${c.language}\u0000${c.version}`))));
  r.gauge("rocketmq_consumer_connections", "consumer connections", ["consumer_group", "language", "version"], () =>
    counted(ctx.clients.consumerGroups().flatMap((g) => [...g.channels.values()].map((c) => `${g.group}\u0000${c.language}\u0000${c.version}`))));
  r.gauge("rocketmq_storage_dispatch_behind_bytes", "commitlog bytes not yet in the consume queues", [], () =>
    [[[], ctx.store.runtimeInfo().dispatchBehindBytes]]);
  r.gauge("rocketmq_storage_message_reserve_time", "age of the oldest message kept, ms", [], () => {
    const earliest = earliestMessageTime(ctx);
    return [[[], earliest === undefined ? 0 : Date.now() - earliest]];
  });
  r.gauge("rocketmq_consumer_lag_messages", "messages stored but not yet committed by the group", ["topic", "consumer_group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.messages] as const));
  r.gauge("rocketmq_consumer_lag_latency", "age of the oldest message the group has not committed, ms", ["topic", "consumer_group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.latencyMs] as const));
  r.gauge("rocketmq_consumer_inflight_messages", "messages pulled by the group and not yet committed", ["topic", "consumer_group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.inflight] as const));
  r.gauge("rocketmq_consumer_ready_messages", "messages stored and not yet pulled by the group", ["topic", "consumer_group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.ready] as const));
  r.gauge("rocketmq_consumer_queueing_latency", "age of the oldest message the group has not pulled, ms", ["topic", "consumer_group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.queueingMs] as const));
  // rocketmq-exporter's names (labels topic, group), for its Grafana dashboards.
  r.gauge("rocketmq_group_diff", "rocketmq-exporter: backlog of a group on a topic", ["topic", "group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.messages] as const));
  r.gauge("rocketmq_consumer_offset", "rocketmq-exporter: committed offsets of a group on a topic, summed over queues", ["topic", "group"], () =>
    consumerLag(ctx).map((l) => [[l.topic, l.group], l.consumerOffset] as const));
  r.gauge("rocketmq_producer_offset", "rocketmq-exporter: max offsets of a topic, summed over queues", ["topic"], () => topicMaxOffsets(ctx));
  r.gauge("rocketmq_group_count", "rocketmq-exporter: online consumers of a group", ["group"], () =>
    ctx.clients.consumerGroups().map((g) => [[g.group], g.channels.size] as const));
}
