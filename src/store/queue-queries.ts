// Time-based lookups over a consume queue: the store time of an entry's record, and the
// first offset stored at or after a time (binary search; store times never decrease in
// commitlog order, and a queue's entries are in commitlog order).

import { MessageSysFlag, readInt64, RecordField, storeTimestampOffset } from "../common/index.ts";

/** Bytes of a record's head that hold STORETIMESTAMP whatever its born host's width. */
const STORE_TIMESTAMP_END_MAX = storeTimestampOffset(MessageSysFlag.BORNHOST_V6) + 8;
import type { CommitLog } from "./commit-log.ts";
import type { ConsumeQueue } from "./consume-queue.ts";

/** Store timestamp of the record at physical offset, or undefined when it is gone. */
export function storeTimestampAt(log: CommitLog, physical: number): number | undefined {
  if (physical < log.minOffset()) return undefined;
  const header = log.read(physical, STORE_TIMESTAMP_END_MAX);
  if (!header || header.length < STORE_TIMESTAMP_END_MAX) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return readInt64(view, storeTimestampOffset(view.getInt32(RecordField.SYS_FLAG)));
}

export function storeTimeOfEntry(log: CommitLog, queue: ConsumeQueue, offset: number): number | undefined {
  const entry = queue.entryAt(offset);
  return entry ? storeTimestampAt(log, entry.physicalOffset) : undefined;
}

/** First offset in [min, max) whose record was stored at or after timestampMs; max if none. */
export function offsetByTime(log: CommitLog, queue: ConsumeQueue, timestampMs: number): number {
  let low = queue.minOffset;
  let high = queue.maxOffset;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const time = storeTimeOfEntry(log, queue, mid);
    if (time === undefined || time < timestampMs) low = mid + 1;
    else high = mid;
  }
  return low;
}
