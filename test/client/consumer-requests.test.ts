// What mq's push consumer answers when a broker passes an admin request on (Java's
// ClientRemotingProcessor): its running info in ConsumerRunningInfo's shape, a message consumed
// directly, its offsets for GET_CONSUMER_STATUS_FROM_CLIENT, and a refusal for another group.
import { describe, expect, test } from "bun:test";
import { ClientCore } from "../../src/client/client-core.ts";
import { resolveConsumerOptions } from "../../src/client/consumer-options.ts";
import { consumerRequestHandlers, type ConsumerView } from "../../src/client/consumer-requests.ts";
import { ConsumerStats } from "../../src/client/consumer-stats.ts";
import type { ConsumeMode } from "../../src/client/listener.ts";
import type { MessageExt } from "../../src/client/message.ts";
import { resolveClientOptions } from "../../src/client/options.ts";
import { ProcessQueue } from "../../src/client/process-queue.ts";
import { bodyCrc, encodeRecord, formatProperties, parseFastjson, RequestCode, ResponseCode, silentLogger, utf8 } from "../../src/common/index.ts";
import { request, type Connection, type Handler, type RemotingCommand } from "../../src/remoting/index.ts";

const mq = { topic: "T", brokerName: "b", queueId: 1 };

function view(mode: ConsumeMode): ConsumerView {
  const core = new ClientCore(resolveClientOptions({ namesrvAddr: "127.0.0.1:9876", logger: silentLogger }), (clientID) => ({ clientID, consumerDataSet: [], producerDataSet: [] }));
  const pq = new ProcessQueue();
  pq.put([{ queueOffset: 5, body: utf8("abc") } as MessageExt]);
  return {
    core, opts: resolveConsumerOptions({ consumerGroup: "G", namesrvAddr: "127.0.0.1:9876" }), stats: new ConsumerStats(),
    mode: () => mode, startTimestampMs: () => 7,
    subscriptions: () => [{ topic: "T", subString: "*", tagsSet: [], codeSet: [], subVersion: 1, expressionType: "TAG", classFilterMode: false }],
    queues: () => [{ mq, pq, commitOffset: 5 }, { mq: { topic: "U", brokerName: "b", queueId: 0 }, pq: new ProcessQueue(), commitOffset: 9 }],
  };
}

async function ask(v: ConsumerView, code: number, ext: Record<string, string>, body?: Uint8Array): Promise<RemotingCommand> {
  const handler = new Map<number, Handler>(consumerRequestHandlers(v)).get(code);
  if (handler === undefined) throw new Error(`no handler for ${code}`);
  const res = await handler(request(code, ext, body), {} as Connection);
  if (res === undefined) throw new Error("no answer");
  return res;
}

const parsed = (res: RemotingCommand) => parseFastjson(new TextDecoder().decode(res.body)) as Record<string, Record<string, unknown> | undefined>;

describe("the push consumer's answers to admin requests", () => {
  test("GET_CONSUMER_RUNNING_INFO: properties, subscriptionSet, mqTable keyed by MessageQueue, statusTable per topic", async () => {
    const res = await ask(view({ orderly: false, listener: () => "CONSUME_SUCCESS" }), RequestCode.GET_CONSUMER_RUNNING_INFO, { consumerGroup: "G", clientId: "c" });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const info = parsed(res);
    expect(info.properties).toMatchObject({ PROP_CONSUME_TYPE: "CONSUME_PASSIVELY", PROP_CONSUMEORDERLY: "false", PROP_CONSUMER_START_TIMESTAMP: "7", PROP_CLIENT_VERSION: "V4_9_8", consumerGroup: "G" });
    expect(info.subscriptionSet as unknown).toEqual([expect.objectContaining({ topic: "T", subString: "*", classFilterMode: false })]);
    expect(info.mqTable?.['{"brokerName":"b","queueId":1,"topic":"T"}']).toMatchObject({
      commitOffset: 5, cachedMsgCount: 1, cachedMsgMinOffset: 5, cachedMsgMaxOffset: 5, droped: false, locked: false,
    });
    expect(Object.keys(info.statusTable ?? {})).toEqual(["T"]);
    expect(info.statusTable?.T).toEqual({ pullRT: 0, pullTPS: 0, consumeRT: 0, consumeOKTPS: 0, consumeFailedTPS: 0, consumeFailedMsgs: 0 });
  });

  test("another group's request is refused with Java's remark", async () => {
    const res = await ask(view({ orderly: false, listener: () => "CONSUME_SUCCESS" }), RequestCode.GET_CONSUMER_RUNNING_INFO, { consumerGroup: "Other", clientId: "c" });
    expect({ code: res.code, remark: res.remark }).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: "The Consumer Group <Other> not exist in this consumer" });
  });

  test("CONSUME_MESSAGE_DIRECTLY runs the listener once on the stored record and answers its result", async () => {
    const got: MessageExt[] = [];
    const v = view({ orderly: false, listener: (msgs) => (got.push(...msgs), "RECONSUME_LATER") });
    const body = utf8("direct");
    const record = encodeRecord({
      bodyCrc: bodyCrc(body), queueId: 1, flag: 0, queueOffset: 3, physicalOffset: 100, sysFlag: 0, bornTimestamp: 1, bornHost: { ip: "127.0.0.1", port: 1 },
      storeTimestamp: 2, storeHost: { ip: "127.0.0.1", port: 10911 }, reconsumeTimes: 0, preparedTransactionOffset: 0, body, topic: "T",
      properties: formatProperties({ TAGS: "TagA", UNIQ_KEY: "U1" }),
    });
    const res = await ask(v, RequestCode.CONSUME_MESSAGE_DIRECTLY, { consumerGroup: "G", clientId: "c", msgId: "X", brokerName: "b" }, record);
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(parsed(res)).toMatchObject({ order: false, autoCommit: true, consumeResult: "CR_LATER" });
    expect(got.map((m) => [m.topic, m.msgId, m.brokerName, new TextDecoder().decode(m.body)])).toEqual([["T", "U1", "b", "direct"]]);
  });

  test("CONSUME_MESSAGE_DIRECTLY of a throwing orderly listener answers CR_THROW_EXCEPTION with the error", async () => {
    const v = view({ orderly: true, listener: () => { throw new Error("boom"); } });
    const body = utf8("x");
    const record = encodeRecord({
      bodyCrc: bodyCrc(body), queueId: 0, flag: 0, queueOffset: 0, physicalOffset: 0, sysFlag: 0, bornTimestamp: 1, bornHost: { ip: "127.0.0.1", port: 1 },
      storeTimestamp: 2, storeHost: { ip: "127.0.0.1", port: 10911 }, reconsumeTimes: 0, preparedTransactionOffset: 0, body, topic: "T", properties: "",
    });
    const res = await ask(v, RequestCode.CONSUME_MESSAGE_DIRECTLY, { consumerGroup: "G", brokerName: "b" }, record);
    expect(parsed(res)).toMatchObject({ order: true, consumeResult: "CR_THROW_EXCEPTION", remark: "Error: boom" });
  });

  test("GET_CONSUMER_STATUS_FROM_CLIENT answers the offsets held for the topic's queues only", async () => {
    const res = await ask(view({ orderly: false, listener: () => "CONSUME_SUCCESS" }), RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, { group: "G", topic: "T" });
    expect(new TextDecoder().decode(res.body)).toBe('{"messageQueueTable":{{"brokerName":"b","queueId":1,"topic":"T"}:5},"consumerTable":{}}');
  });
});
