// Headers of the codes that reach a live consumer through its broker (remoting-protocol.md §2.7):
// an admin tool asks the broker, the broker asks the consumer with the same header (or its
// sibling), the consumer answers. RocketMQ's GetConsumerRunningInfoRequestHeader,
// ConsumeMessageDirectlyResultRequestHeader, GetConsumerStatusRequestHeader and
// ResetOffsetRequestHeader. admin encodes, the broker decodes and re-encodes, the client decodes.
//
// code                                 field          type     presence
// GET_CONSUMER_RUNNING_INFO 307        consumerGroup  string   NN
//   (admin → broker → client)          clientId       string   NN
//                                      jstackEnable   boolean  opt   default false
// CONSUME_MESSAGE_DIRECTLY 309         consumerGroup  string   NN
//   (admin → broker → client;          clientId       string   opt
//   to the client with the message     msgId          string   opt   the offsetMsgId
//   as body)                           brokerName     string   opt   set by the broker
//                                      topic          string   opt
//                                      topicSysFlag   int      opt   set by the broker
//                                      groupSysFlag   int      opt   set by the broker
// INVOKE_BROKER_TO_GET_CONSUMER_STATUS topic          string   NN
//   223 (admin → broker), and          group          string   NN
//   GET_CONSUMER_STATUS_FROM_CLIENT    clientAddr     string   opt   a clientId; blank: every one
//   221 (broker → client)
// INVOKE_BROKER_TO_RESET_OFFSET 222    topic          string   NN
//   (admin → broker), and              group          string   NN
//   RESET_CONSUMER_CLIENT_OFFSET 220   timestamp      long     NN    ms; -1: the queue's max offset
//   (broker → client, oneway, body     isForce        boolean  NN    false: only move backwards
//   ResetOffsetBody)                   queueId        int      opt   5.x, default -1
//                                      offset         long     opt   5.x: with queueId, exactly this
import { need, needInt, optBool, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

const blankless = (v: string | undefined): string | undefined => (v === "" ? undefined : v);

export interface ConsumerRunningInfoHeader {
  consumerGroup: string;
  clientId: string;
  jstackEnable: boolean;
}

export const encodeConsumerRunningInfoHeader = (h: ConsumerRunningInfoHeader): ExtFieldsInit =>
  ({ consumerGroup: h.consumerGroup, clientId: h.clientId, jstackEnable: h.jstackEnable });

export const decodeConsumerRunningInfoHeader = (ext: ExtFields): ConsumerRunningInfoHeader => ({
  consumerGroup: need(ext, "consumerGroup"),
  clientId: need(ext, "clientId"),
  jstackEnable: optBool(ext, "jstackEnable", false),
});

export interface ConsumeMessageDirectlyHeader {
  consumerGroup: string;
  clientId: string | undefined;
  msgId: string | undefined;
  brokerName: string | undefined;
  topic: string | undefined;
  topicSysFlag: number | undefined;
  groupSysFlag: number | undefined;
}

export const encodeConsumeMessageDirectlyHeader = (h: ConsumeMessageDirectlyHeader): ExtFieldsInit => ({
  consumerGroup: h.consumerGroup, clientId: h.clientId, msgId: h.msgId, brokerName: h.brokerName, topic: h.topic,
  topicSysFlag: h.topicSysFlag, groupSysFlag: h.groupSysFlag,
});

export function decodeConsumeMessageDirectlyHeader(ext: ExtFields): ConsumeMessageDirectlyHeader {
  const flag = (key: string) => (blankless(ext[key]) === undefined ? undefined : needInt(ext, key));
  return {
    consumerGroup: need(ext, "consumerGroup"),
    clientId: blankless(ext.clientId),
    msgId: blankless(ext.msgId),
    brokerName: blankless(ext.brokerName),
    topic: blankless(ext.topic),
    topicSysFlag: flag("topicSysFlag"),
    groupSysFlag: flag("groupSysFlag"),
  };
}

export interface ConsumerStatusHeader {
  topic: string;
  group: string;
  /** A clientId; undefined: every consumer of the group. */
  clientAddr: string | undefined;
}

export const encodeConsumerStatusHeader = (h: ConsumerStatusHeader): ExtFieldsInit =>
  ({ topic: h.topic, group: h.group, clientAddr: h.clientAddr });

export const decodeConsumerStatusHeader = (ext: ExtFields): ConsumerStatusHeader =>
  ({ topic: need(ext, "topic"), group: need(ext, "group"), clientAddr: blankless(ext.clientAddr) });

export interface ResetOffsetHeader {
  topic: string;
  group: string;
  timestamp: number;
  isForce: boolean;
  /** -1: every queue. */
  queueId: number;
  offset: number | undefined;
}

/** queueId is left out when -1 and offset when absent, as 4.x sends neither. */
export const encodeResetOffsetHeader = (h: ResetOffsetHeader): ExtFieldsInit => ({
  topic: h.topic, group: h.group, timestamp: h.timestamp, isForce: h.isForce,
  queueId: h.queueId === -1 ? undefined : h.queueId, offset: h.offset,
});

/** A missing isForce reads as true (mq's lenience; Java requires it). */
export const decodeResetOffsetHeader = (ext: ExtFields): ResetOffsetHeader => ({
  topic: need(ext, "topic"),
  group: need(ext, "group"),
  timestamp: needInt(ext, "timestamp"),
  isForce: optBool(ext, "isForce", true),
  queueId: optInt(ext, "queueId", -1),
  offset: blankless(ext.offset) === undefined ? undefined : needInt(ext, "offset"),
});
