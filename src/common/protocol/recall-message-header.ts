// RECALL_MESSAGE (370, RocketMQ 5.3.2) request header, RecallMessageRequestHeader: cancels a timer
// message not yet delivered. The broker reads it with decodeRecallMessageHeader; a client that
// recalls encodes it with recallMessageExtFields.
//
//   field          type    presence  meaning
//   producerGroup  string  opt       the recalling producer's group (logged only)
//   topic          string  NN        the timer message's real topic
//   recallHandle   string  NN        the send reply's recallHandle
//   bname          string  opt       RpcRequestHeader: the broker it is meant for
//
// Response header (RecallMessageResponseHeader): msgId, the recalled message's UNIQ_KEY.
import { need, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface RecallMessageRequestHeader {
  producerGroup: string | undefined;
  topic: string;
  recallHandle: string;
  brokerName: string | undefined;
}

export function decodeRecallMessageHeader(ext: ExtFields): RecallMessageRequestHeader {
  return {
    producerGroup: ext.producerGroup || undefined,
    topic: need(ext, "topic"),
    recallHandle: need(ext, "recallHandle"),
    brokerName: ext.bname || undefined,
  };
}

export function recallMessageExtFields(h: RecallMessageRequestHeader): ExtFieldsInit {
  return { producerGroup: h.producerGroup, topic: h.topic, recallHandle: h.recallHandle, bname: h.brokerName };
}
