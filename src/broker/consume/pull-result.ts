// Running a prepared pull against the store and turning the store's answer into a reply, as
// RocketMQ's PullMessageProcessor maps GetMessageStatus to response codes:
//
//   FOUND                                       SUCCESS (body = the records, concatenated)
//   NO_MATCHED_MESSAGE                          PULL_RETRY_IMMEDIATELY (nextBeginOffset moved past them)
//   NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE PULL_OFFSET_MOVED if the offset asked for is not 0,
//                                               else PULL_NOT_FOUND
//   OFFSET_FOUND_NULL, OFFSET_OVERFLOW_ONE      PULL_NOT_FOUND (held when the suspend flag allows)
//   OFFSET_OVERFLOW_BADLY, OFFSET_TOO_SMALL     PULL_OFFSET_MOVED (a slave answers
//                                               PULL_RETRY_IMMEDIATELY and keeps the offset)
//
// suggestWhichBrokerId, on every answer: with slaveReadEnable, a pull whose last record lies
// beyond the in-memory share (in-memory.ts) is sent to the group's whichBrokerWhenConsumeSlowly
// (1: the slave), any other pull to the group's brokerId (0: the master), so a consumer reads a
// backlog from the slave and comes back once it reads near the end; without it, the master.
import { encodePullResponseHeader, ResponseCode, RecordField, queueOffset, readInt64 } from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { GetResult, GetStatus } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { readsFromDisk } from "./in-memory.ts";
import type { PreparedPull } from "./pull-checks.ts";

/** MixAll.MASTER_ID. */
const MASTER_ID = 0;
/** SubscriptionGroupConfig's default whichBrokerWhenConsumeSlowly. */
const SLOW_BROKER_ID_DEFAULT = 1;

export interface PullOutcome {
  code: number;
  status: GetStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  records: Uint8Array[];
  /** The store's GetResult.release, for the reply to call once the records are written. */
  release?: () => void;
  suggestWhichBrokerId: number;
}

export function runPull(ctx: BrokerContext, pull: PreparedPull): PullOutcome {
  const { header } = pull;
  const { maxTransferCountOnMessageInMemory, maxTransferBytesOnMessageInMemory } = ctx.options;
  const maxCount = Math.max(1, Math.min(header.maxMsgNums, maxTransferCountOnMessageInMemory));
  const beginMs = performance.now();
  const result = ctx.store.getMessages(header.topic, header.queueId, queueOffset(header.queueOffset), maxCount, pull.filter);
  const { records, nextBeginOffset, bytes } = capBytes(result, maxTransferBytesOnMessageInMemory);
  if (records.length > 0) {
    const latencyMs = Math.round(performance.now() - beginMs);
    ctx.meters.messagesPulled(header.topic, header.consumerGroup, records.length, bytes, header.queueId, nextBeginOffset, latencyMs);
  }
  const outcome: PullOutcome = {
    code: codeOf(result.status, header.queueOffset),
    status: result.status,
    nextBeginOffset,
    minOffset: result.minOffset,
    maxOffset: result.maxOffset,
    records,
    suggestWhichBrokerId: suggestedBrokerId(ctx, header.consumerGroup, result.records),
  };
  if (result.release !== undefined) outcome.release = result.release;
  if (outcome.code === ResponseCode.PULL_OFFSET_MOVED) {
    if (ctx.options.brokerRole === "SLAVE") {
      outcome.code = ResponseCode.PULL_RETRY_IMMEDIATELY;
      outcome.nextBeginOffset = header.queueOffset;
    } else {
      ctx.log.info("pull offset moved", {
        group: header.consumerGroup,
        topic: header.topic,
        queueId: header.queueId,
        requestOffset: header.queueOffset,
        nextBeginOffset,
        status: result.status,
      });
    }
  }
  return outcome;
}

