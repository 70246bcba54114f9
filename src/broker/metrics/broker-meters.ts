// The broker's counters and histograms, with RocketMQ 5's names and labels (its
// BrokerMetricsManager; rocketmq-site 12-observability/01metrics.md). Every series carries
// cluster, node_type="broker", node_id=<brokerName>. Children are made once per topic, group or
// request code and kept in maps here, so recording on the hot path is a map lookup and an add.
import { MetricsRegistry, RequestCode, ResponseCode, type Counter, type Histogram } from "../../common/index.ts";

/** RocketMQ 5's message_type label values. */
export type MessageType = "Normal" | "FIFO" | "Delay" | "Transaction";

/** rocketmq_message_size buckets (bytes): 1 KiB, 4 KiB, 512 KiB, 1, 2, 4 MiB. */
const MESSAGE_SIZE_BOUNDS = [1024, 4096, 512 * 1024, 1024 ** 2, 2 * 1024 ** 2, 4 * 1024 ** 2];
/** rocketmq_rpc_latency buckets (ms). */
const RPC_LATENCY_BOUNDS_MS = [1, 3, 5, 10, 100, 1000, 3000];

interface InMeters { messages: Counter; bytes: Counter; size: Histogram }
interface OutMeters {
  messages: Counter;
  bytes: Counter;
  /** nextBeginOffset of the last pull, by queue id (what the group holds but has not committed). */
  pulledTo: number[];
}

/** RocketMQ's RemotingHelper spelling of a code: the enum name in lower case, else the number. */
function codeNames(table: Readonly<Record<string, number>>): Map<number, string> {
  return new Map(Object.entries(table).map(([name, code]) => [code, name.toLowerCase()]));
}

export interface BrokerIdentity {
  brokerClusterName: string;
  brokerName: string;
}

export function brokerRegistry(id: BrokerIdentity): MetricsRegistry {
  return new MetricsRegistry({ cluster: id.brokerClusterName, node_type: "broker", node_id: id.brokerName });
}

export class BrokerMeters {
  private readonly messagesIn;
  private readonly throughputIn;
  private readonly messageSize;
  private readonly messagesOut;
  private readonly throughputOut;
  private readonly dlq;
  private readonly rpcLatency;
  private readonly inByTopic = new Map<string, Map<MessageType, InMeters>>();
  private readonly outByGroup = new Map<string, Map<string, OutMeters>>();
  private readonly dlqByGroup = new Map<string, Counter>();
  private readonly rpcByCode = new Map<number, Map<number, Histogram>>();
  private readonly requestNames = codeNames(RequestCode);
  private readonly responseNames = codeNames(ResponseCode);

  /** enabled false (metricsEnable=false): every method returns at once; only gauges are exported. */
  constructor(readonly registry: MetricsRegistry, readonly enabled = true) {
    const r = registry;
    this.messagesIn = r.counter("rocketmq_messages_in_total", "messages stored by producers' sends", ["topic", "message_type"]);
    this.messagesOut = r.counter("rocketmq_messages_out_total", "messages handed to consumers by pulls", ["topic", "consumer_group"]);
    this.throughputIn = r.counter("rocketmq_throughput_in_total", "bytes of message bodies stored by sends", ["topic", "message_type"]);
    this.throughputOut = r.counter("rocketmq_throughput_out_total", "bytes of stored messages handed to consumers", ["topic", "consumer_group"]);
    this.messageSize = r.histogram("rocketmq_message_size", "body size of each stored message, bytes", ["topic", "message_type"], MESSAGE_SIZE_BOUNDS);
    this.dlq = r.counter("rocketmq_send_to_dlq_messages_total", "messages moved to a dead-letter queue", ["topic", "consumer_group"]);
    this.rpcLatency = r.histogram("rocketmq_rpc_latency", "time from a request's arrival to its response, ms",
      ["protocol_type", "request_code", "response_code"], RPC_LATENCY_BOUNDS_MS);
  }

