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
// Response header (RecallMessageResponseHeader): msgId, the recalled message's UNIQ_KEY (and
// MSG_REGION, as every 5.x reply from a region-aware broker carries it).
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

export interface RecallMessageResponseHeader {
  msgId: string;
  regionId: string | undefined;
}

export const encodeRecallMessageResponseHeader = (h: RecallMessageResponseHeader): ExtFieldsInit => ({ msgId: h.msgId, MSG_REGION: h.regionId });

export const decodeRecallMessageResponseHeader = (ext: ExtFields): RecallMessageResponseHeader => ({ msgId: need(ext, "msgId"), regionId: ext.MSG_REGION });
