// Time-based lookups over a consume queue: the store time of an entry's record, and the
// first offset stored at or after a time (binary search; store times never decrease in
// commitlog order, and a queue's entries are in commitlog order).

import { MessageSysFlag, readInt64 } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";
import type { ConsumeQueue } from "./consume-queue.ts";

/** Store timestamp of the record at physical offset, or undefined when it is gone. */
export function storeTimestampAt(log: CommitLog, physical: number): number | undefined {
  if (physical < log.minOffset()) return undefined;
  const header = log.read(physical, 80);
  if (!header || header.length < 80) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const bornHostBytes = (view.getInt32(36) & MessageSysFlag.BORNHOST_V6) !== 0 ? 20 : 8;
  return readInt64(view, 48 + bornHostBytes);
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
