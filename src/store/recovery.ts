// Start-up recovery. The commitlog is the truth; consume queues and the index are derived from
// it. Queue entries for records at or past the scan start are dropped and rebuilt from the
// commitlog by the same dispatch the put path uses — after a power cut they may point past the
// commitlog's end, at records a later run wrote over, or sit in a file that was lost; those
// below it were fsynced before the checkpoint said so. The index catches up by itself (its
// worker indexes from its own indexedOffset); recovery only cuts it where the commitlog is cut.
// - Clean stop (no abort marker): re-dispatch from the checkpoint's dispatchedOffset (usually
//   nothing to do).
// - Crash (abort marker present): scan from min(flushedOffset, dispatchedOffset) checking every
//   record (magic, sizes, and the body CRC when checkCRCOnRecover); cut the commitlog at the
//   first bad record, drop queue entries and index rows beyond the cut.
// - No checkpoint, or no consumequeue directory: scan the whole commitlog.

import type { Logger } from "../common/index.ts";
import type { Checkpoint } from "./checkpoint.ts";
import type { CommitLog } from "./commit-log.ts";
import { dispatchRequestOf, type Dispatcher } from "./dispatch.ts";
import type { MessageIndex } from "./message-index.ts";
import type { QueueTable } from "./queue-table.ts";
import { scanRecords } from "./record-scan.ts";

export interface RecoveryInput {
  log: CommitLog;
  queues: QueueTable;
  dispatcher: Dispatcher;
  index: MessageIndex | undefined;
  checkpoint: Checkpoint | undefined;
  cleanExit: boolean;
  queuesExisted: boolean;
  checkCrc: boolean;
  logger: Logger;
}

export interface RecoveryReport {
  scannedFrom: number;
  end: number;
  cutBytes: number;
  stoppedBecause?: string;
}

/** Where scanning starts: a record boundary at or below every offset that may need work. */
function scanStart(input: RecoveryInput): number {
  const { log, checkpoint } = input;
  let from = log.minOffset();
  if (checkpoint && input.queuesExisted) {
    from = input.cleanExit ? checkpoint.dispatchedOffset : Math.min(checkpoint.flushedOffset, checkpoint.dispatchedOffset);
  }
  // A checkpoint past the data (a torn tail) says nothing about boundaries: rescan that segment.
  if (from > log.writeOffset) from = log.segmentStartOf(log.writeOffset);
  return Math.max(from, log.minOffset());
}

export function recover(input: RecoveryInput): RecoveryReport {
  const { log, queues, dispatcher, index, logger } = input;
  const from = scanStart(input);
  dispatcher.dispatchedOffset = from;
  for (const queue of queues.all()) queue.truncateFrom(from);
  const checkCrc = input.checkCrc && !input.cleanExit;
  const scanned = scanRecords(log, from, checkCrc, (bytes, view, at, physical) =>
    dispatcher.dispatch(dispatchRequestOf(bytes, view, at, physical)),
  );
  dispatcher.endBatch();
  const end = scanned.end;
  const cutBytes = log.writeOffset - end;
  if (cutBytes > 0) {
    logger.warn("commitlog cut at the first bad record", { offset: end, cutBytes, reason: scanned.stoppedBecause });
    log.truncate(end);
  } else if (end > log.writeOffset) {
    log.writeOffset = end;
  }
  dispatcher.dispatchedOffset = end;
  for (const queue of queues.all()) queue.correctMinOffset(log.minOffset());
  if (index && index.indexedOffset > end) index.truncateFrom(end);
  index?.start();
  logger.info("store recovered", { cleanExit: input.cleanExit, scannedFrom: from, end });
  return { scannedFrom: from, end, cutBytes, stoppedBecause: scanned.stoppedBecause };
}
