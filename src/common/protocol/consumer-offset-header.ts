// QUERY_CONSUMER_OFFSET (14) and UPDATE_CONSUMER_OFFSET (15) headers (remoting-protocol.md §2.4):
// the one codec. The client encodes them (src/client/broker-api.ts), the broker decodes them
// (src/broker/consume/offset-handlers.ts).
//
// QueryConsumerOffsetRequestHeader (14):
//   field              type     presence
//   consumerGroup      string   NN
//   topic              string   NN
//   queueId            int      NN
//   setZeroIfNotFound  boolean  opt   5.x; absent or anything but "false" means true
// response: offset (long), on SUCCESS; QUERY_NOT_FOUND without it.
//
// UpdateConsumerOffsetRequestHeader (15), usually oneway:
//   consumerGroup      string   NN
//   topic              string   NN
//   queueId            int      NN
//   commitOffset       long     NN    ali-ons commits an offset of 0 as -1
// response: no header.
import { need, needInt, type ExtFields } from "./header-fields.ts";

export interface ConsumerQueueRef {
  consumerGroup: string;
  topic: string;
  queueId: number;
}

export interface QueryConsumerOffsetHeader extends ConsumerQueueRef {
  setZeroIfNotFound: boolean;
}

export interface UpdateConsumerOffsetHeader extends ConsumerQueueRef {
  commitOffset: number;
}

/** setZeroIfNotFound is left out when true (4.x clients never send it). */
export function encodeQueryConsumerOffsetHeader(h: QueryConsumerOffsetHeader): ExtFields {
  const out: ExtFields = { consumerGroup: h.consumerGroup, topic: h.topic, queueId: String(h.queueId) };
  if (!h.setZeroIfNotFound) out.setZeroIfNotFound = "false";
  return out;
}

export const decodeQueryConsumerOffsetHeader = (ext: ExtFields): QueryConsumerOffsetHeader => ({
  consumerGroup: need(ext, "consumerGroup"),
  topic: need(ext, "topic"),
  queueId: needInt(ext, "queueId"),
  setZeroIfNotFound: ext.setZeroIfNotFound !== "false",
});

export const encodeUpdateConsumerOffsetHeader = (h: UpdateConsumerOffsetHeader): ExtFields => ({
  consumerGroup: h.consumerGroup,
  topic: h.topic,
  queueId: String(h.queueId),
  commitOffset: String(h.commitOffset),
});

export const decodeUpdateConsumerOffsetHeader = (ext: ExtFields): UpdateConsumerOffsetHeader => ({
  consumerGroup: need(ext, "consumerGroup"),
  topic: need(ext, "topic"),
  queueId: needInt(ext, "queueId"),
  commitOffset: needInt(ext, "commitOffset"),
});

/** The `offset` reply header of 14 (and of 29, 30, 31). */
export const encodeOffsetResponseHeader = (offset: number): ExtFields => ({ offset: String(offset) });

/** The offset a reply carries, or fallback when it has none. */
export const decodeOffsetResponseHeader = (ext: ExtFields, fallback: number): number =>
  ext.offset === undefined ? fallback : Number(ext.offset);