/** Where the consumer should pull this queue next (RocketMQ's PullMessageProcessor): see the top. */
function suggestedBrokerId(ctx: BrokerContext, group: string, records: Uint8Array[]): number {
  if (ctx.options.slaveReadEnable !== true) return MASTER_ID;
  const config = ctx.groups.get(group);
  const last = records[records.length - 1];
  const fromDisk = last !== undefined &&
    readsFromDisk(ctx, readInt64(new DataView(last.buffer, last.byteOffset, last.byteLength), RecordField.PHYSICAL_OFFSET));
  return fromDisk ? (config?.whichBrokerWhenConsumeSlowly ?? SLOW_BROKER_ID_DEFAULT) : (config?.brokerId ?? MASTER_ID);
}

function codeOf(status: GetStatus, requestOffset: number): number {
  switch (status) {
    case "FOUND":
      return ResponseCode.SUCCESS;
    case "NO_MATCHED_MESSAGE":
      return ResponseCode.PULL_RETRY_IMMEDIATELY;
    case "NO_MESSAGE_IN_QUEUE":
    case "NO_MATCHED_LOGIC_QUEUE":
      return requestOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
    case "OFFSET_FOUND_NULL":
    case "OFFSET_OVERFLOW_ONE":
      return ResponseCode.PULL_NOT_FOUND;
    case "OFFSET_OVERFLOW_BADLY":
    case "OFFSET_TOO_SMALL":
      return ResponseCode.PULL_OFFSET_MOVED;
  }
}

/** Keeps records while they fit in maxBytes (at least one); the next pull starts at the first left
 *  out. bytes: the size of the records kept. */
function capBytes(result: GetResult, maxBytes: number): { records: Uint8Array[]; nextBeginOffset: number; bytes: number } {
  let total = 0;
  for (let i = 0; i < result.records.length; i++) {
    const record = result.records[i] as Uint8Array;
    if (total + record.length > maxBytes && i > 0) {
      const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
      return { records: result.records.slice(0, i), nextBeginOffset: readInt64(view, RecordField.QUEUE_OFFSET), bytes: total };
    }
    total += record.length;
  }
  return { records: result.records, nextBeginOffset: result.nextBeginOffset, bytes: total };
}

export function pullReply(outcome: PullOutcome): RemotingCommand {
  const extFields = encodePullResponseHeader({
    suggestWhichBrokerId: outcome.suggestWhichBrokerId,
    nextBeginOffset: outcome.nextBeginOffset,
    minOffset: outcome.minOffset,
    maxOffset: outcome.maxOffset,
  });
  if (outcome.code !== ResponseCode.SUCCESS) {
    outcome.release?.();
    return reply(outcome.code, { extFields, remark: outcome.status });
  }
  const body = concat(outcome.records);
  const res = reply(outcome.code, { extFields, remark: outcome.status, body });
  // The store's read buffer is this pull's alone, and free before its records (GetResult): the
  // frame is written in front of them and goes out as it is, and the buffer goes back to the
  // store's pool once written. A copy (concat) is fresh, and the records are no longer needed.
  res.bodyHeadroom = body.byteOffset;
  if (body.buffer === outcome.records[0]?.buffer) {
    if (outcome.release !== undefined) res.bodyRelease = outcome.release;
  } else {
    outcome.release?.();
  }
  return res;
}

/** The records back to back: a view when they already lie so in one buffer (the store reads a
 *  pull's records into one), else a fresh copy. */
function concat(records: Uint8Array[]): Uint8Array {
  const first = records[0];
  let size = 0;
  let adjacent = first !== undefined;
  for (const record of records) {
    if (adjacent && (record.buffer !== first?.buffer || record.byteOffset !== first.byteOffset + size)) adjacent = false;
    size += record.length;
  }
  if (adjacent && first) return new Uint8Array(first.buffer, first.byteOffset, size);
  const body = new Uint8Array(size);
  let at = 0;
  for (const record of records) {
    body.set(record, at);
    at += record.length;
  }
  return body;
}
