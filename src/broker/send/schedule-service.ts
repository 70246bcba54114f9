// Delivers delayed messages (RocketMQ's ScheduleMessageService). A send with DELAY=<level> was
// parked in SCHEDULE_TOPIC_XXXX queue level-1 (message-routing.ts). Each pass reads every level's
// queue from its saved offset: a message whose store time + the level's delay has passed is put
// again into REAL_TOPIC/REAL_QID with all its properties, DELAY, REAL_TOPIC and REAL_QID included,
// as Apache RocketMQ 4.9.7 and 5.5.0 deliver it (their consumers see DELAY; scripts/compat-reference.sh),
// and the level's offset advances in store.meta.delayOffsets. The first message not yet due ends
// the level's turn; a refused put is retried after tickMs. Masters only.
//
// Timing: the next pass runs when the earliest head message falls due (or a newly parked message
// whose due time is earlier arrives), and at least every tickMs; so a message is delivered within
// a few ms of its due time rather than up to a tick late.
//
// Restart: delay offsets are saved with the store's metadata (every flushConsumerOffsetInterval and
// at close). close() waits for the pass in progress, so a stop → start neither loses nor repeats;
// after a crash, messages delivered since the last metadata flush are delivered again.
import {
  decodeRecord,
  formatProperties,
  MessageProperty,
  parseProperties,
  queueOffset,
  SystemTopic,
  type MessageRecord,
} from "../../common/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { recordCopy } from "./record-copy.ts";
import { isStored } from "./send-reply.ts";
import { DueTimer } from "../due-timer.ts";

export interface ScheduleOptions {
  /** The longest wait between passes (RocketMQ re-checks a level after 100 ms). */
  tickMs?: number;
  /** Messages read per level per pass. */
  batchMax?: number;
  now?: () => number;
}

const TICK_MS_DEFAULT = 100;
const BATCH_MAX_DEFAULT = 32;

/** When a level should be looked at again: at a due time, or after tickMs (nothing known). */
type NextPass = number | "soon" | "later";

export class ScheduleService {
  private readonly due: DueTimer;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly tickMs: number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly o: ScheduleOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.tickMs = o.tickMs ?? TICK_MS_DEFAULT;
    this.due = new DueTimer(() => this.tick(), this.now, this.tickMs);
    this.unsubscribe = ctx.store.onDispatch((event) => {
      if (event.topic !== SystemTopic.SCHEDULE) return;
      this.due.wakeAt(event.storeTimestamp + (ctx.delayLevelsMs[event.queueId] ?? 0));
    });
    this.due.wakeAt(this.now());
  }

  /** Stops the timer; a delivery pass in progress finishes first. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.due.close();
    await this.running;
  }

  /** One pass over every level (passes never overlap); resolves to when the next one is needed. */
  tick(): Promise<number> {
    const pass = (this.running ?? Promise.resolve()).then(() => this.pass());
    const done = pass.then(
      () => undefined,
      () => undefined,
    );
    this.running = done;
    void done.then(() => {
      if (this.running === done) this.running = undefined;
    });
    return pass;
  }

  private async pass(): Promise<number> {
    let next = this.now() + this.tickMs;
    for (let level = 1; level <= this.ctx.delayLevelsMs.length && !this.closed; level++) {
      let pass: NextPass;
      try {
        pass = await this.deliverLevel(level);
      } catch (e) {
        this.ctx.log.error("delayed delivery failed", { level, error: String(e) });
        pass = "later";
      }
      if (pass === "soon") next = this.now();
      else if (pass !== "later") next = Math.min(next, pass);
    }
    return next;
  }

  private async deliverLevel(level: number): Promise<NextPass> {
    const { store } = this.ctx;
    const queueId = level - 1;
    const delayMs = this.ctx.delayLevelsMs[queueId] ?? 0;
    const min = store.minOffset(SystemTopic.SCHEDULE, queueId);
    let offset = Math.max(store.meta.delayOffsets.get(level) ?? 0, min);
    const batchMax = this.o.batchMax ?? BATCH_MAX_DEFAULT;
    const result = store.getMessages(SystemTopic.SCHEDULE, queueId, queueOffset(offset), batchMax);
    for (const bytes of result.records) {
      const record = decodeRecord(bytes);
      const now = this.now();
      const deliverMs = Math.min(record.storeTimestamp + delayMs, now + delayMs);
      if (deliverMs > now) return deliverMs;
      const put = await store.put(realMessage(record));
      if (!isStored(put)) {
        this.ctx.log.warn("delayed message not delivered, will retry", { level, status: put.status, reason: put.reason });
        return "later";
      }
      offset = record.queueOffset + 1;
      store.meta.delayOffsets.set(level, queueOffset(offset));
    }
    return result.records.length >= batchMax ? "soon" : "later";
  }
}

/** The parked record as a message for its real topic and queue. */
function realMessage(record: MessageRecord): MessageToStore {
  const properties = parseProperties(record.properties);
  const topic = properties.get(MessageProperty.REAL_TOPIC) ?? record.topic;
  const queueId = Number(properties.get(MessageProperty.REAL_QID) ?? 0);
  return recordCopy(record, topic, Number.isInteger(queueId) && queueId >= 0 ? queueId : 0, formatProperties(properties));
}
