// Cutting the store back to a physical offset (a returning old master drops what the new master
// never had, issue 18). The commitlog is cut at `to`; every consume queue drops its entries for
// records at or past it (their next offsets follow); the dispatch point and the message index
// move back with it. Afterwards the store reads as if nothing past `to` had ever been written.
//
// Promises: `to` is a record boundary within [minPhysicalOffset, maxPhysicalOffset] (asserted:
// the caller found it in an epoch file, whose offsets are boundaries); no put is in flight (the
// broker truncates before it serves). Durable like the rest of the commitlog: the cut files are
// synced before truncate returns.
import { assert } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";
import type { Dispatcher } from "./dispatch.ts";
import type { MessageIndex } from "./message-index.ts";
import type { QueueTable } from "./queue-table.ts";
import { checkRecord } from "./record-scan.ts";

export interface TruncateParts {
  log: CommitLog;
  queues: QueueTable;
  dispatcher: Dispatcher;
  index: MessageIndex | undefined;
}

/** Returns the bytes cut. */
export async function truncateStore(parts: TruncateParts, to: number): Promise<number> {
  const { log, queues, dispatcher, index } = parts;
  const end = log.writeOffset;
  assert(to >= log.minOffset() && to <= end, `truncate to ${to} outside the commitlog [${log.minOffset()}, ${end}]`);
  if (to === end) return 0;
  assert(to % log.segmentBytes === 0 || startsRecord(log, to), `truncate to ${to}: no record starts there`);
  for (const queue of queues.all()) queue.truncateFrom(to);
  log.truncate(to, true);
  queues.sync();
  await log.sync();
  dispatcher.dispatchedOffset = Math.min(dispatcher.dispatchedOffset, to);
  index?.truncateFrom(to);
  return end - to;
}

function startsRecord(log: CommitLog, at: number): boolean {
  const head = log.read(at, 8);
  if (head === undefined || head.length < 8) return false;
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const size = view.getInt32(0);
  if (size < 8 || at + size > log.writeOffset) return false;
  const record = log.read(at, size);
  if (record === undefined || record.length !== size) return false;
  return typeof checkRecord(record, new DataView(record.buffer, record.byteOffset, size), 0, false) !== "string";
}
