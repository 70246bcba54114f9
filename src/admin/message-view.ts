// A stored message as admin tools show it: the decoded record plus both of RocketMQ's ids.
//   offsetMsgId  storeHost + port + physical offset (what VIEW_MESSAGE_BY_ID takes)
//   msgId        UNIQ_KEY when the producer set one (Java, Go), else the offsetMsgId (ali-ons)
import {
  decodeRecords,
  MessageProperty,
  offsetMsgId,
  parseProperties,
  type MessageRecord,
} from "../common/index.ts";

export interface MessageView extends MessageRecord {
  msgId: string;
  offsetMsgId: string;
  /** Insertion order as stored. */
  propertyMap: Map<string, string>;
  storeSize: number;
  /** The broker the record was read from, when known. */
  brokerName?: string;
}

export function viewsOf(body: Uint8Array | undefined, brokerName?: string): MessageView[] {
  if (body === undefined || body.length === 0) return [];
  const out: MessageView[] = [];
  let at = 0;
  for (const record of decodeRecords(body)) {
    const propertyMap = parseProperties(record.properties);
    const offsetId = offsetMsgId(record.storeHost, record.physicalOffset);
    const size = new DataView(body.buffer, body.byteOffset + at, 4).getInt32(0);
    at += size;
    out.push({
      ...record, propertyMap, offsetMsgId: offsetId, storeSize: size,
      msgId: propertyMap.get(MessageProperty.UNIQ_KEY) || offsetId, ...(brokerName ? { brokerName } : {}),
    });
  }
  return out;
}

/** The KEYS property split on spaces, as RocketMQ's index and Message.getKeys read it. */
export const keysOf = (m: MessageView): string[] =>
  (m.propertyMap.get(MessageProperty.KEYS) ?? "").split(" ").filter((k) => k.length > 0);
