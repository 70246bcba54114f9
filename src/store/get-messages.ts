// Reading a consume queue: which entries a pull returns and the status RocketMQ gives when it
// returns none. Entries are read in one positional read per window; records that lie next to
// each other in the commitlog are read together and sliced.

import { bodyCrc, bodyLengthOffset, queueOffset, RecordField, type QueueOffset } from "../common/index.ts";
import type { GetResult, GetStatus, MessageFilter } from "./api.ts";
import type { CommitLog } from "./commit-log.ts";
import type { CqEntry } from "./consume-queue.ts";
import type { QueueTable } from "./queue-table.ts";
import type { ReadBuffers } from "./read-buffers.ts";
import type { ReadFault } from "./read-faults.ts";

/** Entries looked at per pull when a filter skips many (RocketMQ's maxFilterMessageSize / 20). */
const SCAN_ENTRIES_MAX = 800;
/** Bytes returned per pull (RocketMQ's maxTransferBytesOnMessageInMemory); at least one record. */
const TRANSFER_BYTES_MAX = 256 * 1024;
/** Free bytes in front of the records of each read (MessageStore.getMessages' contract): room
 *  for a pull reply's frame header, so that header and records go to the socket as one buffer
 *  without a copy. A pull reply's header (JSON, five fields and a remark) is ~250 bytes. */
export const READ_HEADROOM_BYTES = 512;

function empty(status: GetStatus, next: number, min: number, max: number): GetResult {
  return { status, nextBeginOffset: queueOffset(next), minOffset: queueOffset(min), maxOffset: queueOffset(max), records: [] };
}

export function getMessages(
  queues: QueueTable,
  log: CommitLog,
  topic: string,
  queueId: number,
  offset: QueueOffset,
  maxCount: number,
  filter: MessageFilter | undefined,
  onFault: ReadFault,
  buffers: ReadBuffers,
): GetResult {
  const queue = queues.get(topic, queueId);
  if (!queue || queue.maxOffset === 0) return empty("NO_MESSAGE_IN_QUEUE", 0, 0, 0);
  const { minOffset: min, maxOffset: max } = queue;
  if (offset < min) return empty("OFFSET_TOO_SMALL", min, min, max);
  if (offset === max) return empty("OFFSET_OVERFLOW_ONE", offset, min, max);
  if (offset > max) return empty("OFFSET_OVERFLOW_BADLY", max, min, max);
  const records: Uint8Array[] = [];
  const used: Uint8Array[] = [];
  let next: number = offset;
  let bytes = 0;
  const scanEnd = Math.min(max, offset + Math.max(SCAN_ENTRIES_MAX, maxCount));
  const logMin = log.minOffset();
  while (records.length < maxCount && next < scanEnd && bytes < TRANSFER_BYTES_MAX) {
    const window = queue.read(next, Math.min(scanEnd - next, Math.max(maxCount - records.length, 16)));
    if (window.length === 0) break;
    const wanted: CqEntry[] = [];
    let taken = 0;
    for (const entry of window) {
      if (records.length + wanted.length >= maxCount || bytes >= TRANSFER_BYTES_MAX) break;
      taken++;
      if (entry.physicalOffset < logMin) continue; // its commitlog segment was deleted
      if (filter && !filter.matchTagsCode(entry.tagsCode)) continue;
      wanted.push(entry);
      bytes += entry.size;
    }
    next += taken;
    const read = readRecords(log, wanted, onFault, buffers);
    if (read.buffer !== undefined) used.push(read.buffer);
    for (const record of read.records) {
      if (!filter?.matchRecord || filter.matchRecord(record)) records.push(record);
    }
  }
  const status: GetStatus = records.length > 0 ? "FOUND" : "NO_MATCHED_MESSAGE";
  const result: GetResult = { status, nextBeginOffset: queueOffset(next), minOffset: queueOffset(min), maxOffset: queueOffset(max), records };
  if (used.some((buffer) => buffers.pooled(buffer))) result.release = releaseOnce(buffers, used);
  return result;
}

/** Gives the buffers back to the pool, the first time it is called. */
function releaseOnce(buffers: ReadBuffers, used: Uint8Array[]): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const buffer of used) buffers.give(buffer);
  };
}

/** Reads the records of entries into one buffer (from buffers), back to back after
 *  READ_HEADROOM_BYTES free bytes, one read (or block-cache copy) per run of adjacent records; the
 *  records are views of it. Checks size and CRC: a record that fails (or lies past a short read)
 *  is left out and reported to onFault. */
export function readRecords(log: CommitLog, entries: readonly CqEntry[], onFault: ReadFault, buffers: ReadBuffers): { records: Uint8Array[]; buffer?: Uint8Array } {
  let total = 0;
  for (const entry of entries) total += entry.size;
  if (total === 0) return { records: [] };
  const out = buffers.take(READ_HEADROOM_BYTES + total);
  const records: Uint8Array[] = [];
  let outAt = READ_HEADROOM_BYTES;
  let i = 0;
  while (i < entries.length) {
    const first = entries[i] as CqEntry;
    let end = first.physicalOffset + first.size;
    let j = i + 1;
    const segmentEnd = log.segmentStartOf(first.physicalOffset) + log.segmentBytes;
    while (j < entries.length && (entries[j] as CqEntry).physicalOffset === end && end < segmentEnd) {
      end += (entries[j] as CqEntry).size;
      j++;
    }
    const length = end - first.physicalOffset;
    const read = log.readIntoShared(first.physicalOffset, out.subarray(outAt, outAt + length));
    for (let k = i; k < j; k++) {
      const entry = entries[k] as CqEntry;
      const record = out.subarray(outAt, outAt + entry.size);
      const fault = entry.physicalOffset - first.physicalOffset + entry.size > read
        ? `the commitlog read came back short (${read} of ${length} bytes from ${first.physicalOffset})`
        : checkReadRecord(record, entry.size, entry.physicalOffset);
      if (fault === undefined) records.push(record);
      else onFault(entry.physicalOffset, fault);
      outAt += entry.size;
    }
    i = j;
  }
  return { records, buffer: out };
}

/** After-read check: the record is the size its queue entry says, and its body CRC holds; what is
 *  wrong when it does not (the disk's fault: an outcome, not an assertion). */
export function checkReadRecord(record: Uint8Array, size: number, physical: number): string | undefined {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const stored = view.getInt32(RecordField.TOTAL_SIZE);
  if (stored !== size) return `record at ${physical} is ${stored} bytes, its queue entry says ${size}`;
  const lengthAt = bodyLengthOffset(view.getInt32(RecordField.SYS_FLAG));
  const bodyBytes = lengthAt + 4 <= size ? view.getInt32(lengthAt) : -1;
  if (bodyBytes < 0 || lengthAt + 4 + bodyBytes > size) return `record at ${physical} has a body length past its end`;
  const body = record.subarray(lengthAt + 4, lengthAt + 4 + bodyBytes);
  if (bodyCrc(body) !== view.getInt32(RecordField.BODY_CRC)) return `record at ${physical} fails its body CRC`;
  return undefined;
}
