// Retention and disk-full protection, one round every cleanResourceIntervalMs (or on demand).
// - Disk usage above diskSpaceWarningLevelRatio refuses puts until it drops below again.
// - Expired commitlog segments (older than fileReservedTimeHours) are deleted at a deleteWhen
//   hour, or at any time when usage is above diskMaxUsedSpaceRatio; above
//   diskSpaceCleanForciblyRatio they are deleted even if not expired. Oldest first, at most 10
//   per round, stopping at the first that stays, never the active (last) segment.
// - Consume queues then move their min offsets past the deleted data and drop files that only
//   point at it; index rows below the new commitlog min offset are deleted.

import type { Logger } from "../common/index.ts";
import type { RetentionReport, StoreOptions } from "./api.ts";
import type { CommitLog } from "./commit-log.ts";
import type { Disk } from "./disk.ts";
import type { MessageIndex } from "./message-index.ts";
import type { QueueTable } from "./queue-table.ts";

const DELETE_SEGMENTS_MAX = 10;
const HOUR_MS = 3_600_000;

export function deleteHours(deleteWhen: string): Set<number> {
  return new Set(deleteWhen.split(";").map((hour) => Number(hour.trim())).filter((hour) => Number.isInteger(hour)));
}

export interface RetentionParts {
  options: StoreOptions;
  disk: Disk;
  log: CommitLog;
  queues: QueueTable;
  index: MessageIndex | undefined;
  now: () => number;
  logger: Logger;
}

export function runRetention(parts: RetentionParts, manual: boolean): RetentionReport {
  const { options, log, now } = parts;
  const probe = options.diskUsedRatio ?? ((dir: string) => parts.disk.usedRatio(dir));
  const ratio = probe(log.dir);
  const diskFullReason =
    ratio > options.diskSpaceWarningLevelRatio
      ? `disk full: ${ratio}% used of ${log.dir}, above diskSpaceWarningLevelRatio ${options.diskSpaceWarningLevelRatio}`
      : undefined;
  const cleanImmediately = ratio > options.diskSpaceCleanForciblyRatio || diskFullReason !== undefined;
  const timeUp = deleteHours(options.deleteWhen).has(new Date(now()).getHours());
  const spaceToDelete = ratio > options.diskMaxUsedSpaceRatio;
  const deletedSegments: number[] = [];
  if (timeUp || spaceToDelete || cleanImmediately || manual) {
    const reservedMs = options.fileReservedTimeHours * HOUR_MS;
    const segments = log.segmentInfo().slice(0, -1).slice(0, DELETE_SEGMENTS_MAX);
    for (const segment of segments) {
      if (now() < segment.mtimeMs + reservedMs && !(cleanImmediately && options.cleanFileForciblyEnable !== false)) break;
      deletedSegments.push(log.deleteOldest());
    }
  }
  if (deletedSegments.length > 0) {
    const min = log.minOffset();
    for (const queue of parts.queues.all()) queue.correctMinOffset(min);
    parts.index?.deleteBelow(min);
    parts.logger.info("commitlog segments deleted", { count: deletedSegments.length, minOffset: min, ratio });
  }
  return { diskUsedRatio: ratio, deletedSegments, diskFullReason };
}
