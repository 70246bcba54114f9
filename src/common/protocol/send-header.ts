// The send request headers (remoting-protocol.md §2.3): the one codec. The client encodes with
// sendMessageV2ExtFields / sendBatchV2ExtFields; the broker decodes all three codes into one
// SendHeader with decodeSendHeaderV1 / decodeSendHeaderV2.
//
// SEND_MESSAGE (10), SendMessageRequestHeader (long names):
//   field                  type     presence
//   producerGroup          string   NN
//   topic                  string   NN
//   defaultTopic           string   NN    auto-create template, normally "TBW102"
//   defaultTopicQueueNums  int      NN    client default 4
//   queueId                int      NN    negative: the broker picks a queue
//   sysFlag                int      NN    MessageSysFlag bits
//   bornTimestamp          long     NN    ms
//   flag                   int      NN    user flag
//   properties             string   opt   name\u0001value\u0002...
//   reconsumeTimes         int      opt   for %RETRY% topics
//   unitMode               boolean  opt
//   batch                  boolean  opt
//   maxReconsumeTimes      int      opt   for %RETRY% topics
//   brokerName             string   opt   4.9.5+; read, not used
//
// SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), SendMessageRequestHeaderV2 (one letter
// each, the same fields in this order):
//   a producerGroup  b topic  c defaultTopic  d defaultTopicQueueNums  e queueId  f sysFlag
//   g bornTimestamp  h flag  i properties  j reconsumeTimes  k unitMode  l maxReconsumeTimes
//   m batch  n brokerName
//
// Values arrive as strings; ali-ons sends JSON numbers and booleans, which the frame codec has
// already turned into their text ("0", "false").
import { need, needInt, optBool, optInt, type ExtFields } from "./header-fields.ts";

export interface SendHeader {
  producerGroup: string;
  topic: string;
  defaultTopic: string;
  defaultTopicQueueNums: number;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  flag: number;
  properties: string;
  reconsumeTimes: number;
  unitMode: boolean;
  batch: boolean;
  maxReconsumeTimes: number | undefined;
  brokerName?: string | undefined;
}

type FieldNames = Record<keyof SendHeader, string>;

const V1_NAMES: FieldNames = {
  producerGroup: "producerGroup",
  topic: "topic",
  defaultTopic: "defaultTopic",
  defaultTopicQueueNums: "defaultTopicQueueNums",
  queueId: "queueId",
  sysFlag: "sysFlag",
  bornTimestamp: "bornTimestamp",
  flag: "flag",
  properties: "properties",
  reconsumeTimes: "reconsumeTimes",
  unitMode: "unitMode",
  batch: "batch",
  maxReconsumeTimes: "maxReconsumeTimes",
  brokerName: "brokerName",
};

const V2_NAMES: FieldNames = {
  producerGroup: "a",
  topic: "b",
  defaultTopic: "c",
  defaultTopicQueueNums: "d",
  queueId: "e",
  sysFlag: "f",
  bornTimestamp: "g",
  flag: "h",
  properties: "i",
  reconsumeTimes: "j",
  unitMode: "k",
  maxReconsumeTimes: "l",
  batch: "m",
  brokerName: "n",
};

function decode(ext: ExtFields, n: FieldNames): SendHeader {
  const maxReconsume = ext[n.maxReconsumeTimes];
  return {
    producerGroup: need(ext, n.producerGroup),
    topic: need(ext, n.topic),
    defaultTopic: need(ext, n.defaultTopic),
    defaultTopicQueueNums: needInt(ext, n.defaultTopicQueueNums),
    queueId: needInt(ext, n.queueId),
    sysFlag: needInt(ext, n.sysFlag),
    bornTimestamp: needInt(ext, n.bornTimestamp),
    flag: needInt(ext, n.flag),
    properties: ext[n.properties] ?? "",
    reconsumeTimes: optInt(ext, n.reconsumeTimes, 0),
    unitMode: optBool(ext, n.unitMode, false),
    batch: optBool(ext, n.batch, false),
    maxReconsumeTimes: maxReconsume === undefined || maxReconsume === "" ? undefined : needInt(ext, n.maxReconsumeTimes),
    brokerName: ext[n.brokerName],
  };
}

export const decodeSendHeaderV1 = (ext: ExtFields): SendHeader => decode(ext, V1_NAMES);
export const decodeSendHeaderV2 = (ext: ExtFields): SendHeader => decode(ext, V2_NAMES);

/**
 * The V2 extFields of a header, as Java's client writes them: every value a string, in a..n
 * order, maxReconsumeTimes and brokerName left out when undefined. Built field by field: it runs
 * once per message sent.
 */
export function encodeSendHeaderV2(h: SendHeader): ExtFields {
  const out: ExtFields = {
    a: h.producerGroup,
    b: h.topic,
    c: h.defaultTopic,
    d: String(h.defaultTopicQueueNums),
    e: String(h.queueId),
    f: String(h.sysFlag),
    g: String(h.bornTimestamp),
    h: String(h.flag),
    i: h.properties,
    j: String(h.reconsumeTimes),
    k: h.unitMode ? "true" : "false",
  };
  if (h.maxReconsumeTimes !== undefined) out.l = String(h.maxReconsumeTimes);
  out.m = h.batch ? "true" : "false";
  if (h.brokerName !== undefined) out.n = h.brokerName;
  return out;
}

/** The V1 extFields of a header (SEND_MESSAGE 10, as 4.x clients before V2 and admin tools send it). */
export function encodeSendHeaderV1(h: SendHeader): ExtFields {
  const v2 = encodeSendHeaderV2(h);
  const out: ExtFields = {};
  for (const key of Object.keys(V2_NAMES) as Array<keyof SendHeader>) {
    const value = v2[V2_NAMES[key]];
    if (value !== undefined) out[V1_NAMES[key]] = value;
  }
  return out;
}
