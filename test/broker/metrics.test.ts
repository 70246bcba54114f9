// The broker's metrics over the wire: metricsExporterType=PROM serves /metrics on its own port,
// and RocketMQ 5's counters equal the messages sent and pulled.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { Broker, encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { adminContext, pullOnce } from "../../src/admin/index.ts";
import { bytes, sendHeader, tempDir, testBrokerInit } from "./send-harness.ts";

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

  test("/metrics is the only path; anything else is a 404 that says where the metrics are", async () => {
    const res = await fetch(`http://127.0.0.1:${broker.metricsPromPort}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("/metrics");
  });
});
