// RegisterBrokerBody, the REGISTER_BROKER (103) body (remoting-protocol.md §2.2, §4.4).
//
// JSON form (header compressed=false, the default):
//   {"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{DataVersion},
//    "topicConfigTable":{"T":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",
//                             "topicName":"T","topicSysFlag":0,"writeQueueNums":4}}}}
// Compressed form (compressed=true): a zlib (Java Deflater) stream of, big-endian:
//   int32 len | DataVersion JSON
//   int32 topicCount
//   topicCount × (int32 len | "<topic> <readQ> <writeQ> <perm> <filterType>"[ " <attributes JSON>"])
//   int32 len | filterServerList JSON
//   (5.x may append static-topic mapping data; ignored)
// The compressed form loses topicSysFlag and order.
// Header bodyCrc32, when not 0, is crc32(body) & 0x7fffffff.
import { deflateSync, inflateSync, crc32 } from "node:zlib";
import type { TopicConfig, TopicFilterType } from "../topic-config.ts";
import { readDataVersion, type DataVersion } from "./data-version.ts";
import { parseBody, parseFastjson, utf8 } from "./fastjson.ts";
import { asFields, bool, fieldsOf, list, malformed, num, optStr, str, type Fields } from "./shape.ts";

export interface TopicConfigSerializeWrapper {
  dataVersion: DataVersion;
  topicConfigTable: Record<string, TopicConfig>;
}

export interface RegisterBrokerBody {
  topicConfigSerializeWrapper: TopicConfigSerializeWrapper;
  filterServerList: string[];
}

export const bodyCrc32 = (body: Uint8Array): number => crc32(body) & 0x7fffffff;

export function encodeRegisterBrokerBody(body: RegisterBrokerBody, compressed: boolean): Uint8Array {
  return compressed ? encodeCompressed(body) : utf8(JSON.stringify(registerBodyJson(body)));
}

export function decodeRegisterBrokerBody(bytes: Uint8Array | undefined, compressed: boolean): RegisterBrokerBody {
  if (compressed) return decodeCompressed(bytes ?? new Uint8Array());
  const o = asFields(parseBody(bytes), "RegisterBrokerBody");
  return {
    topicConfigSerializeWrapper: readTopicConfigWrapper(fieldsOf(o, "topicConfigSerializeWrapper")),
    filterServerList: list(o, "filterServerList").map(String),
  };
}

/** The wrapper as JSON fields; also the GET_ALL_TOPIC_CONFIG (21) body. */
export function topicConfigWrapperJson(w: TopicConfigSerializeWrapper): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(w.topicConfigTable)) table[name] = topicConfigJson(t);
  return { dataVersion: w.dataVersion, topicConfigTable: table };
}

export function readTopicConfigWrapper(o: Fields): TopicConfigSerializeWrapper {
  const topicConfigTable: Record<string, TopicConfig> = {};
  const table = fieldsOf(o, "topicConfigTable");
  for (const name of Object.keys(table)) topicConfigTable[name] = readTopicConfig(asFields(table[name], name), name);
  return { dataVersion: readDataVersion(fieldsOf(o, "dataVersion")), topicConfigTable };
}

export function readTopicConfig(o: Fields, name: string): TopicConfig {
  return {
    topicName: optStr(o, "topicName") ?? name,
    readQueueNums: num(o, "readQueueNums", 16),
    writeQueueNums: num(o, "writeQueueNums", 16),
    perm: num(o, "perm", 6),
    topicFilterType: filterType(optStr(o, "topicFilterType")),
    topicSysFlag: num(o, "topicSysFlag", 0),
    order: bool(o, "order", false),
  };
}

/** A TopicConfig as RocketMQ's JSON fields; also the GET_TOPIC_CONFIG (351) body. */
export function topicConfigJson(t: TopicConfig): Record<string, unknown> {
  return {
    order: t.order,
    perm: t.perm,
    readQueueNums: t.readQueueNums,
    topicFilterType: t.topicFilterType,
    topicName: t.topicName,
    topicSysFlag: t.topicSysFlag,
    writeQueueNums: t.writeQueueNums,
  };
}

function registerBodyJson(body: RegisterBrokerBody): Record<string, unknown> {
  return {
    filterServerList: body.filterServerList,
    topicConfigSerializeWrapper: topicConfigWrapperJson(body.topicConfigSerializeWrapper),
  };
}

const filterType = (s: string | undefined): TopicFilterType => (s === "MULTI_TAG" ? "MULTI_TAG" : "SINGLE_TAG");

function encodeCompressed(body: RegisterBrokerBody): Uint8Array {
  const w = body.topicConfigSerializeWrapper;
  const parts: Uint8Array[] = [lengthPrefixed(utf8(JSON.stringify(w.dataVersion)))];
  const topics = Object.values(w.topicConfigTable);
  parts.push(int32(topics.length));
  for (const t of topics) {
    const line = `${t.topicName} ${t.readQueueNums} ${t.writeQueueNums} ${t.perm} ${t.topicFilterType}`;
    parts.push(lengthPrefixed(utf8(line)));
  }
  parts.push(lengthPrefixed(utf8(JSON.stringify(body.filterServerList))));
  return new Uint8Array(deflateSync(Buffer.concat(parts)));
}

function decodeCompressed(bytes: Uint8Array): RegisterBrokerBody {
  const raw = inflateSync(bytes);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let pos = 0;
  const next = (): string => {
    if (pos + 4 > raw.length) throw malformed("compressed RegisterBrokerBody truncated");
    const len = view.getInt32(pos);
    if (len < 0 || pos + 4 + len > raw.length) throw malformed("compressed RegisterBrokerBody truncated");
    pos += 4 + len;
    return raw.subarray(pos - len, pos).toString("utf8");
  };
  const dataVersion = readDataVersion(asFields(parseFastjson(next()), "DataVersion"));
  if (pos + 4 > raw.length) throw malformed("compressed RegisterBrokerBody truncated");
  const count = view.getInt32(pos);
  pos += 4;
  const topicConfigTable: Record<string, TopicConfig> = {};
  for (let i = 0; i < count; i++) {
    const t = decodeTopicLine(next());
    topicConfigTable[t.topicName] = t;
  }
  const filters = parseFastjson(next());
  return {
    topicConfigSerializeWrapper: { dataVersion, topicConfigTable },
    filterServerList: Array.isArray(filters) ? filters.map(String) : [],
  };
}

/** "<topic> <readQ> <writeQ> <perm> <filterType>[ <attributes JSON>]" (TopicConfig.encode). */
function decodeTopicLine(line: string): TopicConfig {
  const f = line.split(" ");
  if (f.length < 5) throw malformed(`topic config line "${line}"`);
  const o: Fields = { topicName: f[0], readQueueNums: f[1], writeQueueNums: f[2], perm: f[3], topicFilterType: f[4] };
  return readTopicConfig(o, str(o, "topicName"));
}

function int32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n);
  return b;
}

const lengthPrefixed = (bytes: Uint8Array): Uint8Array => Buffer.concat([int32(bytes.length), bytes]);
