import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Broker, requestKindsOf } from "../../src/broker/index.ts";
import { decodeKVTable, RequestCode, silentLogger } from "../../src/common/index.ts";
import { loadConfig } from "../../src/common/config/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { testBrokerInit } from "./send-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "mq-kinds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kindsFrom(conf: string) {
  const file = join(dir, "broker.conf");
  writeFileSync(file, conf);
  const outcome = loadConfig(["broker"], { file });
  if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
  return requestKindsOf(outcome.roles.broker.config);
}

test("RocketMQ's queue keys in broker.conf bound the queue of each request kind, as its executors group them", () => {
  const kinds = kindsFrom("sendThreadPoolQueueCapacity=5\nwaitTimeMillsInSendQueue=300\npullThreadPoolQueueCapacity=7\n");
  const send = kinds.byCode.get(RequestCode.SEND_MESSAGE);
  expect(send).toEqual({ name: "send", capacity: 5, waitMsMax: 300 });
  for (const code of [RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.CONSUMER_SEND_MSG_BACK]) {
    expect(kinds.byCode.get(code)).toBe(send!);
  }
  expect(kinds.byCode.get(RequestCode.PULL_MESSAGE)).toEqual({ name: "pull", capacity: 7, waitMsMax: 5000 });
  expect(kinds.byCode.get(RequestCode.HEART_BEAT)).toEqual({ name: "heartbeat", capacity: 50_000, waitMsMax: 31_000 });
  expect(kinds.byCode.get(RequestCode.END_TRANSACTION)).toEqual({ name: "endTransaction", capacity: 100_000, waitMsMax: 3000 });
  expect(kinds.byCode.get(RequestCode.UPDATE_CONSUMER_OFFSET)).toEqual({ name: "consumerManage", capacity: 1_000_000 });
  expect(kinds.byCode.get(RequestCode.GET_BROKER_RUNTIME_INFO)).toBeUndefined();
  expect(kinds.other).toEqual({ name: "admin", capacity: 10_000, waitMsMax: 5000 });
});

test("with brokerFastFailureEnable=false no request is refused for waiting, but the capacities hold", () => {
  const kinds = kindsFrom("brokerFastFailureEnable=false\n");
  expect(kinds.byCode.get(RequestCode.SEND_MESSAGE)).toEqual({ name: "send", capacity: 10_000 });
  expect(kinds.other).toEqual({ name: "admin", capacity: 10_000 });
});

test("GET_BROKER_RUNTIME_INFO reports the send, pull and query queues under RocketMQ's keys", async () => {
  const broker = new Broker(testBrokerInit(join(dir, "store"), { sendThreadPoolQueueCapacity: 3 }));
  const client = new RemotingClient({ log: silentLogger });
  await broker.start();
  try {
    const res = await client.invoke(broker.brokerAddr, request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
    const table = decodeKVTable(res.body);
    expect(table).toMatchObject({
      sendThreadPoolQueueSize: "0",
      sendThreadPoolQueueCapacity: "3",
      sendThreadPoolQueueHeadWaitTimeMills: "0",
      pullThreadPoolQueueCapacity: "100000",
      queryThreadPoolQueueCapacity: "20000",
      EndTransactionThreadPoolQueueCapacity: "100000",
    });
  } finally {
    client.close();
    await broker.stop();
  }
});
