// The stored message record: RocketMQ's commitlog layout, which is also one element of a PULL,
// QUERY_MESSAGE or VIEW_MESSAGE_BY_ID body. All integers big-endian. Offsets for IPv4 hosts:
//
//   at  size  field
//    0    4   TOTALSIZE                  length of this whole record
//    4    4   MAGICCODE                  0xDAA320A7 (V1: 1-byte topic length), 0xDAA320AB (V2: 2-byte)
//    8    4   BODYCRC                    crc32(body) & 0x7FFFFFFF
//   12    4   QUEUEID
//   16    4   FLAG                       user flag
//   20    8   QUEUEOFFSET                index in the consume queue
//   28    8   PHYSICALOFFSET             commitlog offset of this record
//   36    4   SYSFLAG                    0x10 bornhost v6, 0x20 storehost v6 (16-byte addresses)
//   40    8   BORNTIMESTAMP              ms
//   48    8   BORNHOST                   IPv4 (4) + port (int32)
//   56    8   STORETIMESTAMP             ms
//   64    8   STOREHOST                  IPv4 (4) + port (int32)
//   72    4   RECONSUMETIMES
//   76    8   PREPAREDTRANSACTIONOFFSET
//   84  4+n   BODY                       int32 length + bytes
//       1+t   TOPIC                      int8 length + UTF-8 (V1); int16 length (V2, topic > 127 bytes)
//       2+p   PROPERTIES                 int16 length + UTF-8 properties string
//
// Size = 91 + n + t + p for V1 with IPv4 hosts. mq writes V1 and IPv4 only (V2 for topics over
// 127 bytes); it decodes V2 and IPv6 hosts. On disk only, the end-of-segment blank record is
// [TOTALSIZE = bytes left in the segment][MAGICCODE 0xCBD43194].

import { ipText, ipv4Bytes, type HostAddress } from "./host-address.ts";
import { readInt64, writeInt64 } from "./int64.ts";

export const MAGIC_V1 = 0xdaa320a7 | 0;
export const MAGIC_V2 = 0xdaa320ab | 0;
export const MAGIC_BLANK = 0xcbd43194 | 0;
export const BLANK_RECORD_BYTES = 8;
export const RECORD_FIXED_BYTES = 91;
export const MessageSysFlag = {
  COMPRESSED: 0x1,
  MULTI_TAGS: 0x2,
  TRANSACTION_MASK: 0xc,
  TRANSACTION_NOT: 0x0,
  TRANSACTION_PREPARED: 0x4,
  TRANSACTION_COMMIT: 0x8,
  TRANSACTION_ROLLBACK: 0xc,
  BORNHOST_V6: 0x10,
  STOREHOST_V6: 0x20,
} as const;

export const RecordField = {
  TOTAL_SIZE: 0,
  MAGIC: 4,
  BODY_CRC: 8,
  QUEUE_ID: 12,
  FLAG: 16,
  QUEUE_OFFSET: 20,
  PHYSICAL_OFFSET: 28,
  SYS_FLAG: 36,
  BORN_TIMESTAMP: 40,
  BORN_HOST: 48,
} as const;

// The fields after BORNHOST move with the hosts' width (IPv4: 8 bytes, IPv6: 20), which sysFlag
// says. These give their offsets within the record; every reader of a record at a position uses them.
const hostBytes = (sysFlag: number, v6Flag: number): number => ((sysFlag & v6Flag) !== 0 ? 20 : 8);

/** STORETIMESTAMP's offset in a record. */
export function storeTimestampOffset(sysFlag: number): number {
  return RecordField.BORN_HOST + hostBytes(sysFlag, MessageSysFlag.BORNHOST_V6);
}

/** BODY's int32 length's offset in a record (after STOREHOST, RECONSUMETIMES and PREPAREDTRANSACTIONOFFSET). */
export function bodyLengthOffset(sysFlag: number): number {
  return storeTimestampOffset(sysFlag) + 8 + hostBytes(sysFlag, MessageSysFlag.STOREHOST_V6) + 4 + 8;
}

export interface MessageRecord {
  bodyCrc: number;
  queueId: number;
  flag: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  storeTimestamp: number;
  storeHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  body: Uint8Array;
  topic: string;
  properties: string;
}

