// Admin bodies keyed by MessageQueue (remoting-protocol.md §2.6, §4.8). Written in fastjson's
// object-key form, which Java admin tools and the Go client parse:
//   TopicStatsTable GET_TOPIC_STATS_INFO (202), one entry per write queue:
//     {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"lastUpdateTimestamp":ms,"maxOffset":n,"minOffset":n}}}
//   ConsumeStats GET_CONSUME_STATS (208), one entry per read queue:
//     {"consumeTps":0.0,"offsetTable":{{MessageQueue}:{"brokerOffset":n,"consumerOffset":n,"lastTimestamp":ms,"pullOffset":n}}}
//     (pullOffset is 5.x's: the 5.x mqadmin's consumerProgress prints pullOffset - consumerOffset as #Inflight)
// MessageQueue fields are alphabetical with no spaces; names must not contain "}:" or ",{".
import { parseBody, stringifyFastjson, utf8, type JsonMap, type JsonObject } from "./fastjson.ts";
import { asFields, fieldsOf, num, str, type Fields } from "./shape.ts";

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export interface TopicOffset {
  minOffset: number;
  maxOffset: number;
  lastUpdateTimestamp: number;
}

export interface OffsetWrapper {
  brokerOffset: number;
  consumerOffset: number;
  /** Store time of the last consumed message (ms), 0 if none. */
  lastTimestamp: number;
  /** Where the group's pulls have reached; never below consumerOffset. */
  pullOffset: number;
}

export interface TopicStatsTable {
  offsetTable: Array<[MessageQueue, TopicOffset]>;
}

export interface ConsumeStats {
  consumeTps: number;
  offsetTable: Array<[MessageQueue, OffsetWrapper]>;
}

/** Sort order of queues in admin output: topic, broker name, queue id. */
export function compareMessageQueue(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

export function encodeTopicStatsTable(t: TopicStatsTable): Uint8Array {
  const table: JsonMap = new Map();
  for (const [mq, o] of t.offsetTable) {
    table.set(mqKey(mq), { lastUpdateTimestamp: o.lastUpdateTimestamp, maxOffset: o.maxOffset, minOffset: o.minOffset });
  }
  return utf8(stringifyFastjson({ offsetTable: table }, { quoteNumericKeys: false }));
}

export function decodeTopicStatsTable(bytes: Uint8Array | undefined): TopicStatsTable {
  const o = asFields(parseBody(bytes), "TopicStatsTable");
  return {
    offsetTable: mqEntries(o, (v) => ({
      minOffset: num(v, "minOffset", 0),
      maxOffset: num(v, "maxOffset", 0),
      lastUpdateTimestamp: num(v, "lastUpdateTimestamp", 0),
    })),
  };
}

export function encodeConsumeStats(s: ConsumeStats): Uint8Array {
  return utf8(stringifyFastjson(consumeStatsJson(s), { quoteNumericKeys: false }));
}

/** ConsumeStats as a fastjson value, for bodies that hold several (ConsumeStatsList). */
export function consumeStatsJson(s: ConsumeStats): JsonObject {
  const table: JsonMap = new Map();
  for (const [mq, o] of s.offsetTable) {
    table.set(mqKey(mq), { brokerOffset: o.brokerOffset, consumerOffset: o.consumerOffset, lastTimestamp: o.lastTimestamp, pullOffset: o.pullOffset });
  }
  return { consumeTps: s.consumeTps, offsetTable: table };
}

export function decodeConsumeStats(bytes: Uint8Array | undefined): ConsumeStats {
  return readConsumeStats(asFields(parseBody(bytes), "ConsumeStats"));
}

/** A ConsumeStats already parsed (parseFastjson's output). */
export function readConsumeStats(o: Fields): ConsumeStats {
  return {
    consumeTps: num(o, "consumeTps", 0),
    offsetTable: mqEntries(o, (v) => ({
      brokerOffset: num(v, "brokerOffset", 0),
      consumerOffset: num(v, "consumerOffset", 0),
      lastTimestamp: num(v, "lastTimestamp", 0),
      pullOffset: num(v, "pullOffset", 0),
    })),
  };
}

const mqKey = (mq: MessageQueue): JsonObject => ({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic });

/** The entries of o.offsetTable, whose keys parseFastjson left as MessageQueue JSON text. */
function mqEntries<T>(o: Fields, read: (v: Fields) => T): Array<[MessageQueue, T]> {
  const table = fieldsOf(o, "offsetTable");
  return Object.keys(table).map((key) => {
    const k = asFields(JSON.parse(key), "MessageQueue");
    const mq: MessageQueue = { topic: str(k, "topic"), brokerName: str(k, "brokerName"), queueId: num(k, "queueId") };
    return [mq, read(asFields(table[key], "offset entry"))];
  });
}
