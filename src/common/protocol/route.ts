// Route bodies served by the NameServer (remoting-protocol.md §4.1-4.3):
//   TopicRouteData  GET_ROUTEINFO_BY_TOPIC (105)
//     {"brokerDatas":[{"brokerAddrs":{"0":"ip:port"},"brokerName":"b","cluster":"c"}],
//      "filterServerTable":{},"orderTopicConf"?:"b:4;c:4",
//      "queueDatas":[{"brokerName":"b","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}
//   ClusterInfo     GET_BROKER_CLUSTER_INFO (106)
//     {"brokerAddrTable":{"b":{BrokerData}},"clusterAddrTable":{"c":["b"]}}
//   TopicList       GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206), GET_TOPICS_BY_CLUSTER (224), ...
//     {"brokerAddr"?:"ip:port","topicList":["T"]}
// brokerAddrs keys (brokerId; 0 = master) are unquoted in fastjson form, quoted in standard JSON.
// Every client accepts both; Go's hand parser needs the output compact. Fields are written in
// fastjson's alphabetical order.
import { parseBody, stringifyFastjson, utf8, type JsonMap, type JsonObject } from "./fastjson.ts";
import { asFields, fieldsOf, list, num, optStr, str, stringMap, type Fields } from "./shape.ts";

export const MASTER_ID = 0;

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId (decimal text) -> "ip:port"; id 0 is the master. */
  brokerAddrs: Record<string, string>;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  filterServerTable: Record<string, string[]>;
}

export interface ClusterInfo {
  brokerAddrTable: Record<string, BrokerData>;
  clusterAddrTable: Record<string, string[]>;
}

export interface TopicList {
  topicList: string[];
  brokerAddr?: string;
}

/** How to write non-string map keys: standard JSON for version >= 401 requesters, else fastjson's. */
export interface JsonForm {
  standardJson: boolean;
}

export const masterAddrOf = (b: BrokerData): string | undefined => b.brokerAddrs[String(MASTER_ID)];

export function encodeTopicRouteData(route: TopicRouteData, form: JsonForm): Uint8Array {
  const body: JsonObject = {
    brokerDatas: route.brokerDatas.map(brokerDataJson),
    filterServerTable: route.filterServerTable,
    orderTopicConf: route.orderTopicConf,
    queueDatas: route.queueDatas.map((q) => ({
      brokerName: q.brokerName,
      perm: q.perm,
      readQueueNums: q.readQueueNums,
      topicSysFlag: q.topicSysFlag,
      writeQueueNums: q.writeQueueNums,
    })),
  };
  return utf8(stringifyFastjson(body, { quoteNumericKeys: form.standardJson }));
}

export function decodeTopicRouteData(bytes: Uint8Array | undefined): TopicRouteData {
  const o = asFields(parseBody(bytes), "TopicRouteData");
  const filterServerTable: Record<string, string[]> = {};
  const filters = fieldsOf(o, "filterServerTable");
  for (const addr of Object.keys(filters)) filterServerTable[addr] = list(filters, addr).map(String);
  return {
    orderTopicConf: optStr(o, "orderTopicConf"),
    queueDatas: list(o, "queueDatas").map((q) => readQueueData(asFields(q, "QueueData"))),
    brokerDatas: list(o, "brokerDatas").map((b) => readBrokerData(asFields(b, "BrokerData"))),
    filterServerTable,
  };
}

export function encodeClusterInfo(info: ClusterInfo, form: JsonForm): Uint8Array {
  const brokers: JsonObject = {};
  for (const [name, b] of Object.entries(info.brokerAddrTable)) brokers[name] = brokerDataJson(b);
  const body: JsonObject = { brokerAddrTable: brokers, clusterAddrTable: info.clusterAddrTable };
  return utf8(stringifyFastjson(body, { quoteNumericKeys: form.standardJson }));
}

export function decodeClusterInfo(bytes: Uint8Array | undefined): ClusterInfo {
  const o = asFields(parseBody(bytes), "ClusterInfo");
  const brokerAddrTable: Record<string, BrokerData> = {};
  const brokers = fieldsOf(o, "brokerAddrTable");
  for (const name of Object.keys(brokers)) brokerAddrTable[name] = readBrokerData(asFields(brokers[name], name));
  const clusterAddrTable: Record<string, string[]> = {};
  const clusters = fieldsOf(o, "clusterAddrTable");
  for (const name of Object.keys(clusters)) clusterAddrTable[name] = list(clusters, name).map(String);
  return { brokerAddrTable, clusterAddrTable };
}

export function encodeTopicList(topics: TopicList): Uint8Array {
  return utf8(stringifyFastjson({ brokerAddr: topics.brokerAddr, topicList: topics.topicList }, { quoteNumericKeys: true }));
}

export function decodeTopicList(bytes: Uint8Array | undefined): TopicList {
  const o = asFields(parseBody(bytes), "TopicList");
  return { topicList: list(o, "topicList").map(String), brokerAddr: optStr(o, "brokerAddr") };
}

function brokerDataJson(b: BrokerData): JsonObject {
  const addrs: JsonMap = new Map();
  const ids = Object.keys(b.brokerAddrs).map(Number).sort((x, y) => x - y);
  for (const id of ids) addrs.set(id, b.brokerAddrs[String(id)] as string);
  return { brokerAddrs: addrs, brokerName: b.brokerName, cluster: b.cluster };
}

function readQueueData(q: Fields): QueueData {
  return {
    brokerName: str(q, "brokerName"),
    readQueueNums: num(q, "readQueueNums"),
    writeQueueNums: num(q, "writeQueueNums"),
    perm: num(q, "perm"),
    topicSysFlag: num(q, "topicSysFlag", 0),
  };
}

function readBrokerData(b: Fields): BrokerData {
  return { cluster: str(b, "cluster"), brokerName: str(b, "brokerName"), brokerAddrs: stringMap(b, "brokerAddrs") };
}
