// INVOKE_BROKER_TO_RESET_OFFSET (222): move a consumer group's offsets on one topic to a point in
// time (mqadmin resetOffsetByTime). Request header (ResetOffsetRequestHeader):
//   topic       string   yes
//   group       string   yes
//   timestamp   long     yes   ms; -1 = the queue's max offset (skip everything)
//   isForce     boolean  yes   false: only move a queue backwards (never skip unconsumed messages)
//   queueId     int      no    5.x: with offset, reset this one queue to exactly `offset`
//   offset      long     no
// For each write queue (as RocketMQ) the broker computes the offset by store time, stores it as
// the group's committed offset, and sends RESET_CONSUMER_CLIENT_OFFSET (220, oneway; header topic,
// group, timestamp, isForce; body ResetOffsetBody) to every live consumer of the group.
// Reply: SUCCESS with body ResetOffsetBody. Unlike RocketMQ, an offline group is reset too
// (RocketMQ answers CONSUMER_NOT_ONLINE and mqadmin falls back to the old way); so is a queue the
// group never committed on.
//
// ResetOffsetBody, fastjson's MessageQueue-key form (remoting-protocol.md §4.8):
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:17,...}}
import {
  BrokerError,
  decodeResetOffsetHeader,
  encodeResetOffsetHeader,
  queueOffset,
  RequestCode,
  ResponseCode,
  stringifyFastjson,
  utf8,
  type JsonMap,
  type ResetOffsetHeader,
  type MessageQueue,
} from "../../common/index.ts";
import { reply, request, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export function encodeResetOffsetBody(offsets: ReadonlyArray<readonly [MessageQueue, number]>): Uint8Array {
  const offsetTable: JsonMap = new Map();
  for (const [mq, offset] of offsets) offsetTable.set({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic }, offset);
  return utf8(stringifyFastjson({ offsetTable }, { quoteNumericKeys: false }));
}


/** The new offset of each queue; a queue not moved keeps the committed one. */
function computeOffsets(ctx: BrokerContext, r: ResetOffsetHeader, queueNums: number): Array<[MessageQueue, number]> {
  const out: Array<[MessageQueue, number]> = [];
  for (let queueId = 0; queueId < queueNums; queueId++) {
    if (r.queueId >= 0 && r.offset !== undefined && queueId !== r.queueId) continue;
    const mq = { topic: r.topic, brokerName: ctx.options.brokerName, queueId };
    const committed = ctx.store.meta.consumerOffsets.query(r.group, r.topic, queueId);
    let target: number;
    if (r.offset !== undefined && r.queueId >= 0) target = r.offset;
    else if (r.timestamp === -1) target = ctx.store.maxOffset(r.topic, queueId);
    else target = ctx.store.offsetByTime(r.topic, queueId, r.timestamp);
    target = Math.min(Math.max(target, ctx.store.minOffset(r.topic, queueId)), ctx.store.maxOffset(r.topic, queueId));
    out.push([mq, committed === undefined || r.isForce || target < committed ? target : committed]);
  }
  return out;
}

export function resetOffset(ctx: BrokerContext): Handler {
  return (req) => {
    const r = decodeResetOffsetHeader(req.extFields);
    const config = ctx.topics.get(r.topic);
    if (config === undefined) {
      throw new BrokerError(ResponseCode.SYSTEM_ERROR, `[reset-offset] reset offset failed, no topic in this broker. topic=${r.topic}`);
    }
    const offsets = computeOffsets(ctx, r, config.writeQueueNums);
    for (const [mq, offset] of offsets) ctx.store.meta.consumerOffsets.commit(r.group, r.topic, mq.queueId, queueOffset(offset));
    const body = encodeResetOffsetBody(offsets);
    const consumers = [...(ctx.clients.consumerGroup(r.group)?.channels.values() ?? [])];
    for (const channel of consumers) {
      if (channel.connection.closed) continue;
      const ext = encodeResetOffsetHeader({ topic: r.topic, group: r.group, timestamp: r.timestamp, isForce: r.isForce, queueId: -1, offset: undefined });
      try {
        channel.connection.invokeOneway(request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, ext, body));
      } catch (e) {
        ctx.log.warn("could not tell a consumer to reset its offset", { group: r.group, client: channel.clientId, error: String(e) });
      }
    }
    ctx.log.info("consumer offsets reset by admin", { group: r.group, topic: r.topic, timestamp: r.timestamp, consumersTold: consumers.length });
    return reply(ResponseCode.SUCCESS, { body });
  };
}

export const resetOffsetCodes = {
  mutating: [[RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, resetOffset]],
} as const;
