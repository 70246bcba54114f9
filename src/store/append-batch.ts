// The batch writer: every put that arrived in the same tick is laid out in one buffer and
// handed to the OS in one write (two when the batch meets the end of a segment: the records
// that fit, the blank record, then the rest at the next segment's start).
// Queue offsets and store timestamps are assigned here, in commitlog order.

import { MessageSysFlag, offsetMsgId, writeRecord, type HostAddress } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";
import { entersConsumeQueue, type DispatchRequest } from "./dispatch.ts";
import type { PreparedMessage } from "./put-request.ts";
import type { QueueTable } from "./queue-table.ts";

export interface PendingPut {
  messages: PreparedMessage[];
  size: number;
  /** Filled in by writeBatch. */
  physicalOffset: number;
  queueOffset: number;
  storeTimestamp: number;
  end: number;
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
  view: DataView;
}

function newChunk(start: number, capacity: number): Chunk {
  const bytes = new Uint8Array(capacity);
  return { start, bytes, view: new DataView(bytes.buffer) };
}

/** Lays out and writes puts; returns their dispatch requests in commitlog order. Throws when
 *  the write fails (the caller makes the failure sticky). */
export function writeBatch(
  log: CommitLog,
  queues: QueueTable,
  puts: readonly PendingPut[],
  storeTimestamp: number,
  storeHost: HostAddress,
): DispatchRequest[] {
  let remaining = puts.reduce((sum, put) => sum + put.size, 0);
  let cursor = log.writeOffset;
  let chunk = newChunk(cursor, remaining);
  const requests: DispatchRequest[] = [];
  for (const put of puts) {
    const at = log.placeAt(cursor, put.size);
    if (at !== cursor) {
      log.write(chunk.start, chunk.bytes.subarray(0, cursor - chunk.start));
      log.writeBlank(cursor);
      cursor = at;
      chunk = newChunk(cursor, remaining);
    }
    const first = put.messages[0] as PreparedMessage;
    const countsInQueue = entersConsumeQueue(first.message.sysFlag);
    const queue = queues.getOrCreate(first.message.topic, first.message.queueId);
    const baseQueueOffset = countsInQueue ? queue.nextPutOffset : 0;
    put.physicalOffset = cursor;
    put.queueOffset = baseQueueOffset;
    put.storeTimestamp = storeTimestamp;
    put.messages.forEach((prepared, i) => {
      const message = prepared.message;
      const queueOffset = entersConsumeQueue(message.sysFlag) ? baseQueueOffset + i : 0;
      writeRecord(chunk.bytes, chunk.view, cursor - chunk.start, {
        ...message,
        sysFlag: message.sysFlag & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6),
        bodyCrc: prepared.bodyCrc,
        queueOffset,
        physicalOffset: cursor,
        storeTimestamp,
        storeHost,
        topicBytes: prepared.topicBytes,
        propertiesBytes: prepared.propertiesBytes,
      });
      requests.push({
        topic: message.topic,
        queueId: message.queueId,
        queueOffset,
        physicalOffset: cursor,
        size: prepared.size,
        sysFlag: message.sysFlag,
        storeTimestamp,
        properties: message.properties,
      });
      cursor += prepared.size;
    });
    if (countsInQueue) queue.nextPutOffset = baseQueueOffset + put.messages.length;
    put.end = cursor;
    remaining -= put.size;
  }
  log.write(chunk.start, chunk.bytes.subarray(0, cursor - chunk.start));
  return requests;
}

export function msgIdsOf(put: PendingPut, storeHost: HostAddress): string[] {
  const ids: string[] = [];
  let offset = put.physicalOffset;
  for (const prepared of put.messages) {
    ids.push(offsetMsgId(storeHost, offset));
    offset += prepared.size;
  }
  return ids;
}
