// Query by key: the index's hits (index.db, built by the worker up to its indexedOffset) plus
// the records the worker has not reached yet, found by scanning the commitlog from there to the
// dispatched end. The tail is short unless puts outrun the worker; either way every dispatched
// record is seen, without waiting.

import { MessageProperty, MessageSysFlag, propertyOf } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";
import { dispatchRequestOf } from "./dispatch.ts";
import type { IndexHit, MessageIndex } from "./message-index.ts";
import { scanRecords } from "./record-scan.ts";

export interface KeyQuery {
  topic: string;
  key: string;
  maxCount: number;
  beginMs: number;
  endMs: number;
}

/** Physical offsets of at most maxCount records stored under key in [beginMs, endMs], newest
 *  first; index hits may include hash collisions, which the caller drops. */
export function offsetsByKey(log: CommitLog, index: MessageIndex, query: KeyQuery): number[] {
  const { topic, key, maxCount, beginMs, endMs } = query;
  const { hits, indexedOffset } = index.query(topic, key, maxCount, beginMs, endMs);
  const tail: IndexHit[] = [];
  scanRecords(log, Math.max(indexedOffset, log.minOffset()), false, (bytes, view, at, physical) => {
    const request = dispatchRequestOf(bytes, view, at, physical);
    if (request.topic !== topic || request.storeTimestamp < beginMs || request.storeTimestamp > endMs) return;
    if ((request.sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_ROLLBACK) return;
    if (hasKey(request.properties, key)) tail.push({ storeTimestamp: request.storeTimestamp, physicalOffset: physical });
  });
  return [...hits, ...tail]
    .sort((a, b) => b.storeTimestamp - a.storeTimestamp || b.physicalOffset - a.physicalOffset)
    .slice(0, maxCount)
    .map((hit) => hit.physicalOffset);
}

function hasKey(properties: string, key: string): boolean {
  if (propertyOf(properties, MessageProperty.UNIQ_KEY) === key) return true;
  return (propertyOf(properties, MessageProperty.KEYS) ?? "").split(" ").includes(key);
}
