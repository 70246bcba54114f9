// The broker reads every request header through its codec in src/common/protocol: a request
// missing a field RocketMQ's header class requires is answered as Java answers it (SYSTEM_ERROR,
// "the custom field <x> is null"), and a field both 4.x and 5.x spellings name is read in either.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Broker } from "../../src/broker/index.ts";
import {
  encodeConsumerRunningInfoHeader, encodeConsumerStatusHeader, encodeConsumeStatsHeader, encodeConsumerGroupHeader, encodeCreateTopicHeader,
  encodeDeleteSubscriptionGroupHeader, encodeProducerGroupHeader, encodeQueryConsumeQueueHeader, encodeQueryConsumerOffsetHeader,
  encodeQueryMessageHeader, encodeResetOffsetHeader, encodeSearchOffsetHeader, encodeSendBackHeader, encodeTopicHeader,
  encodeTopicQueueHeader, encodeUnregisterClientHeader, encodeUpdateConsumerOffsetHeader, encodeViewBrokerStatsDataHeader,
  encodeViewMessageHeader, physicalOffset, RequestCode, ResponseCode, silentLogger, type ExtFieldsInit,
} from "../../src/common/index.ts";
import { RemotingClient, request, type RemotingCommand } from "../../src/remoting/index.ts";
import { tempDir, testBrokerInit } from "./send-harness.ts";

const dir = tempDir("mq-header-codecs-");
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

const call = (code: number, ext: ExtFieldsInit): Promise<RemotingCommand> => client.invoke(broker.brokerAddr, request(code, ext), 3000);
const without = (ext: ExtFieldsInit, key: string): ExtFieldsInit => ({ ...ext, [key]: undefined });

const topic = { topic: "T", defaultTopic: "TBW102", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: "SINGLE_TAG" as const, topicSysFlag: 0, order: false, attributes: undefined };

