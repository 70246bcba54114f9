// What the op queue says at the start of a check round (TransactionalMessageServiceImpl
// fillOpRemoveMap): which half offsets (at or past the half progress) are done, and which op
// records only name halves the progress already passed, so the op progress can move over them.
import { queueOffset, SystemTopic } from "../../common/index.ts";
import type { MessageStore } from "../../store/index.ts";
import { decodeRecord } from "../../common/index.ts";
import { opOffsets } from "./op-message.ts";

const READ_BATCH = 256;

export interface OpBook {
  /** half queue offset → the op queue offset that ended it */
  done: Map<number, number>;
  /** op queue offset → half offsets it names that the walk has not met yet */
  pending: Map<number, Set<number>>;
  /** op queue offsets with nothing left to meet */
  finished: number[];
}

export function readOpBook(store: MessageStore, queueId: number, opProgress: number, halfProgress: number): OpBook {
  const book: OpBook = { done: new Map(), pending: new Map(), finished: [] };
  const max = store.maxOffset(SystemTopic.TRANS_OP_HALF, queueId);
  let offset = Math.max(opProgress, store.minOffset(SystemTopic.TRANS_OP_HALF, queueId));
  while (offset < max) {
    const got = store.getMessages(SystemTopic.TRANS_OP_HALF, queueId, queueOffset(offset), READ_BATCH);
    if (got.records.length === 0) break;
    for (const bytes of got.records) {
      const op = decodeRecord(bytes);
      const open = new Set(opOffsets(op.body).filter((half) => half >= halfProgress));
      for (const half of open) book.done.set(half, op.queueOffset);
      if (open.size > 0) book.pending.set(op.queueOffset, open);
      else book.finished.push(op.queueOffset);
    }
    offset = got.nextBeginOffset;
  }
  return book;
}

/** The walk met half offset `half`, which an op ended: that op may now be finished. */
export function meetDone(book: OpBook, half: number): void {
  const op = book.done.get(half);
  if (op === undefined) return;
  book.done.delete(half);
  const open = book.pending.get(op);
  open?.delete(half);
  if (open !== undefined && open.size === 0) {
    book.pending.delete(op);
    book.finished.push(op);
  }
}

/** The new op progress: past every finished op record that follows it without a gap. */
export function nextOpProgress(book: OpBook, opProgress: number): number {
  const finished = [...new Set(book.finished)].sort((a, b) => a - b);
  let next = opProgress;
  for (const op of finished) {
    if (op < next) continue;
    if (op !== next) break;
    next++;
  }
  return next;
}
