// The ACL cases sent to a broker by scripts/acl-probe.ts (against Apache RocketMQ) and by
// acl-wire.test.ts (against mq), with plain_acl.yml beside this file: RocketMQ (12345678) may PUB
// topicB only, SUB every group but groupA; rocketmq2 (12345678) is admin.
import { RequestCode } from "../../../src/common/index.ts";

export interface ProbeCase {
  name: string;
  code: number;
  extFields: Record<string, string>;
  body?: Uint8Array;
  credentials?: { accessKey: string; secretKey: string };
  dropSignature?: boolean;
}

export const USER = { accessKey: "RocketMQ", secretKey: "12345678" };
export const ADMIN = { accessKey: "rocketmq2", secretKey: "12345678" };
export const WRONG_SECRET = { accessKey: "RocketMQ", secretKey: "not-the-secret" };

export function sendHeader(topic: string, group = "pg"): Record<string, string> {
  return {
    a: group, b: topic, c: "TBW102", d: "4", e: "0", f: "0", g: String(Date.now()), h: "0",
    i: "UNIQ_KEY\u0001A1\u0002", j: "0", k: "false",
  };
}

export function pullHeader(topic: string, group: string): Record<string, string> {
  return {
    consumerGroup: group, topic, queueId: "0", queueOffset: "0", maxMsgNums: "1", sysFlag: "0",
    commitOffset: "0", suspendTimeoutMillis: "0", subscription: "*", subVersion: "0",
  };
}

export function heartbeatBody(group: string, topic: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    clientID: "127.0.0.1@probe", producerDataSet: [],
    consumerDataSet: [{
      groupName: group, consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING",
      consumeFromWhere: "CONSUME_FROM_LAST_OFFSET", unitMode: false,
      subscriptionDataSet: [{ topic, subString: "*", classFilterMode: false, tagsSet: [], codeSet: [], subVersion: 0, expressionType: "TAG" }],
    }],
  }));
}

const createTopic = (topic: string) => ({
  topic, defaultTopic: "TBW102", readQueueNums: "4", writeQueueNums: "4", perm: "6",
  topicFilterType: "SINGLE_TAG", topicSysFlag: "0", order: "false",
});

const body = new TextEncoder().encode("hello");

export function aclProbeCases(): ProbeCase[] {
  return [
    { name: "send with the right key", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicB"), body, credentials: USER },
    { name: "send with a wrong secret", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicB"), body, credentials: WRONG_SECRET },
    { name: "send without a signature", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicB"), body, credentials: USER, dropSignature: true },
    { name: "send without any credentials", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicB"), body },
    { name: "send with an unknown access key", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicB"), body, credentials: { accessKey: "nobody", secretKey: "12345678" } },
    { name: "send to a topic without PUB (SUB only)", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicC"), body, credentials: USER },
    { name: "send to a DENY topic", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicA"), body, credentials: USER },
    { name: "send to a topic left to defaultTopicPerm DENY", code: RequestCode.SEND_MESSAGE_V2, extFields: sendHeader("topicZ"), body, credentials: USER },
    { name: "pull with a group without SUB", code: RequestCode.PULL_MESSAGE, extFields: pullHeader("topicB", "groupA"), credentials: USER },
    { name: "pull with the right key", code: RequestCode.PULL_MESSAGE, extFields: pullHeader("topicB", "groupB"), credentials: USER },
    { name: "heartbeat of a group without SUB", code: RequestCode.HEART_BEAT, extFields: {}, body: heartbeatBody("groupA", "topicB"), credentials: USER },
    { name: "non-admin creates a topic", code: RequestCode.UPDATE_AND_CREATE_TOPIC, extFields: createTopic("topicNew"), credentials: USER },
    { name: "admin creates a topic", code: RequestCode.UPDATE_AND_CREATE_TOPIC, extFields: createTopic("topicNew"), credentials: ADMIN },
  ];
}
