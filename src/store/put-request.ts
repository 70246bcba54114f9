// Validation and preparation of messages at the edge of put: strings encoded, CRC computed and
// the record size known, so the batch writer only copies bytes.

import { bodyCrc, PROPERTIES_MAX_BYTES, recordSize, BLANK_RECORD_BYTES } from "../common/index.ts";
import type { MessageToStore, PutRefused } from "./api.ts";

export interface PreparedMessage {
  message: MessageToStore;
  topicBytes: Uint8Array;
  propertiesBytes: Uint8Array;
  bodyCrc: number;
  size: number;
}

const utf8 = new TextEncoder();
/** Encoded topic names: a broker writes to a bounded set of topics, so each is encoded once. */
const topicBytesCache = new Map<string, Uint8Array>();
const TOPIC_CACHE_MAX = 4096;

function topicBytesOf(topic: string): Uint8Array {
  let bytes = topicBytesCache.get(topic);
  if (!bytes) {
    if (topicBytesCache.size >= TOPIC_CACHE_MAX) topicBytesCache.clear();
    bytes = utf8.encode(topic);
    topicBytesCache.set(topic, bytes);
  }
  return bytes;
}
/** RocketMQ refuses topics over 127 bytes, except retry topics up to 255. */
const TOPIC_MAX_BYTES = 255;
/** A record may exceed the body limit by this much (headers, topic, properties). */
const RECORD_OVERHEAD_MAX_BYTES = 64 * 1024;

export function prepareMessage(message: MessageToStore, maxMessageSizeBytes: number): PreparedMessage | PutRefused {
  if (message.body.length > maxMessageSizeBytes) {
    return {
      status: "MESSAGE_ILLEGAL",
      reason: `message body is ${message.body.length} bytes, above maxMessageSizeBytes ${maxMessageSizeBytes}`,
    };
  }
  const topicBytes = topicBytesOf(message.topic);
  if (topicBytes.length === 0 || topicBytes.length > TOPIC_MAX_BYTES) {
    return { status: "MESSAGE_ILLEGAL", reason: `topic is ${topicBytes.length} bytes, allowed 1..${TOPIC_MAX_BYTES}` };
  }
  const propertiesBytes = utf8.encode(message.properties);
  if (propertiesBytes.length > PROPERTIES_MAX_BYTES) {
    return {
      status: "PROPERTIES_SIZE_EXCEEDED",
      reason: `message properties are ${propertiesBytes.length} bytes, above the limit of ${PROPERTIES_MAX_BYTES}`,
    };
  }
  const size = recordSize(message.body.length, topicBytes.length, propertiesBytes.length);
  if (size > maxMessageSizeBytes + RECORD_OVERHEAD_MAX_BYTES) {
    return {
      status: "MESSAGE_ILLEGAL",
      reason: `message record is ${size} bytes, above maxMessageSizeBytes ${maxMessageSizeBytes} + 64 KiB`,
    };
  }
  return { message, topicBytes, propertiesBytes, bodyCrc: bodyCrc(message.body), size };
}

/** Prepares every message of a put or batch; the first refusal wins. */
export function prepareAll(
  messages: readonly MessageToStore[],
  maxMessageSizeBytes: number,
  segmentBytes: number,
): PreparedMessage[] | PutRefused {
  if (messages.length === 0) return { status: "MESSAGE_ILLEGAL", reason: "a batch needs at least one message" };
  const first = messages[0] as MessageToStore;
  const prepared: PreparedMessage[] = [];
  let total = 0;
  for (const message of messages) {
    if (message.topic !== first.topic || message.queueId !== first.queueId) {
      return { status: "MESSAGE_ILLEGAL", reason: "all messages of a batch must share topic and queue id" };
    }
    const one = prepareMessage(message, maxMessageSizeBytes);
    if ("status" in one) return one;
    prepared.push(one);
    total += one.size;
  }
  if (total + BLANK_RECORD_BYTES > segmentBytes) {
    return {
      status: "MESSAGE_ILLEGAL",
      reason: `${total} bytes of records do not fit in a commitlog segment of ${segmentBytes} bytes`,
    };
  }
  return prepared;
}
