// Brokers in their replication roles, in one process: a slave refuses sends as RocketMQ does, a
// SYNC_MASTER answers once its slave holds the message, and a slave copies its master's metadata.
import { afterEach, expect, test } from "bun:test";
import { formatProperties, queueOffset, RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { Broker, encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { newTopicConfig } from "../../src/broker/topics/index.ts";
import { bytes, sendHeader, tempDir, testBrokerInit } from "./send-harness.ts";
import type { BrokerInit } from "../../src/broker/broker.ts";
import { until } from "../remoting/fixtures.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(init: BrokerInit): Promise<Broker> {
  const broker = new Broker(init);
  await broker.start();
  cleanups.push(() => broker.stop());
  return broker;
}

async function namesrv(dir: string): Promise<string> {
  const ns = new NameServer({
    listenPort: 0, kvConfigPath: `${dir}/kvConfig.json`, orderMessageEnable: false,
    scanNotActiveBrokerInterval: 10_000, brokerChannelExpiredTime: 120_000, log: silentLogger,
  });
  const addr = `127.0.0.1:${await ns.start()}`;
  cleanups.push(() => ns.stop());
  return addr;
}

function client(): RemotingClient {
  const c = new RemotingClient({ log: silentLogger });
  cleanups.push(() => c.close());
  return c;
}

const send = (c: RemotingClient, b: Broker, topic: string, wait = "true") =>
  c.invoke(b.brokerAddr, request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(sendHeader({ topic, properties: formatProperties({ WAIT: wait }) })), bytes("hello")), 10_000);


test("a slave refuses a send with RocketMQ's SERVICE_NOT_AVAILABLE remark and says where to send", async () => {
  const dir = tempDir("mq-ha-roles-");
  cleanups.push(() => dir.remove());
  const slave = await started(testBrokerInit(dir.path, { brokerRole: "SLAVE", brokerId: 1 }));
  const res = await send(client(), slave, "T");
  expect(res.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
  expect(res.remark).toStartWith("service not available now. It may be caused by one of the following reasons: the broker's disk is full [CL: ");
  expect(res.remark).toContain("], messages are put to the slave, message store has been shut down, etc.");
  expect(res.remark).toContain("send to the master of broker-a");
});

test("a SYNC_MASTER answers SUCCESS once its slave holds the message, and the slave holds it", async () => {
  const dir = tempDir("mq-ha-roles-");
  cleanups.push(() => dir.remove());
  const ns = await namesrv(dir.path);
  const master = await started(testBrokerInit(`${dir.path}/m`, { namesrvAddr: ns, brokerRole: "SYNC_MASTER" }));
  const noSlave = await send(client(), master, "SyncTopic");
  expect(noSlave.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
  expect(noSlave.extFields.msgId).toBeDefined(); // stored on the master all the same
  expect((await send(client(), master, "SyncTopic", "false")).code).toBe(ResponseCode.SUCCESS); // WAIT=false: no wait
  const slave = await started(testBrokerInit(`${dir.path}/s`, { namesrvAddr: ns, brokerRole: "SLAVE", brokerId: 1 }));
  await until(() => slave.context.store.maxPhysicalOffset() === master.context.store.maxPhysicalOffset(), 10_000);
  const res = await send(client(), master, "SyncTopic");
  expect(res.code).toBe(ResponseCode.SUCCESS);
  expect(slave.context.store.maxPhysicalOffset()).toBeGreaterThanOrEqual(master.context.store.maxPhysicalOffset());
});

test("a slave copies its master's topics, groups, consumer offsets and delay offsets", async () => {
  const dir = tempDir("mq-ha-roles-");
  cleanups.push(() => dir.remove());
  const ns = await namesrv(dir.path);
  const master = await started(testBrokerInit(`${dir.path}/m`, { namesrvAddr: ns }));
  const m = master.context;
  m.topics.put(newTopicConfig("Copied", 3));
  m.groups.findOrCreate("GID_COPIED");
  m.store.meta.consumerOffsets.commit("GID_COPIED", "Copied", 2, queueOffset(17));
  m.store.meta.delayOffsets.set(3, queueOffset(5));
  const slave = await started(testBrokerInit(`${dir.path}/s`, { namesrvAddr: ns, brokerRole: "SLAVE", brokerId: 1, slaveSynchronizeInterval: 100 }));
  const s = slave.context;
  await until(() => s.store.meta.delayOffsets.get(3) === 5, 10_000);
  expect(s.topics.get("Copied")?.readQueueNums).toBe(3);
  expect(s.groups.get("GID_COPIED")).toBeDefined();
  expect(Number(s.store.meta.consumerOffsets.query("GID_COPIED", "Copied", 2))).toBe(17);
  m.topics.delete("Copied");
  await until(() => s.topics.get("Copied") === undefined, 10_000);
});

test("a slave started before its master follows the master within seconds, not at its next registration", async () => {
  const dir = tempDir("mq-ha-roles-");
  cleanups.push(() => dir.remove());
  const ns = await namesrv(dir.path);
  const slave = await started(testBrokerInit(`${dir.path}/s`, { namesrvAddr: ns, brokerRole: "SLAVE", brokerId: 1, registerNameServerPeriod: 30_000 }));
  const master = await started(testBrokerInit(`${dir.path}/m`, { namesrvAddr: ns }));
  expect((await send(client(), master, "Late")).code).toBe(ResponseCode.SUCCESS);
  await until(() => slave.context.store.maxPhysicalOffset() === master.context.store.maxPhysicalOffset(), 8_000);
});
