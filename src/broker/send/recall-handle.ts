// The recall handle a timer message's send reply carries (RocketMQ 5.3.2 RecallMessageHandle.HandleV1):
// base64url of "v1 <real topic> <broker name> <due ms + 1> <UNIQ_KEY>", space separated. The +1
// is RocketMQ's (its due times are rounded down); RECALL_MESSAGE (370) hands it back.
const VERSION_1 = "v1";

export interface RecallHandle {
  topic: string;
  brokerName: string;
  /** The due time + 1 ms, as RocketMQ writes it. */
  timestampMs: number;
  uniqKey: string;
}

export function encodeRecallHandle(h: RecallHandle): string {
  return Buffer.from([VERSION_1, h.topic, h.brokerName, String(h.timestampMs), h.uniqKey].join(" "), "utf8").toString("base64url");
}

export function decodeRecallHandle(text: string): RecallHandle | undefined {
  const items = Buffer.from(text, "base64url").toString("utf8").split(" ");
  if (items[0] !== VERSION_1 || items.length < 5) return undefined;
  const timestampMs = Number(items[3]);
  if (!Number.isSafeInteger(timestampMs)) return undefined;
  return { topic: items[1]!, brokerName: items[2]!, timestampMs, uniqKey: items[4]! };
}
