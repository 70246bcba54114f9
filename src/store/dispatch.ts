// Dispatch (RocketMQ's reput): every record that reaches the commitlog is turned into a
// DispatchRequest and fanned out, in commitlog order, to its consume queue and the onDispatch
// listeners; at the end of each batch the message index (its worker) hears the new end. Consume queues and index are therefore pure functions of the
// commitlog: a slave's appendRaw and a rebuild after a crash go through the same code.

import {
  assert,
  bodyLengthOffset,
  MAGIC_V2,
  MessageProperty,
  RecordField,
  storeTimestampOffset,
  MessageSysFlag,
  propertyOf,
  readInt64,
  SystemTopic,
  type Logger,
  physicalOffset,
  queueOffset,
} from "../common/index.ts";
import type { DispatchEvent } from "./api.ts";
import type { MessageIndex } from "./message-index.ts";
import type { QueueTable } from "./queue-table.ts";

export interface DispatchRequest {
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  size: number;
  sysFlag: number;
  storeTimestamp: number;
  properties: string;
}

/** Prepared and rollback half messages never enter a consume queue. */
export function entersConsumeQueue(sysFlag: number): boolean {
  const type = sysFlag & MessageSysFlag.TRANSACTION_MASK;
  return type === MessageSysFlag.TRANSACTION_NOT || type === MessageSysFlag.TRANSACTION_COMMIT;
}

export function tagsCodeOf(request: DispatchRequest, delayLevelsMs: readonly number[]): number {
  if (request.topic === SystemTopic.SCHEDULE) {
    const level = Number(propertyOf(request.properties, MessageProperty.DELAY) ?? 0);
    const clamped = Math.min(Math.max(level, 1), delayLevelsMs.length);
    return request.storeTimestamp + (delayLevelsMs[clamped - 1] ?? 0);
  }
  return tagsHashOf(request.properties);
}

const TAGS_PREFIX = MessageProperty.TAGS + "\u0001";
const PROPERTY_SEPARATOR = 2;

/** javaStringHash(propertyOf(properties, TAGS)), 0 when absent or empty, in one pass with no
 *  substring: it runs for every record, and the two calls were ~9% of a put. */
export function tagsHashOf(properties: string): number {
  let at = properties.indexOf(TAGS_PREFIX);
  while (at > 0 && properties.charCodeAt(at - 1) !== PROPERTY_SEPARATOR) at = properties.indexOf(TAGS_PREFIX, at + 1);
  if (at < 0) return 0;
  let hash = 0;
  for (let i = at + TAGS_PREFIX.length; i < properties.length; i++) {
    const code = properties.charCodeAt(i);
    if (code === PROPERTY_SEPARATOR) break;
    hash = (Math.imul(31, hash) + code) | 0;
  }
  return hash;
}

export class Dispatcher {
  /** End of the last record dispatched: consume queues and index cover everything below. */
  dispatchedOffset = 0;
  private readonly listeners = new Set<(event: DispatchEvent) => void>();
  private events: DispatchEvent[] = [];

  constructor(
    private readonly queues: QueueTable,
    private readonly index: MessageIndex | undefined,
    private readonly delayLevelsMs: readonly number[],
    private readonly log: Logger,
  ) {}

  onDispatch(listener: (event: DispatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispatch(request: DispatchRequest): void {
    // Checked before assert: building its message for every record cost the put path ~5%.
    if (request.physicalOffset < this.dispatchedOffset) {
      assert(false, `dispatch at ${request.physicalOffset} behind ${this.dispatchedOffset}`);
    }
    this.dispatchedOffset = request.physicalOffset + request.size;
    if (!entersConsumeQueue(request.sysFlag)) return;
    const queue = this.queues.getOrCreate(request.topic, request.queueId);
    if (request.queueOffset < queue.maxOffset) return; // already built (rebuild after a restart)
    const tagsCode = tagsCodeOf(request, this.delayLevelsMs);
    queue.append(request.queueOffset, request.physicalOffset, request.size, tagsCode);
    if (this.listeners.size === 0) return;
    this.events.push({
      topic: request.topic,
      queueId: request.queueId,
      queueOffset: queueOffset(request.queueOffset),
      physicalOffset: physicalOffset(request.physicalOffset),
      size: request.size,
      tagsCode,
      storeTimestamp: request.storeTimestamp,
      properties: request.properties,
    });
  }

  /** Ends a dispatch batch: the index worker is told, then listeners hear of the new entries.
   *  (Queue entries stay buffered in their ConsumeQueue until it fills or is synced (reads see them): they
   *  are derived data, and the checkpoint only counts synced ones.) */
  endBatch(): void {
    this.index?.indexTo(this.dispatchedOffset);
    const events = this.events;
    this.events = [];
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.log.error("dispatch listener failed", { error: String(error) });
        }
      }
    }
  }
}

const utf8Decoder = new TextDecoder();

/** The dispatch request of the record at `at` (its magic already checked); the body is not read. */
export function dispatchRequestOf(bytes: Uint8Array, view: DataView, at: number, physical: number): DispatchRequest {
  const size = view.getInt32(at + RecordField.TOTAL_SIZE);
  const sysFlag = view.getInt32(at + RecordField.SYS_FLAG);
  const storeTimestampAt = at + storeTimestampOffset(sysFlag);
  const bodyLengthAt = at + bodyLengthOffset(sysFlag);
  let p = bodyLengthAt + 4 + view.getInt32(bodyLengthAt);
  const v2 = view.getInt32(at + RecordField.MAGIC) === MAGIC_V2;
  const topicLength = v2 ? view.getInt16(p) : view.getUint8(p);
  p += v2 ? 2 : 1;
  const topic = utf8Decoder.decode(bytes.subarray(p, p + topicLength));
  p += topicLength;
  const propertiesLength = view.getInt16(p);
  return {
    topic,
    queueId: view.getInt32(at + RecordField.QUEUE_ID),
    queueOffset: readInt64(view, at + RecordField.QUEUE_OFFSET),
    physicalOffset: physical,
    size,
    sysFlag,
    storeTimestamp: readInt64(view, storeTimestampAt),
    properties: utf8Decoder.decode(bytes.subarray(p + 2, p + 2 + propertiesLength)),
  };
}