/** [code, the header as mq's admin or client encodes it, the required field left out]. */
const REQUIRED: Array<[string, number, ExtFieldsInit, string]> = [
  ["UPDATE_AND_CREATE_TOPIC", RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader(topic), "perm"],
  ["DELETE_TOPIC_IN_BROKER", RequestCode.DELETE_TOPIC_IN_BROKER, encodeTopicHeader("T"), "topic"],
  ["GET_TOPIC_STATS_INFO", RequestCode.GET_TOPIC_STATS_INFO, encodeTopicHeader("T"), "topic"],
  ["QUERY_TOPIC_CONSUME_BY_WHO", RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, encodeTopicHeader("T"), "topic"],
  ["GET_MAX_OFFSET", RequestCode.GET_MAX_OFFSET, encodeTopicQueueHeader({ topic: "T", queueId: 0 }), "queueId"],
  ["SEARCH_OFFSET_BY_TIMESTAMP", RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, encodeSearchOffsetHeader({ topic: "T", queueId: 0, timestamp: 1, boundaryType: undefined }), "timestamp"],
  ["GET_CONSUME_STATS", RequestCode.GET_CONSUME_STATS, encodeConsumeStatsHeader({ consumerGroup: "CG", topic: "T" }), "consumerGroup"],
  ["GET_CONSUMER_CONNECTION_LIST", RequestCode.GET_CONSUMER_CONNECTION_LIST, encodeConsumerGroupHeader("CG"), "consumerGroup"],
  ["GET_CONSUMER_LIST_BY_GROUP", RequestCode.GET_CONSUMER_LIST_BY_GROUP, encodeConsumerGroupHeader("CG"), "consumerGroup"],
  ["GET_PRODUCER_CONNECTION_LIST", RequestCode.GET_PRODUCER_CONNECTION_LIST, encodeProducerGroupHeader("PG"), "producerGroup"],
  ["DELETE_SUBSCRIPTIONGROUP", RequestCode.DELETE_SUBSCRIPTIONGROUP, encodeDeleteSubscriptionGroupHeader({ groupName: "CG", removeOffset: false }), "groupName"],
  ["UNREGISTER_CLIENT", RequestCode.UNREGISTER_CLIENT, encodeUnregisterClientHeader({ clientID: "c", consumerGroup: "CG" }), "clientID"],
  ["QUERY_MESSAGE", RequestCode.QUERY_MESSAGE, encodeQueryMessageHeader({ topic: "T", key: "k", maxNum: 1, beginTimestamp: 0, endTimestamp: 1, uniqueKeyQuery: false }), "key"],
  ["VIEW_MESSAGE_BY_ID", RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageHeader({ topic: "T", offset: 0 }), "offset"],
  ["QUERY_CONSUME_QUEUE", RequestCode.QUERY_CONSUME_QUEUE, encodeQueryConsumeQueueHeader({ topic: "T", queueId: 0, index: 0, count: 1, consumerGroup: undefined }), "index"],
  ["VIEW_BROKER_STATS_DATA", RequestCode.VIEW_BROKER_STATS_DATA, encodeViewBrokerStatsDataHeader({ statsName: "TOPIC_PUT_NUMS", statsKey: "T" }), "statsKey"],
  ["INVOKE_BROKER_TO_RESET_OFFSET", RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
    encodeResetOffsetHeader({ topic: "T", group: "CG", timestamp: -1, isForce: true, queueId: -1, offset: undefined }), "group"],
  ["GET_CONSUMER_RUNNING_INFO", RequestCode.GET_CONSUMER_RUNNING_INFO, encodeConsumerRunningInfoHeader({ consumerGroup: "CG", clientId: "c", jstackEnable: false }), "clientId"],
  ["INVOKE_BROKER_TO_GET_CONSUMER_STATUS", RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, encodeConsumerStatusHeader({ topic: "T", group: "CG", clientAddr: undefined }), "topic"],
  ["CONSUMER_SEND_MSG_BACK", RequestCode.CONSUMER_SEND_MSG_BACK, encodeSendBackHeader({
    offset: physicalOffset(0), group: "CG", delayLevel: 0, originMsgId: undefined, originTopic: undefined, unitMode: false, maxReconsumeTimes: undefined,
  }), "group"],
];

describe("the broker's header codecs", () => {
  for (const [name, code, ext, key] of REQUIRED) {
    test(`${name} without ${key} is refused with RocketMQ's remark`, async () => {
      const res = await call(code, without(ext, key));
      expect({ code: res.code, remark: res.remark }).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: `the custom field <${key}> is null` });
    });
  }

  test("DELETE_SUBSCRIPTIONGROUP with 5.x's cleanOffset removes the group's offsets, as 4.x's removeOffset does", async () => {
    expect((await call(RequestCode.UPDATE_AND_CREATE_TOPIC, encodeCreateTopicHeader(topic))).code).toBe(ResponseCode.SUCCESS);
    const queue = { topic: "T", queueId: 1 };
    for (const [group, spelling] of [["CG5", "cleanOffset"], ["CG4", "removeOffset"]] as const) {
      await call(RequestCode.UPDATE_CONSUMER_OFFSET, encodeUpdateConsumerOffsetHeader({ consumerGroup: group, ...queue, commitOffset: 3 }));
      const stored = await call(RequestCode.QUERY_CONSUMER_OFFSET, encodeQueryConsumerOffsetHeader({ consumerGroup: group, ...queue, setZeroIfNotFound: false }));
      expect(stored.extFields.offset).toBe("3");
      expect((await call(RequestCode.DELETE_SUBSCRIPTIONGROUP, { groupName: group, [spelling]: "true" })).code).toBe(ResponseCode.SUCCESS);
      const after = await call(RequestCode.QUERY_CONSUMER_OFFSET, encodeQueryConsumerOffsetHeader({ consumerGroup: group, ...queue, setZeroIfNotFound: false }));
      expect({ spelling, code: after.code }).toEqual({ spelling, code: ResponseCode.QUERY_NOT_FOUND });
    }
  });
});