  /** One message stored on topic (its body bytes long). */
  messageIn(topic: string, type: MessageType, bytes: number): void {
    if (!this.enabled) return;
    let byType = this.inByTopic.get(topic);
    if (byType === undefined) this.inByTopic.set(topic, (byType = new Map()));
    let m = byType.get(type);
    if (m === undefined) {
      m = { messages: this.messagesIn.labels(topic, type), bytes: this.throughputIn.labels(topic, type), size: this.messageSize.labels(topic, type) };
      byType.set(type, m);
    }
    m.messages.inc();
    m.bytes.inc(bytes);
    m.size.observe(bytes);
  }

  /** count messages (bytes in all, records as stored) handed to group by a pull of queueId
   *  that ends before nextOffset. */
  messagesPulled(topic: string, group: string, count: number, bytes: number, queueId: number, nextOffset: number): void {
    if (!this.enabled) return;
    let byTopic = this.outByGroup.get(group);
    if (byTopic === undefined) this.outByGroup.set(group, (byTopic = new Map()));
    let m = byTopic.get(topic);
    if (m === undefined) {
      m = { messages: this.messagesOut.labels(topic, group), bytes: this.throughputOut.labels(topic, group), pulledTo: [] };
      byTopic.set(topic, m);
    }
    m.messages.inc(count);
    m.bytes.inc(bytes);
    if ((m.pulledTo[queueId] ?? -1) < nextOffset) m.pulledTo[queueId] = nextOffset;
  }

  /** Where group's last pull of the queue ended, or undefined when it has not pulled since start. */
  pulledTo(group: string, topic: string, queueId: number): number | undefined {
    return this.outByGroup.get(group)?.get(topic)?.pulledTo[queueId];
  }

  /** Messages and body bytes stored per topic since start (every message type summed). */
  *inTotals(): Iterable<{ topic: string; messages: number; bytes: number }> {
    for (const [topic, byType] of this.inByTopic) {
      let messages = 0;
      let bytes = 0;
      for (const m of byType.values()) {
        messages += m.messages.value;
        bytes += m.bytes.value;
      }
      yield { topic, messages, bytes };
    }
  }

  /** Messages and bytes handed out per (topic, group) since start. */
  *outTotals(): Iterable<{ topic: string; group: string; messages: number; bytes: number }> {
    for (const [group, byTopic] of this.outByGroup) {
      for (const [topic, m] of byTopic) yield { topic, group, messages: m.messages.value, bytes: m.bytes.value };
    }
  }

  /** A message of group moved to its DLQ topic. */
  sentToDlq(dlqTopic: string, group: string): void {
    if (!this.enabled) return;
    let c = this.dlqByGroup.get(group);
    if (c === undefined) this.dlqByGroup.set(group, (c = this.dlq.labels(dlqTopic, group)));
    c.inc();
  }

  rpc(requestCode: number, responseCode: number, latencyMs: number): void {
    if (!this.enabled) return;
    let byResponse = this.rpcByCode.get(requestCode);
    if (byResponse === undefined) this.rpcByCode.set(requestCode, (byResponse = new Map()));
    let h = byResponse.get(responseCode);
    if (h === undefined) {
      const req = this.requestNames.get(requestCode) ?? String(requestCode);
      const res = this.responseNames.get(responseCode) ?? String(responseCode);
      byResponse.set(responseCode, (h = this.rpcLatency.labels("remoting", req, res)));
    }
    h.observe(latencyMs);
  }

  /** Drops a deleted topic's series. */
  forgetTopic(topic: string): void {
    this.inByTopic.delete(topic);
    for (const byTopic of this.outByGroup.values()) byTopic.delete(topic);
    for (const family of [this.messagesIn, this.throughputIn, this.messagesOut, this.throughputOut]) family.remove((v) => v[0] === topic);
    this.messageSize.remove((v) => v[0] === topic);
  }
}
