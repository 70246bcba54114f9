// Delivers timer messages (RocketMQ 5's TimerMessageStore, rebuilt on an SQLite index). A timer
// send waits in rmq_sys_wheel_timer queue 0 (send/timer-routing.ts). Each pass:
// 1. indexes the timer queue from the saved progress: one row (due time, queue offset, physical
//    offset) per message, in timer.db (timer-db.ts);
// 2. puts every message due by now into REAL_TOPIC/REAL_QID (both removed; TIMER_ENQUEUE_MS and
//    TIMER_DEQUEUE_MS added, TIMER_OUT_MS kept, as RocketMQ does), then deletes its rows.
// Masters only.
//
// Timing: the next pass runs at the earliest due time (re-armed when a message due sooner is
// dispatched), and at least every timerPrecisionMs; so a message is delivered a few ms after its
// due time, never before.
//
// Restart: the index and its progress are on disk. close() waits for the pass under way, so a
// stop → start neither loses nor repeats a timer; after a crash, a message put but not yet
// deleted from the index is delivered again (at least once).
import {
  decodeRecord,
  formatProperties,
  MessageProperty,
  parseProperties,
  physicalOffset,
  propertyOf,
  queueOffset,
  SystemTopic,
  type MessageRecord,
} from "../../common/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { isStored, recordCopy } from "../send/index.ts";
import { DueTimer } from "../due-timer.ts";
import { TimerDb, type TimerRow } from "./timer-db.ts";

export interface TimerOptions {
  /** timer.db's path. */
  dbFile: string;
  /** Rows read and messages put per step. */
  batchMax?: number;
  now?: () => number;
}

const BATCH_MAX_DEFAULT = 256;
const INDEX_STEPS_PER_PASS = 8;
const QUEUE_ID = 0;

export class TimerService {
  private readonly db: TimerDb;
  private readonly due: DueTimer;
  private running: Promise<number> | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly batchMax: number;
  private readonly unsubscribe: () => void;
  /** Every timer message due before this was delivered (TimerCheckpoint's lastReadTimeMs). */
  private deliveredBeforeMs = 0;

  constructor(
    private readonly ctx: BrokerContext,
    o: TimerOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.batchMax = o.batchMax ?? BATCH_MAX_DEFAULT;
    this.db = new TimerDb(o.dbFile);
    this.due = new DueTimer(() => this.tick(), this.now, ctx.options.timerPrecisionMs,
      (e) => this.ctx.log.error("timer delivery failed", { error: String(e) }));
    // A commitlog cut back by a crash may have taken timer messages the index already holds.
    this.db.truncate(ctx.store.maxOffset(SystemTopic.TIMER, QUEUE_ID));
    this.unsubscribe = ctx.store.onDispatch((event) => {
      if (event.topic === SystemTopic.TIMER) this.due.wakeAt(this.now());
    });
    this.due.wakeAt(this.now());
  }

  /** Timer messages indexed and not yet delivered. */
  pendingCount(): number {
    return this.db.pendingCount();
  }

  /** Where delivery stands, as 5.x's TimerCheckpoint: everything due before lastReadTimeMs is
   *  delivered; the timer queue is indexed below lastTimerQueueOffset. */
  checkpoint(): { lastReadTimeMs: number; lastTimerQueueOffset: number } {
    return { lastReadTimeMs: this.deliveredBeforeMs, lastTimerQueueOffset: this.db.enqueuedOffset() };
  }

