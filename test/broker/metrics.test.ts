// The broker's metrics over the wire: metricsExporterType=PROM serves /metrics on its own port,
// and RocketMQ 5's counters equal the messages sent and pulled.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { queueOffset, RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { Broker, encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { adminContext, pullOnce } from "../../src/admin/index.ts";
import { bytes, sendHeader, tempDir, testBrokerInit } from "./send-harness.ts";

/** Issue 17's list: RocketMQ 5's names, the timer and replication ones, and rocketmq-exporter's. */
const EXPECTED_NAMES = [
  "rocketmq_messages_in_total", "rocketmq_messages_out_total", "rocketmq_throughput_in_total", "rocketmq_throughput_out_total",
  "rocketmq_message_size", "rocketmq_consumer_lag_messages", "rocketmq_consumer_lag_latency", "rocketmq_consumer_inflight_messages",
  "rocketmq_consumer_queueing_latency", "rocketmq_consumer_ready_messages", "rocketmq_send_to_dlq_messages_total", "rocketmq_rpc_latency",
  "rocketmq_storage_flush_behind_bytes", "rocketmq_storage_dispatch_behind_bytes", "rocketmq_storage_message_reserve_time",
  "rocketmq_topic_number", "rocketmq_consumer_group_number", "rocketmq_producer_connections", "rocketmq_consumer_connections",
  "rocketmq_half_messages", "rocketmq_timing_messages", "rocketmq_ha_slave_fall_behind_bytes", "rocketmq_ha_in_sync_slaves",
  "rocketmq_group_diff", "rocketmq_group_count", "rocketmq_producer_offset", "rocketmq_consumer_offset", "rocketmq_producer_tps",
  "rocketmq_consumer_tps", "rocketmq_broker_tps", "rocketmq_broker_qps", "rocketmq_producer_message_size",
  "rocketmq_consumer_message_size", "rocketmq_group_get_latency_by_storetime",
];

const dir = tempDir("mq-metrics-");
const broker = new Broker(testBrokerInit(dir.path, { metricsExporterType: "PROM", metricsPromExporterPort: 0 }));
const client = new RemotingClient({ log: silentLogger });

beforeAll(() => broker.start());
afterAll(async () => {
  client.close();
  await broker.stop();
  dir.remove();
});

async function scrape(): Promise<PromFamily[]> {
  const res = await fetch(`http://127.0.0.1:${broker.metricsPromPort}/metrics`);
  expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
  return parsePrometheusTextFormat(await res.text());
}

const series = (families: PromFamily[], name: string) => families.find((f) => f.name === name)?.metrics ?? [];
const valueOf = (families: PromFamily[], name: string, labels: Record<string, string>) =>
  series(families, name).find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;

describe("broker metrics", () => {
  test("messages in and out, their bytes and sizes count exactly what was sent and pulled, labelled as RocketMQ 5 labels them", async () => {
    for (let i = 0; i < 5; i++) {
      const header = encodeSendHeaderV2(sendHeader({ topic: "MetricsTopic", queueId: 0 }));
      const res = await client.invoke(broker.brokerAddr, request(RequestCode.SEND_MESSAGE_V2, header, bytes("0123456789")), 3000);
      expect(res.code).toBe(ResponseCode.SUCCESS);
    }
    const ctx = adminContext(client, "127.0.0.1:9876");
    const page = await pullOnce(ctx, broker.brokerAddr, { topic: "MetricsTopic", brokerName: "broker-a", queueId: 0 }, 0, 32);
    expect(page.messages).toHaveLength(5);
    const families = await scrape();
    const id = { cluster: "DefaultCluster", node_type: "broker", node_id: "broker-a", topic: "MetricsTopic" };
    expect(valueOf(families, "rocketmq_messages_in_total", { ...id, message_type: "Normal" })).toBe("5");
    expect(valueOf(families, "rocketmq_throughput_in_total", { ...id, message_type: "Normal" })).toBe("50");
    expect(valueOf(families, "rocketmq_messages_out_total", { ...id, consumer_group: "TOOLS_CONSUMER" })).toBe("5");
    expect(Number(valueOf(families, "rocketmq_throughput_out_total", { ...id, consumer_group: "TOOLS_CONSUMER" }))).toBeGreaterThan(50);
    expect(series(families, "rocketmq_message_size")[0]?.buckets?.["1024"]).toBe("5");
    expect(Number(valueOf(families, "rocketmq_topic_number", {}))).toBeGreaterThan(0);
  });

  test("every request is timed into rocketmq_rpc_latency, named by request and response code", async () => {
    // The parser merges a labelled histogram's series, so its count lines are read from the text.
    const text = await (await fetch(`http://127.0.0.1:${broker.metricsPromPort}/metrics`)).text();
    const count = (req: string, res: string) =>
      new RegExp(`^rocketmq_rpc_latency_count\\{[^}]*protocol_type="remoting",request_code="${req}",response_code="${res}"\\} (\\d+)$`, "m")
        .exec(text)?.[1];
    expect(count("send_message_v2", "success")).toBe("5");
    expect(count("pull_message", "success")).toBe("1");
  });

  test("/metrics, /health and /ready are the paths; anything else is a 404 that says where the metrics are", async () => {
    const res = await fetch(`http://127.0.0.1:${broker.metricsPromPort}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("/metrics");
  });

  test("/health is alive; /ready is 503 saying why while the broker has no NameServer to register with", async () => {
    const health = await fetch(`http://127.0.0.1:${broker.metricsPromPort}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: "alive" }]);
    const ready = await fetch(`http://127.0.0.1:${broker.metricsPromPort}/ready`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: "not ready", reason: "no NameServer to register with: set namesrvAddr" }]);
  });

  test("a group's pulled-but-uncommitted messages are in flight, the rest ready, and both sum to its lag", async () => {
    const ctx = broker.context;
    ctx.store.meta.consumerOffsets.commit("InflightGroup", "MetricsTopic", 0, queueOffset(1));
    ctx.meters.messagesPulled("MetricsTopic", "InflightGroup", 2, 20, 0, 3);
    const families = await scrape();
    const labels = { topic: "MetricsTopic", consumer_group: "InflightGroup" };
    expect(valueOf(families, "rocketmq_consumer_lag_messages", labels)).toBe("4");
    expect(valueOf(families, "rocketmq_consumer_inflight_messages", labels)).toBe("2");
    expect(valueOf(families, "rocketmq_consumer_ready_messages", labels)).toBe("2");
    expect(Number(valueOf(families, "rocketmq_consumer_queueing_latency", labels))).toBeGreaterThanOrEqual(0);
    expect(valueOf(families, "rocketmq_group_diff", { topic: "MetricsTopic", group: "InflightGroup" })).toBe("4");
  });

  test("every metric name issue 17 lists is exported: RocketMQ 5's and rocketmq-exporter's", async () => {
    const text = await (await fetch(`http://127.0.0.1:${broker.metricsPromPort}/metrics`)).text();
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const missing = EXPECTED_NAMES.filter((n) => !exported.has(n));
    expect(missing).toEqual([]);
  });
});
