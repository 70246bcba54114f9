// Whether a transaction was already committed: remembered since this broker committed it, or a
// record in the real topic with the half's UNIQ_KEY and sysFlag COMMIT. The message index (and the unindexed tail, which queryByKey scans) is the
// durable answer, so neither a late END_TRANSACTION racing a check-back nor a restart between the
// commit and its op record makes a second committed copy.
import { decodeRecord, MessageProperty, MessageSysFlag, parseProperties, propertyOf, type MessageRecord } from "../../common/index.ts";
import type { MessageStore } from "../../store/index.ts";
import { realDestination } from "./half-record.ts";

const HITS_MAX = 32;
/** Commits remembered in memory: a commit is queryable by key only once dispatched. */
const RECENT_MAX = 10_000;

export class CommitLedger {
  private readonly recent = new Set<string>();

  constructor(private readonly store: MessageStore) {}

  /** Records a commit just stored (the oldest memory goes first past RECENT_MAX). */
  committed(half: MessageRecord): void {
    const txId = propertyOf(half.properties, MessageProperty.UNIQ_KEY);
    if (txId === undefined || txId === "") return;
    this.recent.add(txId);
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.values().next().value as string);
  }

  isCommitted(half: MessageRecord, nowMs: number): boolean {
    const txId = propertyOf(half.properties, MessageProperty.UNIQ_KEY);
    if (txId !== undefined && this.recent.has(txId)) return true;
    return isCommittedInStore(this.store, half, nowMs);
  }
}

function isCommittedInStore(store: MessageStore, half: MessageRecord, nowMs: number): boolean {
  const txId = propertyOf(half.properties, MessageProperty.UNIQ_KEY);
  const to = realDestination(parseProperties(half.properties));
  if (txId === undefined || txId === "" || to === undefined) return false;
  for (const bytes of store.queryByKey(to.topic, txId, HITS_MAX, half.bornTimestamp - 1, nowMs + 1)) {
    const record = decodeRecord(bytes);
    if ((record.sysFlag & MessageSysFlag.TRANSACTION_MASK) !== MessageSysFlag.TRANSACTION_COMMIT) continue;
    if (propertyOf(record.properties, MessageProperty.UNIQ_KEY) === txId) return true;
  }
  return false;
}
