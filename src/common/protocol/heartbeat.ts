// HeartbeatData, the HEART_BEAT (34) body (remoting-protocol.md §4.5), and the consumer list
// GET_CONSUMER_LIST_BY_GROUP (38) returns (§4.6):
//   {"clientID":"ip@instance","consumerDataSet":[ConsumerData],"producerDataSet":[{"groupName":"pg"}]}
//   ConsumerData: groupName consumeType messageModel consumeFromWhere subscriptionDataSet unitMode
//   SubscriptionData: topic subString tagsSet codeSet subVersion expressionType classFilterMode
//   {"consumerIdList":["ip@instance",...]}
// Lenient where real clients differ: Go writes codeSet as strings, ali-ons may leave out
// expressionType, any set may be null or missing.
import { parseBody, utf8 } from "./fastjson.ts";
import { asFields, bool, list, num, optStr, str, type Fields } from "./shape.ts";

export interface SubscriptionData {
  topic: string;
  subString: string;
  tagsSet: string[];
  /** Java String.hashCode of each tag (signed int32). */
  codeSet: number[];
  subVersion: number;
  expressionType: string;
  classFilterMode: boolean;
}

export interface ConsumerData {
  groupName: string;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  subscriptionDataSet: SubscriptionData[];
  unitMode: boolean;
}

export interface ProducerData {
  groupName: string;
}

export interface HeartbeatData {
  clientID: string;
  consumerDataSet: ConsumerData[];
  producerDataSet: ProducerData[];
}

export const encodeHeartbeatData = (h: HeartbeatData): Uint8Array => utf8(JSON.stringify(h));

export function decodeHeartbeatData(bytes: Uint8Array | undefined): HeartbeatData {
  const o = asFields(parseBody(bytes), "HeartbeatData");
  return {
    clientID: str(o, "clientID"),
    consumerDataSet: list(o, "consumerDataSet").map((c) => readConsumerData(asFields(c, "ConsumerData"))),
    producerDataSet: list(o, "producerDataSet").map((p) => ({ groupName: str(asFields(p, "ProducerData"), "groupName") })),
  };
}

function readConsumerData(c: Fields): ConsumerData {
  return {
    groupName: str(c, "groupName"),
    consumeType: optStr(c, "consumeType") ?? "CONSUME_PASSIVELY",
    messageModel: optStr(c, "messageModel") ?? "CLUSTERING",
    consumeFromWhere: optStr(c, "consumeFromWhere") ?? "CONSUME_FROM_LAST_OFFSET",
    subscriptionDataSet: list(c, "subscriptionDataSet").map((s) => readSubscriptionData(asFields(s, "SubscriptionData"))),
    unitMode: bool(c, "unitMode", false),
  };
}

export function readSubscriptionData(s: Fields): SubscriptionData {
  return {
    topic: str(s, "topic"),
    subString: optStr(s, "subString") ?? "*",
    tagsSet: list(s, "tagsSet").map(String),
    codeSet: list(s, "codeSet").map(Number).filter(Number.isFinite),
    subVersion: num(s, "subVersion", 0),
    expressionType: optStr(s, "expressionType") ?? "TAG",
    classFilterMode: bool(s, "classFilterMode", false),
  };
}

export const encodeConsumerIdList = (ids: string[]): Uint8Array => utf8(JSON.stringify({ consumerIdList: ids }));

export const decodeConsumerIdList = (bytes: Uint8Array | undefined): string[] =>
  list(asFields(parseBody(bytes), "GetConsumerListByGroupResponseBody"), "consumerIdList").map(String);
