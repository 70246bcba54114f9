// Bad input everywhere: every request code RocketMQ defines, sent to a running broker with
// headers that are missing fields, carry the wrong types, huge or negative numbers, odd strings and
// path-like names, and bodies that are not what the code expects. Each request gets a reply that
// says what is wrong (never a JavaScript error leaking out, never silence), the connection keeps
// serving, nothing is written outside the store, and the broker still works afterwards.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Broker } from "../../src/broker/index.ts";
import { RequestCode, ResponseCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request, type RemotingCommand } from "../../src/remoting/index.ts";
import { tempDir, testBrokerInit } from "./send-harness.ts";
import { seededRandom as random } from "../seeded-random.ts";

/** Header fields of RocketMQ's request headers (long and V2 short names). */
const FIELDS = [
  "topic", "queueId", "consumerGroup", "group", "producerGroup", "queueOffset", "maxMsgNums", "sysFlag",
  "commitOffset", "suspendTimeoutMillis", "subscription", "subVersion", "expressionType", "brokerName",
  "brokerAddr", "clusterName", "key", "maxNum", "beginTimestamp", "endTimestamp", "offset", "msgId",
  "uniqKey", "timestamp", "isForce", "readQueueNums", "writeQueueNums", "perm", "topicFilterType",
  "topicSysFlag", "order", "defaultTopic", "defaultTopicQueueNums", "bornTimestamp", "flag", "properties",
  "reconsumeTimes", "unitMode", "batch", "maxReconsumeTimes", "delayLevel", "originMsgId", "originTopic",
  "commitLogOffset", "tranStateTableOffset", "commitOrRollback", "fromTransactionCheck", "clientId",
  "consumeFromMinEnable", "retryQueueNums", "retryMaxTimes", "groupName", "namespace", "lo", "zip",
  "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
];

const VALUES = [
  "", " ", "abc", "-1", "-2147483649", "-9223372036854775808", "2147483648", "99999999999999999999", "1e309",
  "NaN", "Infinity", "0x10", "1.5", "true", "null", "{", "[]", "../../../etc/passwd", "..", "/tmp/x",
  "a/b", "%RETRY%", "%DLQ%x", "TBW102", "x".repeat(300), "ü€𝄞", "\u0000", "\n", "a;b", "*", "TagA || ",
  "a between", "0", "1", "16", "127.0.0.1:1",
];

const BODIES: (Uint8Array | undefined)[] = [
  undefined,
  new Uint8Array(0),
  new TextEncoder().encode("{"),
  new TextEncoder().encode('{"topicConfigTable":5,"offsetTable":"x","consumerDataSet":[1]}'),
  new TextEncoder().encode('[{"topic":null,"brokerName":7,"queueId":"q"}]'),
  Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff),
];

/** Remarks that show a JavaScript error escaped into a reply instead of a reason. */
const LEAKED = /TypeError|ReferenceError|RangeError|SyntaxError|is not a function|Cannot read propert|undefined is not|null is not/;

const dir = tempDir("mq-fuzz-");
const root = join(dir.path, "store");
let broker: Broker;
const client = new RemotingClient({ log: silentLogger });

beforeAll(async () => {
  broker = new Broker(testBrokerInit(root, { storePathCommitLog: join(root, "commitlog") }));
  await broker.start();
});

afterAll(async () => {
  client.close();
  await broker.stop();
  dir.remove();
});

function fuzzedHeader(rand: () => number): Record<string, string> {
  const fields: Record<string, string> = {};
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const field = FIELDS[Math.floor(rand() * FIELDS.length)] as string;
    fields[field] = VALUES[Math.floor(rand() * VALUES.length)] as string;
  }
  return fields;
}

test("every request code with fuzzed headers and bodies gets a reply with a reason, and the broker keeps working", async () => {
  const rand = random(20261201);
  const codes = Object.values(RequestCode);
  const leaks: string[] = [];
  let replies = 0;
  for (const code of codes) {
    for (let variant = 0; variant < 24; variant++) {
      const body = BODIES[Math.floor(rand() * BODIES.length)];
      const cmd = request(code, fuzzedHeader(rand), body);
      let answer: RemotingCommand;
      try {
        answer = await client.invoke(broker.brokerAddr, cmd, 3000);
      } catch (e) {
        throw new Error(`code ${code} ${JSON.stringify(cmd.extFields)}: no reply (${(e as Error).message})`);
      }
      replies++;
      const remark = answer.remark ?? "";
      if (LEAKED.test(remark)) leaks.push(`code ${code} ${JSON.stringify(cmd.extFields).slice(0, 200)}: ${remark.slice(0, 200)}`);
      if (answer.code !== ResponseCode.SUCCESS && answer.code !== ResponseCode.PULL_NOT_FOUND) {
        // A refusal says why: a remark, not an empty string.
        if (remark.trim() === "" && answer.code !== ResponseCode.QUERY_NOT_FOUND) leaks.push(`code ${code}: reply ${answer.code} without a remark`);
      }
    }
  }
  expect(leaks).toEqual([]);
  expect(replies).toBe(codes.length * 24);

  // Nothing written outside the store directory.
  expect(readdirSync(dir.path)).toEqual(["store"]);
  // The broker still serves: a send and its runtime info.
  const info = await client.invoke(broker.brokerAddr, request(RequestCode.GET_BROKER_RUNTIME_INFO, {}), 3000);
  expect(info.code).toBe(ResponseCode.SUCCESS);
}, 120_000);
