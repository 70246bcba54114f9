// Headers of the message lookups an admin tool makes: RocketMQ's QueryMessageRequestHeader (with
// its QueryMessageResponseHeader), ViewMessageRequestHeader and QueryConsumeQueueRequestHeader.
// admin encodes them (src/admin/message-query.ts, maintenance.ts), the broker decodes them
// (src/broker/query/query-message.ts, src/broker/admin/maintenance.ts).
//
// code                      field                     type     presence
// QUERY_MESSAGE 12          topic                     string   NN
//                           key                       string   NN    a KEYS entry, or a UNIQ_KEY
//                           maxNum                    int      NN
//                           beginTimestamp            long     NN    ms
//                           endTimestamp              long     NN    ms
//                           _UNIQUE_KEY_QUERY         boolean  opt   "true": key is a UNIQ_KEY (an
//                                                                    extra field; the tools always send it)
//                           indexType                 string   opt   5.5: "K" (keys) or "U" (mq ignores it)
//   response                indexLastUpdateTimestamp  long
//                           indexLastUpdatePhyoffset  long
// VIEW_MESSAGE_BY_ID 33     topic                     string   opt   5.x
//                           offset                    long     NN    the physical offset
// QUERY_CONSUME_QUEUE 321   topic                     string   NN
//                           queueId                   int      NN
//                           index                     long     NN    first queue offset wanted
//                           count                     int      opt   default 10
//                           consumerGroup             string   opt
import { need, needInt, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export const UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

export interface QueryMessageHeader {
  topic: string;
  key: string;
  maxNum: number;
  beginTimestamp: number;
  endTimestamp: number;
  uniqueKeyQuery: boolean;
}

export const encodeQueryMessageHeader = (h: QueryMessageHeader): ExtFieldsInit => ({
  topic: h.topic, key: h.key, maxNum: h.maxNum, beginTimestamp: h.beginTimestamp, endTimestamp: h.endTimestamp,
  [UNIQUE_KEY_QUERY]: h.uniqueKeyQuery,
});

export const decodeQueryMessageHeader = (ext: ExtFields): QueryMessageHeader => ({
  topic: need(ext, "topic"),
  key: need(ext, "key"),
  maxNum: needInt(ext, "maxNum"),
  beginTimestamp: needInt(ext, "beginTimestamp"),
  endTimestamp: needInt(ext, "endTimestamp"),
  uniqueKeyQuery: ext[UNIQUE_KEY_QUERY] === "true",
});

export interface QueryMessageResponseHeader {
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

export const encodeQueryMessageResponseHeader = (h: QueryMessageResponseHeader): ExtFieldsInit =>
  ({ indexLastUpdateTimestamp: h.indexLastUpdateTimestamp, indexLastUpdatePhyoffset: h.indexLastUpdatePhyoffset });

export const decodeQueryMessageResponseHeader = (ext: ExtFields): QueryMessageResponseHeader => ({
  indexLastUpdateTimestamp: Number(ext.indexLastUpdateTimestamp ?? 0),
  indexLastUpdatePhyoffset: Number(ext.indexLastUpdatePhyoffset ?? 0),
});

export interface ViewMessageHeader {
  topic: string | undefined;
  offset: number;
}

export const encodeViewMessageHeader = (h: ViewMessageHeader): ExtFieldsInit => ({ topic: h.topic, offset: h.offset });

export const decodeViewMessageHeader = (ext: ExtFields): ViewMessageHeader =>
  ({ topic: ext.topic || undefined, offset: needInt(ext, "offset") });

export interface QueryConsumeQueueHeader {
  topic: string;
  queueId: number;
  index: number;
  count: number;
  consumerGroup: string | undefined;
}

export const encodeQueryConsumeQueueHeader = (h: QueryConsumeQueueHeader): ExtFieldsInit =>
  ({ topic: h.topic, queueId: h.queueId, index: h.index, count: h.count, consumerGroup: h.consumerGroup });

export const decodeQueryConsumeQueueHeader = (ext: ExtFields): QueryConsumeQueueHeader => ({
  topic: need(ext, "topic"),
  queueId: needInt(ext, "queueId"),
  index: needInt(ext, "index"),
  count: optInt(ext, "count", 10),
  consumerGroup: ext.consumerGroup || undefined,
});
