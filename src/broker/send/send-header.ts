// The send request headers, decoded into one shape.
//
// SEND_MESSAGE (10), SendMessageRequestHeader (long names):
//   field                  type     required
//   producerGroup          string   yes
//   topic                  string   yes
//   defaultTopic           string   yes   auto-create template, normally "TBW102"
//   defaultTopicQueueNums  int      yes   client default 4
//   queueId                int      yes   negative: the broker picks a queue
//   sysFlag                int      yes   MessageSysFlag bits
//   bornTimestamp          long     yes   ms
//   flag                   int      yes   user flag
//   properties             string   no    name\u0001value\u0002...
//   reconsumeTimes         int      no    for %RETRY% topics
//   unitMode               boolean  no
//   batch                  boolean  no
//   maxReconsumeTimes      int      no    for %RETRY% topics
//
// SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), SendMessageRequestHeaderV2 (one letter each):
//   a producerGroup  b topic  c defaultTopic  d defaultTopicQueueNums  e queueId  f sysFlag
//   g bornTimestamp  h flag  i properties  j reconsumeTimes  k unitMode  l maxReconsumeTimes
//   m batch  n brokerName (4.9.5+, ignored)
//
// Values arrive as strings; ali-ons sends JSON numbers and booleans, which the codec has already
// turned into their text ("0", "false").
import { need, needInt, optBool, optInt, type ExtFields } from "../../common/index.ts";

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
  };
}

export const decodeSendHeaderV1 = (ext: ExtFields): SendHeader => decode(ext, V1_NAMES);
export const decodeSendHeaderV2 = (ext: ExtFields): SendHeader => decode(ext, V2_NAMES);

/** The V2 extFields for a header (clients and tests build requests with it). */
export function encodeSendHeaderV2(h: SendHeader): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const key of Object.keys(V2_NAMES) as Array<keyof SendHeader>) out[V2_NAMES[key]] = h[key];
  return out;
}
