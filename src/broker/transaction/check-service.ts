// The transaction check-back (TransactionalMessageCheckService + TransactionalMessageServiceImpl
// .check), on masters, every transactionCheckInterval ms. One round walks the half queue from its
// progress offset (consumer offset of CID_RMQ_SYS_TRANS on RMQ_SYS_TRANS_HALF_TOPIC):
// - a half an op record ended is skipped;
// - a half checked transactionCheckMax times moves to TRANS_CHECK_MAX_TIME_TOPIC;
// - a half stored after the round began, or younger than transactionTimeOut, ends the round;
// - a half with CHECK_IMMUNITY_TIME_IN_SECONDS not yet reached is re-appended (carrying its
//   first offset in TRAN_PREPARED_QUEUE_OFFSET) so it does not hold up the halves behind it;
// - a half already committed (a late END) gets its op record;
// - any other is re-appended with TRANSACTION_CHECK_TIMES + 1 and that copy is checked back.
// The progress offsets (half and op) are saved with the consumer offsets, so a restart resumes
// the walk; the half and op topics are the whole state.
import {
  decodeRecord,
  MessageProperty,
  parseProperties,
  PERM_READ_WRITE,
  queueOffset,
  SystemTopic,
  TRANSACTION_CHECK_GROUP,
  type MessageRecord,
} from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import { isStored } from "../send/index.ts";
import { sendCheckBack } from "./check-back.ts";
import type { CommitLedger } from "./committed.ts";
import { immunityMs, writeOp } from "./end-transaction.ts";
import { checkMaxCopy, halfCopy } from "./half-record.ts";
import { meetDone, nextOpProgress, readOpBook, type OpBook } from "./op-book.ts";

export interface CheckOptions {
  now?: () => number;
}

export interface CheckDeps {
  ledger: CommitLedger;
}

const HALF_QUEUE_ID = 0;
const READ_BATCH = 32;

export class TransactionCheckService {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly deps: CheckDeps,
    o: CheckOptions = {},
  ) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.ctx.options.transactionCheckInterval);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now (rounds never overlap: a call during a round waits for it instead). */
  check(): Promise<void> {
    if (this.running !== undefined) return this.running;
    const round = this.round().catch((e: unknown) => this.ctx.log.error("transaction check failed", { error: String(e) }));
    this.running = round.finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const { store } = this.ctx;
    const startMs = this.now();
    const half = { topic: SystemTopic.TRANS_HALF, queueId: HALF_QUEUE_ID };
    const op = { topic: SystemTopic.TRANS_OP_HALF, queueId: HALF_QUEUE_ID };
    const halfProgress = this.progress(half.topic);
    const opProgress = this.progress(op.topic);
    const book = readOpBook(store, HALF_QUEUE_ID, opProgress, halfProgress);
    // Copies this round appends lie past endOffset: they wait for the next round.
    const endOffset = store.maxOffset(half.topic, half.queueId);
    let next = halfProgress;
    walk: while (next < endOffset) {
      const got = store.getMessages(half.topic, half.queueId, queueOffset(next), READ_BATCH);
      if (got.records.length === 0) {
        next = Math.max(next, got.nextBeginOffset);
        if (got.status !== "OFFSET_TOO_SMALL" && got.status !== "OFFSET_FOUND_NULL") break;
        continue;
      }
      for (const bytes of got.records) {
        const record = decodeRecord(bytes);
        if (record.queueOffset >= endOffset) break walk;
        if (!(await this.visit(record, book, startMs))) break walk;
        next = record.queueOffset + 1;
      }
    }
    this.save(half.topic, halfProgress, next);
    this.save(op.topic, opProgress, nextOpProgress(book, opProgress));
  }

  /** Handles one half; false when the walk must stop here (too young: check it next round). */
  private async visit(record: MessageRecord, book: OpBook, startMs: number): Promise<boolean> {
    if (book.done.has(record.queueOffset)) {
      meetDone(book, record.queueOffset);
      return true;
    }
    const properties = parseProperties(record.properties);
    const o = this.ctx.options;
    const checked = Number(properties.get(MessageProperty.TRANSACTION_CHECK_TIMES) ?? 0);
    if (checked >= o.transactionCheckMax) return this.moveToCheckMax(record, checked);
    if (record.storeTimestamp >= startMs) return false;
    const ageMs = this.now() - record.bornTimestamp;
    const immunity = immunityMs(record.properties, o.transactionTimeOut);
    if (immunity === undefined && ageMs >= 0 && ageMs <= o.transactionTimeOut) return false;
    if (immunity !== undefined && ageMs >= 0 && ageMs <= immunity) return this.deferImmune(record, properties, book);
    if (this.deps.ledger.isCommitted(record, this.now())) {
      await writeOp(this.ctx, record);
      return true;
    }
    const put = await this.ctx.store.put(halfCopy(record, { [MessageProperty.TRANSACTION_CHECK_TIMES]: String(checked + 1) }));
    if (!isStored(put)) {
      this.ctx.log.warn("half message not re-appended for its check; next round retries", { status: put.status });
      return false;
    }
    const copy = this.ctx.store.recordAt(put.physicalOffset);
    if (copy !== undefined) sendCheckBack(this.ctx, decodeRecord(copy));
    return true;
  }

  /** A half whose own immunity time has not passed: done if its first copy was ended, else
   *  re-appended to be looked at again later (TransactionalMessageServiceImpl.checkPrepareQueueOffset). */
  private async deferImmune(record: MessageRecord, properties: Map<string, string>, book: OpBook): Promise<boolean> {
    const first = Number(properties.get(MessageProperty.TRAN_PREPARED_QUEUE_OFFSET) ?? -1);
    if (first >= 0 && book.done.has(first)) {
      meetDone(book, first);
      return true;
    }
    const firstOffset = first >= 0 ? first : record.queueOffset;
    const put = await this.ctx.store.put(halfCopy(record, { [MessageProperty.TRAN_PREPARED_QUEUE_OFFSET]: String(firstOffset) }));
    return isStored(put);
  }

  private async moveToCheckMax(record: MessageRecord, checked: number): Promise<boolean> {
    this.ctx.topics.get(SystemTopic.TRANS_CHECK_MAX_TIME) ?? this.ctx.topics.createSystemTopic(SystemTopic.TRANS_CHECK_MAX_TIME, 1, PERM_READ_WRITE);
    const put = await this.ctx.store.put(checkMaxCopy(record));
    if (!isStored(put)) return false;
    this.ctx.log.warn("half message checked too many times; moved to TRANS_CHECK_MAX_TIME_TOPIC", {
      msgId: parseProperties(record.properties).get(MessageProperty.UNIQ_KEY),
      checked,
    });
    return true;
  }

  private progress(topic: string): number {
    const saved = this.ctx.store.meta.consumerOffsets.query(TRANSACTION_CHECK_GROUP, topic, HALF_QUEUE_ID) ?? 0;
    return Math.max(saved, this.ctx.store.minOffset(topic, HALF_QUEUE_ID));
  }

  private save(topic: string, before: number, after: number): void {
    if (after !== before) this.ctx.store.meta.consumerOffsets.commit(TRANSACTION_CHECK_GROUP, topic, HALF_QUEUE_ID, queueOffset(after));
  }
}
