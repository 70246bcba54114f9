// SQL92 filtering against the compiled binary: raw SEND_MESSAGE and PULL_MESSAGE frames over TCP.
import { afterEach, expect, test } from "bun:test";
import { RequestCode, ResponseCode, decodeRecords, formatProperties, parseProperties, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { admin, killAll, startCluster, type Cluster } from "./harness.ts";

let cluster: Cluster | undefined;
const client = new RemotingClient({ log: silentLogger });

afterEach(async () => {
  client.close();
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

const encoder = new TextEncoder();

function send(addr: string, properties: Record<string, string>) {
  const header = {
    producerGroup: "PG",
    topic: "SqlTopic",
    defaultTopic: "TBW102",
    defaultTopicQueueNums: 4,
    queueId: 0,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: formatProperties(properties),
  };
  return client.invoke(addr, request(RequestCode.SEND_MESSAGE, header, encoder.encode("hello")), 5000);
}

function pull(addr: string, subscription: string) {
  const header = {
    consumerGroup: "SqlGroup",
    topic: "SqlTopic",
    queueId: 0,
    queueOffset: 0,
    maxMsgNums: 32,
    sysFlag: 0x4,
    commitOffset: 0,
    suspendTimeoutMillis: 0,
    subscription,
    subVersion: Date.now(),
    expressionType: "SQL92",
  };
  return client.invoke(addr, request(RequestCode.PULL_MESSAGE, header), 5000);
}

test("a broker with enablePropertyFilter=true returns only the messages an SQL92 pull selects", async () => {
  cluster = await startCluster({ enablePropertyFilter: "true" });
  expect((await admin(cluster.namesrvAddr, ["updateTopic", "-t", "SqlTopic", "-c", "DefaultCluster"])).code).toBe(0);
  for (let a = 0; a < 10; a++) {
    const sent = await send(cluster.brokerAddr, { a: String(a), TAGS: a % 2 === 0 ? "even" : "odd" });
    expect(sent.code).toBe(ResponseCode.SUCCESS);
  }
  const res = await pull(cluster.brokerAddr, "a between 2 and 7 and TAGS = 'even'");
  expect(res.code).toBe(ResponseCode.SUCCESS);
  const picked = decodeRecords(res.body ?? new Uint8Array()).map((r) => parseProperties(r.properties).get("a"));
  expect(picked).toEqual(["2", "4", "6"]);

  const bad = await pull(cluster.brokerAddr, "a between 2 and");
  expect(bad.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
  expect(bad.remark).toContain("expected a value after 'and' at column 16");
}, 60_000);
