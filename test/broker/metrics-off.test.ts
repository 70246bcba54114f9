// metricsEnable=false: the broker records no meters (the benchmark's "metrics off"); /metrics
// keeps only the gauges read at scrape time.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { Broker, encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { bytes, sendHeader, tempDir, testBrokerInit } from "./send-harness.ts";

const dir = tempDir("mq-metrics-off-");
const broker = new Broker(testBrokerInit(dir.path, { metricsEnable: false }));
const client = new RemotingClient({ log: silentLogger });
beforeAll(() => broker.start());
afterAll(async () => {
  client.close();
  await broker.stop();
  dir.remove();
});

test("with metricsEnable=false a stored message is counted nowhere, and the gauges are still exported", async () => {
  const header = encodeSendHeaderV2(sendHeader({ topic: "UncountedTopic", queueId: 0 }));
  const res = await client.invoke(broker.brokerAddr, request(RequestCode.SEND_MESSAGE_V2, header, bytes("x")), 3000);
  expect(res.code).toBe(ResponseCode.SUCCESS);
  const text = broker.metrics.expose();
  expect(text).not.toContain('topic="UncountedTopic",message_type="Normal"');
  expect(text).not.toMatch(/^rocketmq_rpc_latency_count/m);
  expect(text).toMatch(/^rocketmq_topic_number\{[^}]*\} \d+$/m);
});
