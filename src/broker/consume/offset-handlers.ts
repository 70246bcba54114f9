// Consumer offsets and queue bounds (remoting-protocol.md §2.4, §2.5). Request headers:
//
//   QUERY_CONSUMER_OFFSET (14)       } their codec: src/common/protocol/consumer-offset-header.ts
//   UPDATE_CONSUMER_OFFSET (15)      }
//   SEARCH_OFFSET_BY_TIMESTAMP (29)  } topic, queueId (, timestamp): queue-offset-headers.ts
//   GET_MAX_OFFSET (30)              }
//   GET_MIN_OFFSET (31)              }
//   GET_EARLIEST_MSG_STORETIME (32)  }
//   GET_ALL_CONSUMER_OFFSET (43)     none
//
// Replies carry header `offset` (14, 29, 30, 31) or `timestamp` (32), as strings. 43 answers
// {"offsetTable":{"topic@group":{0:123,1:456}}} with fastjson's unquoted integer keys.
import {
  decodeQueryConsumerOffsetHeader,
  decodeSearchOffsetHeader,
  decodeTopicQueueHeader,
  decodeUpdateConsumerOffsetHeader,
  encodeEarliestStoreTimeResponse,
  encodeOffsetResponseHeader,
  RecordField,
  RequestCode,
  ResponseCode,
  queueOffset,
  readInt64,
  stringifyFastjson,
  utf8,
  type ExtFields,
  type JsonMap,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { readsFromDisk } from "./in-memory.ts";

export function offsetHandlers(ctx: BrokerContext): Array<[number, Handler]> {
  const { store } = ctx;
  const queueOf = (ext: ExtFields): [string, number] => {
    const q = decodeTopicQueueHeader(ext);
    return [q.topic, q.queueId];
  };
  const offsetReply = (offset: number) => reply(ResponseCode.SUCCESS, { extFields: encodeOffsetResponseHeader(offset) });
  return [
    [RequestCode.QUERY_CONSUMER_OFFSET, (req) => queryConsumerOffset(ctx, req.extFields)],
    [RequestCode.UPDATE_CONSUMER_OFFSET, (req) => updateConsumerOffset(ctx, req.extFields)],
    [RequestCode.GET_MAX_OFFSET, (req) => offsetReply(store.maxOffset(...queueOf(req.extFields)))],
    [RequestCode.GET_MIN_OFFSET, (req) => offsetReply(store.minOffset(...queueOf(req.extFields)))],
    [
      RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
      (req) => {
        const h = decodeSearchOffsetHeader(req.extFields);
        return offsetReply(store.offsetByTime(h.topic, h.queueId, h.timestamp));
      },
    ],
    [
      RequestCode.GET_EARLIEST_MSG_STORETIME,
      (req) => {
        const timestamp = store.earliestMessageTime(...queueOf(req.extFields)) ?? -1;
        return reply(ResponseCode.SUCCESS, { extFields: encodeEarliestStoreTimeResponse(timestamp) });
      },
    ],
    [RequestCode.GET_ALL_CONSUMER_OFFSET, () => reply(ResponseCode.SUCCESS, { body: allConsumerOffsets(ctx) })],
  ];
}

/** A stored offset; else 0 while the queue still starts at 0 with its first message in memory
 *  (so a new group reads a young queue from the start, as RocketMQ 4.x); else QUERY_NOT_FOUND. */
function queryConsumerOffset(ctx: BrokerContext, ext: ExtFields) {
  const { consumerGroup, topic, queueId, setZeroIfNotFound } = decodeQueryConsumerOffsetHeader(ext);
  const stored = ctx.store.meta.consumerOffsets.query(consumerGroup, topic, queueId);
  if (stored !== undefined && stored >= 0) return reply(ResponseCode.SUCCESS, { extFields: encodeOffsetResponseHeader(stored) });
  if (setZeroIfNotFound && ctx.store.minOffset(topic, queueId) <= 0 && !firstMessageOnDisk(ctx, topic, queueId)) {
    return reply(ResponseCode.SUCCESS, { extFields: encodeOffsetResponseHeader(0) });
  }
  return reply(ResponseCode.QUERY_NOT_FOUND, { remark: "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first" });
}

/** RocketMQ's checkInDiskByConsumeOffset(topic, queueId, 0): false for an empty queue. */
function firstMessageOnDisk(ctx: BrokerContext, topic: string, queueId: number): boolean {
  const first = ctx.store.getMessages(topic, queueId, queueOffset(0), 1).records[0];
  if (first === undefined) return false;
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  return readsFromDisk(ctx, readInt64(view, RecordField.PHYSICAL_OFFSET));
}

/** Negative offsets are ignored: ali-ons commits an offset of 0 as -1. */
function updateConsumerOffset(ctx: BrokerContext, ext: ExtFields) {
  const h = decodeUpdateConsumerOffsetHeader(ext);
  if (h.commitOffset >= 0) ctx.store.meta.consumerOffsets.commit(h.consumerGroup, h.topic, h.queueId, queueOffset(h.commitOffset));
  return reply(ResponseCode.SUCCESS);
}

function allConsumerOffsets(ctx: BrokerContext): Uint8Array {
  const offsetTable: Record<string, JsonMap> = {};
  for (const entry of ctx.store.meta.consumerOffsets.all()) {
    const key = `${entry.topic}@${entry.group}`;
    const queues = (offsetTable[key] ??= new Map());
    queues.set(entry.queueId, entry.offset);
  }
  return utf8(stringifyFastjson({ offsetTable }, { quoteNumericKeys: false }));
}
