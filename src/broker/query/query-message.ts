// QUERY_MESSAGE (12) and VIEW_MESSAGE_BY_ID (33) (remoting-protocol.md §2.5, broker-internals.md §3).
//
// QUERY_MESSAGE request header (QueryMessageRequestHeader), all required:
//   topic, key, maxNum (int), beginTimestamp (ms), endTimestamp (ms)
//   extField _UNIQUE_KEY_QUERY="true": the key is a UNIQ_KEY (maxNum is then defaultQueryMaxNum, 32)
// Reply: SUCCESS, header indexLastUpdateTimestamp (store time of the newest hit) and
// indexLastUpdatePhyoffset (commitlog max offset), body = the stored records concatenated;
// else QUERY_NOT_FOUND. Like RocketMQ's index, hits may include hash collisions for other keys
// (the store matches KEYS words and UNIQ_KEY alike): clients filter again.
//
// VIEW_MESSAGE_BY_ID request header: offset (long, the physical offset decoded from an
// offsetMsgId; 5.x also sends topic, ignored). Reply: SUCCESS, body = that one record; else
// SYSTEM_ERROR "can not find message by the offset, N".
import {
  BrokerError,
  decodeQueryMessageHeader,
  decodeRecord,
  decodeViewMessageHeader,
  encodeQueryMessageResponseHeader,
  physicalOffset,
  RequestCode,
  ResponseCode,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

/** RocketMQ's maxMsgsNumBatch: a key query returns at most this many messages. */
export const QUERY_MAX_NUM = 64;
/** RocketMQ's defaultQueryMaxNum, used for unique-key queries. */
export const UNIQUE_QUERY_MAX_NUM = 32;
export { UNIQUE_KEY_QUERY } from "../../common/index.ts";

export function queryMessage(ctx: BrokerContext): Handler {
  return (req) => {
    const h = decodeQueryMessageHeader(req.extFields);
    const maxNum = h.uniqueKeyQuery ? UNIQUE_QUERY_MAX_NUM : Math.min(Math.max(1, h.maxNum), QUERY_MAX_NUM);
    const records = ctx.store.queryByKey(h.topic, h.key, maxNum, h.beginTimestamp, h.endTimestamp);
    if (records.length === 0) {
      return reply(ResponseCode.QUERY_NOT_FOUND, { remark: "can not find message, maybe time range not correct" });
    }
    const newest = Math.max(...records.map((r) => decodeRecord(r).storeTimestamp));
    return reply(ResponseCode.SUCCESS, {
      extFields: encodeQueryMessageResponseHeader({ indexLastUpdateTimestamp: newest, indexLastUpdatePhyoffset: ctx.store.maxPhysicalOffset() }),
      body: concatBytes(records),
    });
  };
}

export function viewMessageById(ctx: BrokerContext): Handler {
  return (req) => {
    const { offset } = decodeViewMessageHeader(req.extFields);
    const record = offset >= 0 ? ctx.store.recordAt(physicalOffset(offset)) : undefined;
    if (record === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${offset}`);
    return reply(ResponseCode.SUCCESS, { body: record });
  };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const queryCodes = [
  [RequestCode.QUERY_MESSAGE, queryMessage],
  [RequestCode.VIEW_MESSAGE_BY_ID, viewMessageById],
] as const;