/** A record ready to write: the strings already UTF-8 encoded and the CRC computed. */
export interface EncodableRecord extends Omit<MessageRecord, "topic" | "properties"> {
  topicBytes: Uint8Array;
  propertiesBytes: Uint8Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function recordSize(bodyBytes: number, topicBytes: number, propertiesBytes: number): number {
  return RECORD_FIXED_BYTES + bodyBytes + topicBytes + propertiesBytes + (topicBytes > 127 ? 1 : 0);
}

/** Writes the record at `at` (the caller sized the target with recordSize); returns its size. */
export function writeRecord(target: Uint8Array, view: DataView, at: number, record: EncodableRecord): number {
  const { body, topicBytes, propertiesBytes } = record;
  const size = recordSize(body.length, topicBytes.length, propertiesBytes.length);
  const sysFlag = record.sysFlag & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
  view.setInt32(at, size);
  view.setInt32(at + 4, topicBytes.length > 127 ? MAGIC_V2 : MAGIC_V1);
  view.setInt32(at + 8, record.bodyCrc);
  view.setInt32(at + 12, record.queueId);
  view.setInt32(at + 16, record.flag);
  writeInt64(view, at + 20, record.queueOffset);
  writeInt64(view, at + 28, record.physicalOffset);
  view.setInt32(at + 36, sysFlag);
  writeInt64(view, at + 40, record.bornTimestamp);
  writeHost(target, view, at + 48, record.bornHost);
  writeInt64(view, at + 56, record.storeTimestamp);
  writeHost(target, view, at + 64, record.storeHost);
  view.setInt32(at + 72, record.reconsumeTimes);
  writeInt64(view, at + 76, record.preparedTransactionOffset);
  view.setInt32(at + 84, body.length);
  target.set(body, at + 88);
  let p = at + 88 + body.length;
  if (topicBytes.length > 127) {
    view.setInt16(p, topicBytes.length);
    p += 2;
  } else {
    view.setInt8(p, topicBytes.length);
    p += 1;
  }
  target.set(topicBytes, p);
  p += topicBytes.length;
  view.setInt16(p, propertiesBytes.length);
  target.set(propertiesBytes, p + 2);
  return size;
}

function writeHost(target: Uint8Array, view: DataView, at: number, host: HostAddress): void {
  const ip = ipv4Bytes(host.ip); // byte by byte: set() from a plain array is ~10x slower
  target[at] = ip[0];
  target[at + 1] = ip[1];
  target[at + 2] = ip[2];
  target[at + 3] = ip[3];
  view.setInt32(at + 4, host.port);
}

/** Encodes one record into a new array (tests, tools and the broker's re-encodes). */
export function encodeRecord(record: MessageRecord): Uint8Array {
  const encodable: EncodableRecord = {
    ...record,
    topicBytes: utf8.encode(record.topic),
    propertiesBytes: utf8.encode(record.properties),
  };
  const size = recordSize(record.body.length, encodable.topicBytes.length, encodable.propertiesBytes.length);
  const target = new Uint8Array(size);
  writeRecord(target, new DataView(target.buffer), 0, encodable);
  return target;
}

/** Decodes the record at `at` (view: a DataView over all of bytes, when the caller has one). The
 *  body is a view into `bytes`, not a copy. */
export function decodeRecord(
  bytes: Uint8Array,
  at = 0,
  view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
): MessageRecord & { totalSize: number; magic: number } {
  const totalSize = view.getInt32(at);
  const magic = view.getInt32(at + 4);
  if (magic !== MAGIC_V1 && magic !== MAGIC_V2) throw new Error(`not a message record: magic ${magic >>> 0}`);
  const sysFlag = view.getInt32(at + 36);
  let p = at + 48;
  const bornHost = readHost(bytes, view, p, (sysFlag & MessageSysFlag.BORNHOST_V6) !== 0);
  p += (sysFlag & MessageSysFlag.BORNHOST_V6) !== 0 ? 20 : 8;
  const storeTimestamp = readInt64(view, p);
  p += 8;
  const storeHost = readHost(bytes, view, p, (sysFlag & MessageSysFlag.STOREHOST_V6) !== 0);
  p += (sysFlag & MessageSysFlag.STOREHOST_V6) !== 0 ? 20 : 8;
  const reconsumeTimes = view.getInt32(p);
  const preparedTransactionOffset = readInt64(view, p + 4);
  const bodyLength = view.getInt32(p + 12);
  const body = bytes.subarray(p + 16, p + 16 + bodyLength);
  p += 16 + bodyLength;
  const topicLength = magic === MAGIC_V2 ? view.getInt16(p) : view.getUint8(p);
  p += magic === MAGIC_V2 ? 2 : 1;
  const topic = topicText(bytes, p, topicLength);
  p += topicLength;
  const propertiesLength = view.getInt16(p);
  const properties = utf8Decoder.decode(bytes.subarray(p + 2, p + 2 + propertiesLength));
  return {
    totalSize,
    magic,
    bodyCrc: view.getInt32(at + 8),
    queueId: view.getInt32(at + 12),
    flag: view.getInt32(at + 16),
    queueOffset: readInt64(view, at + 20),
    physicalOffset: readInt64(view, at + 28),
    sysFlag,
    bornTimestamp: readInt64(view, at + 40),
    bornHost,
    storeTimestamp,
    storeHost,
    reconsumeTimes,
    preparedTransactionOffset,
    body,
    topic,
    properties,
  };
}

function readHost(bytes: Uint8Array, view: DataView, at: number, v6: boolean): HostAddress {
  if (v6) return { ip: ipText(bytes.subarray(at, at + 16)), port: view.getInt32(at + 16) };
  return { ip: ipv4Text(view.getUint32(at)), port: view.getInt32(at + 4) };
}

// Records of one pull mostly share a topic and hosts: the last text made for each is kept, and
// reused when the bytes are the same (decoding is per record on the consumer's and broker's
// read paths; a new string for each was ~10% of a consumer's decoding).
let lastIp = -1;
let lastIpText = "";

function ipv4Text(ip: number): string {
  if (ip !== lastIp) {
    lastIp = ip;
    lastIpText = `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
  }
  return lastIpText;
}

const lastTopicBytes = new Uint8Array(127);
let lastTopicLength = -1;
let lastTopic = "";

function topicText(bytes: Uint8Array, at: number, length: number): string {
  if (length === lastTopicLength) {
    let i = 0;
    while (i < length && bytes[at + i] === lastTopicBytes[i]) i++;
    if (i === length) return lastTopic;
  }
  const topic = utf8Decoder.decode(bytes.subarray(at, at + length));
  if (length <= lastTopicBytes.length) {
    lastTopicBytes.set(bytes.subarray(at, at + length));
    lastTopicLength = length;
    lastTopic = topic;
  }
  return topic;
}

/** Decodes every record of a PULL/QUERY body (records concatenated with no separator). */
export function decodeRecords(bytes: Uint8Array): MessageRecord[] {
  const records: MessageRecord[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 4 <= bytes.length; ) {
    const size = view.getInt32(at);
    if (size <= 0 || at + size > bytes.length) throw new Error(`truncated record at ${at}`);
    records.push(decodeRecord(bytes, at, view));
    at += size;
  }
  return records;
}
