// Delivers delayed messages (RocketMQ's ScheduleMessageService). A send with DELAY=<level> was
// parked in SCHEDULE_TOPIC_XXXX queue level-1 (message-routing.ts). Every tickMs, for each level,
// this reads that queue from the level's saved offset: a message whose store time + the level's
// delay has passed is put again into REAL_TOPIC/REAL_QID (DELAY removed, REAL_TOPIC and REAL_QID
// kept, as RocketMQ does) and the level's offset advances in store.meta.delayOffsets. The first
// message not yet due ends the level's turn; a refused put is retried next tick. Masters only.
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
import { isStored } from "./send-reply.ts";

export interface ScheduleOptions {
  /** How often due messages are looked for (RocketMQ re-checks a level after 100 ms). */
  tickMs?: number;
  /** Messages read per level per tick. */
  batchMax?: number;
  now?: () => number;
}

const TICK_MS_DEFAULT = 100;
const BATCH_MAX_DEFAULT = 32;

export class ScheduleService {
  private readonly timer: ReturnType<typeof setInterval>;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly o: ScheduleOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.timer = setInterval(() => {
      if (this.running === undefined) this.running = this.tick().finally(() => (this.running = undefined));
    }, o.tickMs ?? TICK_MS_DEFAULT);
  }

  /** Stops the timer; a delivery round in progress finishes. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every level. */
  async tick(): Promise<void> {
    for (let level = 1; level <= this.ctx.delayLevelsMs.length && !this.closed; level++) {
      try {
        await this.deliverLevel(level);
      } catch (e) {
        this.ctx.log.error("delayed delivery failed", { level, error: String(e) });
      }
    }
  }

  private async deliverLevel(level: number): Promise<void> {
    const { store } = this.ctx;
    const queueId = level - 1;
    const delayMs = this.ctx.delayLevelsMs[queueId] ?? 0;
    const min = store.minOffset(SystemTopic.SCHEDULE, queueId);
    let offset = Math.max(store.meta.delayOffsets.get(level) ?? 0, min);
    const result = store.getMessages(SystemTopic.SCHEDULE, queueId, queueOffset(offset), this.o.batchMax ?? BATCH_MAX_DEFAULT);
    for (const bytes of result.records) {
      const record = decodeRecord(bytes);
      const now = this.now();
      const deliverMs = Math.min(record.storeTimestamp + delayMs, now + delayMs);
      if (deliverMs > now) break;
      const put = await store.put(realMessage(record));
      if (!isStored(put)) {
        this.ctx.log.warn("delayed message not delivered, will retry", { level, status: put.status, reason: put.reason });
        break;
      }
      offset = record.queueOffset + 1;
      store.meta.delayOffsets.set(level, queueOffset(offset));
    }
  }
}

/** The parked record as a message for its real topic and queue. */
function realMessage(record: MessageRecord): MessageToStore {
  const properties = parseProperties(record.properties);
  const topic = properties.get(MessageProperty.REAL_TOPIC) ?? record.topic;
  const queueId = Number(properties.get(MessageProperty.REAL_QID) ?? 0);
  properties.delete(MessageProperty.DELAY);
  return {
    topic,
    queueId: Number.isInteger(queueId) && queueId >= 0 ? queueId : 0,
    flag: record.flag,
    body: record.body,
    properties: formatProperties(properties),
    sysFlag: record.sysFlag,
    bornTimestamp: record.bornTimestamp,
    bornHost: record.bornHost,
    reconsumeTimes: record.reconsumeTimes,
    preparedTransactionOffset: record.preparedTransactionOffset,
  };
}
