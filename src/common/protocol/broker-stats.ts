// Statistics bodies (RocketMQ's remoting/protocol/body):
//   VIEW_BROKER_STATS_DATA (315), header statsName, statsKey. BrokerStatsData:
//     {"statsDay":{"avgpt":0.0,"sum":0,"tps":0.0},"statsHour":{..},"statsMinute":{..}}
//   QUERY_TOPIC_CONSUME_BY_WHO (300), header topic. GroupList: {"groupList":["g1",..]}
//   GET_BROKER_CONSUME_STATS (317), header isOrder. ConsumeStatsList:
//     {"brokerAddr":"ip:port","consumeStatsList":[{"<group>":[ConsumeStats,..]},..],
//      "totalDiff":n,"totalInflightDiff":n}     (one map per subscription group; 5.x adds totalInflightDiff)
import { parseBody, stringifyFastjson, utf8, type JsonValue } from "./fastjson.ts";
import { asFields, fieldsOf, list, num, str } from "./shape.ts";
import { consumeStatsJson, readConsumeStats, type ConsumeStats } from "./stats.ts";

export interface BrokerStatsItem {
  sum: number;
  tps: number;
  avgpt: number;
}

export interface BrokerStatsData {
  statsMinute: BrokerStatsItem;
  statsHour: BrokerStatsItem;
  statsDay: BrokerStatsItem;
}

export const encodeBrokerStatsData = (d: BrokerStatsData): Uint8Array => utf8(JSON.stringify(d));

export function decodeBrokerStatsData(bytes: Uint8Array | undefined): BrokerStatsData {
  const o = asFields(parseBody(bytes), "BrokerStatsData");
  const item = (key: string): BrokerStatsItem => {
    const f = fieldsOf(o, key);
    return { sum: num(f, "sum", 0), tps: num(f, "tps", 0), avgpt: num(f, "avgpt", 0) };
  };
  return { statsMinute: item("statsMinute"), statsHour: item("statsHour"), statsDay: item("statsDay") };
}

export const encodeGroupList = (groups: string[]): Uint8Array => utf8(JSON.stringify({ groupList: groups }));

export const decodeGroupList = (bytes: Uint8Array | undefined): string[] =>
  list(asFields(parseBody(bytes), "GroupList"), "groupList").map(String);

export interface ConsumeStatsList {
  brokerAddr: string;
  /** Per subscription group, the stats of each topic it has offsets for. */
  groups: Array<[string, ConsumeStats[]]>;
  totalDiff: number;
  totalInflightDiff: number;
}

export function encodeConsumeStatsList(l: ConsumeStatsList): Uint8Array {
  const consumeStatsList: JsonValue[] = l.groups.map(([group, stats]) => ({ [group]: stats.map(consumeStatsJson) }));
  return utf8(stringifyFastjson({ brokerAddr: l.brokerAddr, consumeStatsList, totalDiff: l.totalDiff, totalInflightDiff: l.totalInflightDiff },
    { quoteNumericKeys: false }));
}

export function decodeConsumeStatsList(bytes: Uint8Array | undefined): ConsumeStatsList {
  const o = asFields(parseBody(bytes), "ConsumeStatsList");
  const groups: ConsumeStatsList["groups"] = [];
  for (const entry of list(o, "consumeStatsList")) {
    const byGroup = asFields(entry, "consumeStatsList entry");
    for (const group of Object.keys(byGroup)) {
      groups.push([group, list(byGroup, group).map((s) => readConsumeStats(asFields(s, "ConsumeStats")))]);
    }
  }
  return { brokerAddr: str(o, "brokerAddr"), groups, totalDiff: num(o, "totalDiff", 0), totalInflightDiff: num(o, "totalInflightDiff", 0) };
}
