// Headers of the per-queue offset lookups, RocketMQ's TopicQueueRequestHeader family:
// GetMaxOffsetRequestHeader, GetMinOffsetRequestHeader, GetEarliestMsgStoretimeRequestHeader and
// SearchOffsetRequestHeader. The client and admin encode them (src/client/broker-api.ts,
// src/admin), the broker decodes them (src/broker/consume/offset-handlers.ts).
//
// code                              field         type     presence
// GET_MAX_OFFSET 30                 topic         string   NN
//                                   queueId       int      NN
//                                   committed     boolean  opt   5.x, default true (mq: the same)
// GET_MIN_OFFSET 31                 topic queueId, as above
// GET_EARLIEST_MSG_STORETIME 32     topic queueId, as above
// SEARCH_OFFSET_BY_TIMESTAMP 29     topic queueId, as above, and
//                                   timestamp     long     NN    ms
//                                   boundaryType  string   opt   5.x: LOWER (default) | UPPER
// replies: offset (29, 30, 31: consumer-offset-header.ts's offset reply), timestamp (32).
import { need, needInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface TopicQueueHeader {
  topic: string;
  queueId: number;
}

export interface SearchOffsetHeader extends TopicQueueHeader {
  timestamp: number;
  boundaryType: "LOWER" | "UPPER" | undefined;
}

/** The header of GET_MAX_OFFSET, GET_MIN_OFFSET and GET_EARLIEST_MSG_STORETIME. */
export const encodeTopicQueueHeader = (h: TopicQueueHeader): ExtFieldsInit => ({ topic: h.topic, queueId: h.queueId });

export const decodeTopicQueueHeader = (ext: ExtFields): TopicQueueHeader => ({ topic: need(ext, "topic"), queueId: needInt(ext, "queueId") });

export const encodeSearchOffsetHeader = (h: SearchOffsetHeader): ExtFieldsInit =>
  ({ topic: h.topic, queueId: h.queueId, timestamp: h.timestamp, boundaryType: h.boundaryType });

export function decodeSearchOffsetHeader(ext: ExtFields): SearchOffsetHeader {
  const boundary = ext.boundaryType?.toUpperCase();
  return {
    ...decodeTopicQueueHeader(ext),
    timestamp: needInt(ext, "timestamp"),
    boundaryType: boundary === "LOWER" || boundary === "UPPER" ? boundary : undefined,
  };
}

/** GET_EARLIEST_MSG_STORETIME's reply: timestamp, -1 when the queue is empty. */
export const encodeEarliestStoreTimeResponse = (timestamp: number): ExtFieldsInit => ({ timestamp });

export const decodeEarliestStoreTimeResponse = (ext: ExtFields): number => Number(ext.timestamp ?? -1);
