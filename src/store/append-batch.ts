// The batch writer: every put that arrived in the same tick is laid out in one buffer and
// handed to the OS in one write (two when the batch meets the end of a segment: the records
// that fit, the blank record, then the rest at the next segment's start).
// Queue offsets and store timestamps are assigned here, in commitlog order.

import { MessageSysFlag, offsetHex, offsetMsgIdPrefix, writeRecord, type HostAddress } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";
import type { ConsumeQueue } from "./consume-queue.ts";
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

/** The batch writer's buffer, reused from batch to batch (write() copies it to the OS); it
 *  grows to the largest batch seen, and shrinks back when that was far above the usual. */
export class BatchBuffer {
  private bytes = new Uint8Array(BATCH_BUFFER_BYTES);
  private view = new DataView(this.bytes.buffer);

  chunk(start: number, capacity: number): Chunk {
    if (capacity > this.bytes.length || (this.bytes.length > BATCH_BUFFER_BYTES * 4 && capacity <= BATCH_BUFFER_BYTES)) {
      this.bytes = new Uint8Array(Math.max(capacity, BATCH_BUFFER_BYTES));
      this.view = new DataView(this.bytes.buffer);
    }
    return { start, bytes: this.bytes, view: this.view };
  }
}

const BATCH_BUFFER_BYTES = 1024 * 1024;

/** Lays out and writes puts; returns their dispatch requests in commitlog order. Throws when
 *  the write fails (the caller makes the failure sticky). */
export function writeBatch(
  log: CommitLog,
  queues: QueueTable,
  buffer: BatchBuffer,
  puts: readonly PendingPut[],
  storeTimestamp: number,
  storeHost: HostAddress,
): DispatchRequest[] {
  let remaining = 0;
  for (const put of puts) remaining += put.size;
  let cursor = log.writeOffset;
  let chunk = buffer.chunk(cursor, remaining);
  const requests: DispatchRequest[] = [];
  for (const put of puts) {
    const at = log.placeAt(cursor, put.size);
    if (at !== cursor) {
      log.write(chunk.start, chunk.bytes.subarray(0, cursor - chunk.start));
      log.writeBlank(cursor);
      cursor = at;
      chunk = buffer.chunk(cursor, remaining);
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
        bodyCrc: prepared.bodyCrc,
        queueId: message.queueId,
        flag: message.flag,
        queueOffset,
        physicalOffset: cursor,
        sysFlag: message.sysFlag & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6),
        bornTimestamp: message.bornTimestamp,
        bornHost: message.bornHost,
        storeTimestamp,
        storeHost,
        reconsumeTimes: message.reconsumeTimes,
        preparedTransactionOffset: message.preparedTransactionOffset,
        body: message.body,
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

/** Where the log and the queues a batch touches stand before it is written. */
export interface UndoPoint {
  readonly offset: number;
  /** Cuts the commitlog back to offset and gives the queues their next offsets back. */
  restore(): void;
}

export function undoPoint(log: CommitLog, queues: QueueTable, puts: readonly PendingPut[]): UndoPoint {
  const offset = log.writeOffset;
  const marks = new Map<ConsumeQueue, number>();
  for (const put of puts) {
    const first = put.messages[0] as PreparedMessage;
    const queue = queues.getOrCreate(first.message.topic, first.message.queueId);
    if (!marks.has(queue)) marks.set(queue, queue.nextPutOffset);
  }
  return {
    offset,
    restore: () => {
      log.truncate(offset);
      for (const [queue, next] of marks) queue.nextPutOffset = next;
    },
  };
}

/** offsetMsgIds of a put's records (msg-id.ts's format, the host half made once per put). */
export function msgIdsOf(put: PendingPut, storeHost: HostAddress): string[] {
  const prefix = offsetMsgIdPrefix(storeHost);
  const ids: string[] = [];
  let offset = put.physicalOffset;
  for (const prepared of put.messages) {
    ids.push(prefix + offsetHex(offset));
    offset += prepared.size;
  }
  return ids;
}
