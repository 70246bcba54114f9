// The client's message model: what an application sends (Message), what it receives
// (MessageExt), where messages live (MessageQueue) and what a send returns (SendResult).

/** A message to send. `body` strings are sent as UTF-8. */
export interface Message {
  topic: string;
  body: Uint8Array | string;
  /** One tag; consumers filter on it ("TagA || TagB"). */
  tags?: string;
  /** Business keys, indexed by the broker for QUERY_MESSAGE (space separated on the wire). */
  keys?: string | string[];
  /** Delay level 1..18 (1s 5s 10s 30s 1m ... 2h); 0 or absent = deliver at once. */
  delayTimeLevel?: number;
  /** Timer message (RocketMQ 5): deliver at this epoch time in ms (property TIMER_DELIVER_MS). */
  deliverTimeMs?: number;
  /** Timer message (RocketMQ 5): deliver this many ms after the broker stores it (TIMER_DELAY_MS). */
  delayTimeMs?: number;
  /** User properties; names must not collide with RocketMQ's own (TAGS, KEYS, UNIQ_KEY, ...). */
  properties?: Record<string, string>;
  /** The user flag (an int32 the broker stores untouched). */
  flag?: number;
  /** Whether the broker waits for the store before answering (property WAIT); default true. */
  waitStoreMsgOk?: boolean;
}

/** A message as a consumer receives it. */
export interface MessageExt {
  /** The topic; for a retried message, the original topic again (from RETRY_TOPIC). */
  topic: string;
  body: Uint8Array;
  tags?: string;
  keys?: string;
  /** Every property on the stored message, RocketMQ's own included. */
  properties: Record<string, string>;
  /** UNIQ_KEY when the producer set one, else offsetMsgId (as Java's MessageClientExt). */
  msgId: string;
  /** The broker's id: store host + physical offset. */
  offsetMsgId: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  bornTimestamp: number;
  storeTimestamp: number;
  bornHost: string;
  storeHost: string;
  reconsumeTimes: number;
  sysFlag: number;
  flag: number;
}

/** One queue of a topic on one broker. */
export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export const SendStatus = {
  SEND_OK: "SEND_OK",
  FLUSH_DISK_TIMEOUT: "FLUSH_DISK_TIMEOUT",
  FLUSH_SLAVE_TIMEOUT: "FLUSH_SLAVE_TIMEOUT",
  SLAVE_NOT_AVAILABLE: "SLAVE_NOT_AVAILABLE",
} as const;
export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];

export interface SendResult {
  sendStatus: SendStatus;
  /** UNIQ_KEY of the message (comma-joined for a batch). */
  msgId: string;
  /** The broker's offsetMsgId (comma-joined for a batch). */
  offsetMsgId: string;
  messageQueue: MessageQueue;
  /** Queue offset of the (first) stored message. */
  queueOffset: number;
  regionId?: string;
}

/** What a push consumer's listener returns for a batch of messages. */
export type ConsumeResult = "CONSUME_SUCCESS" | "RECONSUME_LATER";

export const mqKey = (mq: MessageQueue): string => `${mq.topic}@${mq.brokerName}@${mq.queueId}`;

/** Java's MessageQueue order: topic, then brokerName, then queueId. */
export function compareQueues(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}
