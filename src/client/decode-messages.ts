// From a PULL_MESSAGE body (stored records, remoting-protocol.md §5.1) to what a consumer's
// listener sees: bodies inflated when sysFlag says zlib, the msgId as Java's MessageClientExt
// reports it (UNIQ_KEY, else offsetMsgId), and a retried message's topic set back from
// RETRY_TOPIC.
import { inflateSync } from "node:zlib";
import {
  decodeRecords,
  MessageProperty,
  forEachProperty,
  MessageSysFlag,
  offsetMsgId,
  retryTopicOf,
  type MessageRecord,
} from "../common/index.ts";
import type { MessageExt } from "./message.ts";

const COMPRESSION_TYPE_MASK = 0x700;
const COMPRESSION_ZLIB = 0x300;

/** The body as the producer sent it; throws for a compression type other than zlib. */
export function inflateBody(body: Uint8Array, sysFlag: number): Uint8Array {
  if ((sysFlag & MessageSysFlag.COMPRESSED) === 0) return body;
  const type = sysFlag & COMPRESSION_TYPE_MASK;
  if (type !== 0 && type !== COMPRESSION_ZLIB) throw new Error(`unsupported compression type 0x${type.toString(16)}`);
  return new Uint8Array(inflateSync(body));
}

/** name\u0001value\u0002... as an object, read as parseProperties reads it (the last of a name wins). */
function propertiesObject(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  forEachProperty(text, (name, value) => {
    if (name === "__proto__") Object.defineProperty(properties, name, { value, enumerable: true, writable: true, configurable: true });
    else properties[name] = value;
  });
  return properties;
}

export function toMessageExt(record: MessageRecord, brokerName: string): MessageExt {
  const properties = propertiesObject(record.properties);
  const storeHost = `${record.storeHost.ip}:${record.storeHost.port}`;
  const offsetId = offsetMsgId(record.storeHost, record.physicalOffset);
  return {
    topic: record.topic,
    body: inflateBody(record.body.slice(), record.sysFlag),
    tags: properties[MessageProperty.TAGS],
    keys: properties[MessageProperty.KEYS],
    properties,
    msgId: properties[MessageProperty.UNIQ_KEY] ?? offsetId,
    offsetMsgId: offsetId,
    brokerName,
    queueId: record.queueId,
    queueOffset: record.queueOffset,
    commitLogOffset: record.physicalOffset,
    bornTimestamp: record.bornTimestamp,
    storeTimestamp: record.storeTimestamp,
    bornHost: `${record.bornHost.ip}:${record.bornHost.port}`,
    storeHost,
    reconsumeTimes: record.reconsumeTimes,
    sysFlag: record.sysFlag,
    flag: record.flag,
  };
}

/** Decodes a pull body; `group` restores the topic of messages from its %RETRY% topic. */
export function decodePulledMessages(body: Uint8Array | undefined, brokerName: string, group?: string): MessageExt[] {
  if (!body || body.length === 0) return [];
  const retryTopic = group === undefined ? undefined : retryTopicOf(group);
  return decodeRecords(body).map((record) => {
    const msg = toMessageExt(record, brokerName);
    const original = msg.properties[MessageProperty.RETRY_TOPIC];
    if (retryTopic !== undefined && msg.topic === retryTopic && original !== undefined) msg.topic = original;
    return msg;
  });
}