  /** Pending timer messages by real topic (TimerMetrics' timingCount), over the rowsMax due first. */
  pendingByTopic(rowsMax: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of this.db.due(Number.MAX_SAFE_INTEGER, rowsMax)) {
      const bytes = this.ctx.store.recordAt(physicalOffset(row.physicalOffset));
      if (bytes === undefined) continue;
      const topic = propertyOf(decodeRecord(bytes).properties, MessageProperty.REAL_TOPIC);
      if (topic !== undefined) counts.set(topic, (counts.get(topic) ?? 0) + 1);
    }
    return counts;
  }

  /** Cancels the pending timer message of `realTopic` with UNIQ_KEY `uniqKey` due at dueMs
   *  (RECALL_MESSAGE); false when there is none (already delivered, or never sent). */
  async recall(realTopic: string, uniqKey: string, dueMs: number): Promise<boolean> {
    await this.running?.catch(() => undefined);
    while (this.index()) {
      // index the backlog first: the message may have been sent a moment ago
    }
    const match = this.db.dueAt(dueMs).filter((row) => {
      const bytes = this.ctx.store.recordAt(physicalOffset(row.physicalOffset));
      if (bytes === undefined) return false;
      const record = decodeRecord(bytes);
      return propertyOf(record.properties, MessageProperty.UNIQ_KEY) === uniqKey &&
        propertyOf(record.properties, MessageProperty.REAL_TOPIC) === realTopic;
    });
    this.db.remove(match);
    return match.length > 0;
  }

  /** Stops the timer; the pass in progress finishes first. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.due.close();
    await this.running?.catch(() => undefined);
    this.db.close();
  }

  /** One pass (passes never overlap); resolves to when the next one is needed. */
  tick(): Promise<number> {
    const pass = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.pass());
    this.running = pass;
    void pass.finally(() => {
      if (this.running === pass) this.running = undefined;
    }).catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<number> {
    if (this.closed) return Number.POSITIVE_INFINITY;
    const behind = this.index();
    const retryAtMs = await this.deliverDue();
    if (behind) return this.now();
    const nextDue = this.db.nextDueMs() ?? Number.POSITIVE_INFINITY;
    return Math.min(nextDue, retryAtMs, this.now() + this.ctx.options.timerPrecisionMs);
  }

  /** Indexes timer messages dispatched since the saved progress, at most INDEX_STEPS_PER_PASS
   *  batches (a backlog must not hold the event loop); true when more are waiting. */
  private index(): boolean {
    const { store } = this.ctx;
    for (let step = 0; step < INDEX_STEPS_PER_PASS; step++) {
      const from = Math.max(this.db.enqueuedOffset(), store.minOffset(SystemTopic.TIMER, QUEUE_ID));
      if (from >= store.maxOffset(SystemTopic.TIMER, QUEUE_ID)) return false;
      const got = store.getMessages(SystemTopic.TIMER, QUEUE_ID, queueOffset(from), this.batchMax);
      if (got.records.length === 0 && got.nextBeginOffset <= from) return false;
      const rows = got.records.map((bytes): TimerRow => {
        const record = decodeRecord(bytes);
        const due = Number(propertyOf(record.properties, MessageProperty.TIMER_OUT_MS));
        return { deliverMs: Number.isFinite(due) ? due : record.storeTimestamp, queueOffset: record.queueOffset, physicalOffset: record.physicalOffset };
      });
      this.db.add(rows, got.nextBeginOffset);
    }
    return true;
  }

  /** Puts every due message; resolves to when to retry after a refused put (else +Infinity). */
  private async deliverDue(): Promise<number> {
    for (;;) {
      const nowMs = this.now();
      const rows = this.db.due(nowMs, this.batchMax);
      if (rows.length === 0) {
        this.deliveredBeforeMs = nowMs;
        return Number.POSITIVE_INFINITY;
      }
      const results = await Promise.all(rows.map((row) => this.deliver(row, nowMs)));
      this.db.remove(rows.filter((_, i) => results[i] !== "RETRY"));
      if (results.includes("RETRY")) return nowMs + this.ctx.options.timerPrecisionMs;
      if (rows.length < this.batchMax || this.closed) return Number.POSITIVE_INFINITY;
    }
  }

  private async deliver(row: TimerRow, nowMs: number): Promise<"DONE" | "RETRY"> {
    const bytes = this.ctx.store.recordAt(physicalOffset(row.physicalOffset));
    const record = bytes === undefined ? undefined : decodeRecord(bytes);
    if (record === undefined || record.topic !== SystemTopic.TIMER || record.queueOffset !== row.queueOffset) {
      this.ctx.log.warn("timer message gone from the commitlog; dropped", { queueOffset: row.queueOffset });
      return "DONE";
    }
    const put = await this.ctx.store.put(realMessage(record, nowMs));
    if (isStored(put)) return "DONE";
    if (put.status === "MESSAGE_ILLEGAL" || put.status === "PROPERTIES_SIZE_EXCEEDED") {
      this.ctx.log.warn("timer message refused by the store; dropped", { status: put.status, reason: put.reason });
      return "DONE";
    }
    this.ctx.log.warn("timer message not delivered, will retry", { status: put.status, reason: put.reason });
    return "RETRY";
  }
}

/** The parked record as a message for its real topic and queue. */
function realMessage(record: MessageRecord, nowMs: number): MessageToStore {
  const properties = parseProperties(record.properties);
  const topic = properties.get(MessageProperty.REAL_TOPIC) ?? record.topic;
  const queueId = Number(properties.get(MessageProperty.REAL_QID) ?? 0);
  properties.delete(MessageProperty.REAL_TOPIC);
  properties.delete(MessageProperty.REAL_QID);
  properties.set(MessageProperty.TIMER_ENQUEUE_MS, String(record.storeTimestamp));
  properties.set(MessageProperty.TIMER_DEQUEUE_MS, String(nowMs));
  return recordCopy(record, topic, Number.isInteger(queueId) && queueId >= 0 ? queueId : 0, formatProperties(properties));
}
