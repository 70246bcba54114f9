// The RocketMQ properties string: name \u0001 value \u0002 name \u0001 value ... (UTF-8 on disk,
// at most 32767 bytes). Java 4.9 writes no trailing \u0002; older clients do. The parser tolerates
// trailing separators and empty segments, and skips segments without a name (as Java does).

export const NAME_VALUE_SEPARATOR = "\u0001";
export const PROPERTY_SEPARATOR = "\u0002";
export const PROPERTIES_MAX_BYTES = 32767;

/** Property names the store and broker act on (MessageConst). */
export const MessageProperty = {
  KEYS: "KEYS",
  TAGS: "TAGS",
  WAIT: "WAIT",
  DELAY: "DELAY",
  RETRY_TOPIC: "RETRY_TOPIC",
  REAL_TOPIC: "REAL_TOPIC",
  REAL_QID: "REAL_QID",
  TRAN_MSG: "TRAN_MSG",
  PGROUP: "PGROUP",
  UNIQ_KEY: "UNIQ_KEY",
  CLUSTER: "CLUSTER",
  MSG_REGION: "MSG_REGION",
  TRACE_ON: "TRACE_ON",
  ORIGIN_MESSAGE_ID: "ORIGIN_MESSAGE_ID",
  MAX_RECONSUME_TIMES: "MAX_RECONSUME_TIMES",
  RECONSUME_TIME: "RECONSUME_TIME",
  TRAN_PREPARED_QUEUE_OFFSET: "TRAN_PREPARED_QUEUE_OFFSET",
  TRANSACTION_CHECK_TIMES: "TRANSACTION_CHECK_TIMES",
  CHECK_IMMUNITY_TIME_IN_SECONDS: "CHECK_IMMUNITY_TIME_IN_SECONDS",
  /** The half message's UNIQ_KEY, added by the broker (TransactionalMessageUtil.TRANSACTION_ID). */
  TRANSACTION_ID: "__transactionId__",
  /** RocketMQ 5 timer messages (RIP-43): absolute epoch ms, or a delay in s or ms. */
  TIMER_DELIVER_MS: "TIMER_DELIVER_MS",
  TIMER_DELAY_SEC: "TIMER_DELAY_SEC",
  TIMER_DELAY_MS: "TIMER_DELAY_MS",
  /** Set by the broker: when a parked timer message falls due, and when it was parked and fired. */
  TIMER_OUT_MS: "TIMER_OUT_MS",
  TIMER_ENQUEUE_MS: "TIMER_ENQUEUE_MS",
  TIMER_DEQUEUE_MS: "TIMER_DEQUEUE_MS",
  /** Aliyun ONS's absolute delivery time in ms (ali-ons setStartDeliverTime). */
  START_DELIVER_TIME: "__STARTDELIVERTIME",
  /** Request-reply: the request's id, the requester's clientId, its timeout, and "reply" on replies. */
  CORRELATION_ID: "CORRELATION_ID",
  REPLY_TO_CLIENT: "REPLY_TO_CLIENT",
  TTL: "TTL",
  MSG_TYPE: "MSG_TYPE",
  PUSH_REPLY_TIME: "PUSH_REPLY_TIME",
} as const;

/** Calls visit(name, value) for each property in order, skipping segments without a name as
 *  every reader here does; visit returns false to stop. Returns false when visit stopped. */
export function forEachProperty(text: string, visit: (name: string, value: string) => boolean | void): boolean {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf(PROPERTY_SEPARATOR, from);
    if (end < 0) end = text.length;
    const at = text.indexOf(NAME_VALUE_SEPARATOR, from);
    if (at > from && at < end && visit(text.slice(from, at), text.slice(at + 1, end)) === false) return false;
    from = end + 1;
  }
  return true;
}

export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  forEachProperty(text, (name, value) => {
    properties.set(name, value);
  });
  return properties;
}

export function formatProperties(properties: ReadonlyMap<string, string> | Record<string, string>): string {
  const entries = properties instanceof Map ? [...properties] : Object.entries(properties);
  return entries.map(([name, value]) => name + NAME_VALUE_SEPARATOR + value).join(PROPERTY_SEPARATOR);
}

/** One property's value without building a map (the dispatch path reads TAGS, KEYS, UNIQ_KEY). */
export function propertyOf(text: string, name: string): string | undefined {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf(PROPERTY_SEPARATOR, from);
    if (end < 0) end = text.length;
    if (
      text.startsWith(name, from) &&
      text.charCodeAt(from + name.length) === 1 &&
      from + name.length < end
    ) {
      return text.slice(from + name.length + 1, end);
    }
    from = end + 1;
  }
  return undefined;
}
