// The JSON shapes the console's API answers with: plain objects (no Map, no bytes), so a page
// script, curl and the tests read the same thing.
import { DLQ_GROUP_TOPIC_PREFIX, MessageProperty, RETRY_GROUP_TOPIC_PREFIX, type HostAddress } from "../../common/index.ts";
import { keysOf, type ClusterListRow, type MessageView } from "../../admin/index.ts";

export interface BrokerRow {
  cluster: string;
  brokerName: string;
  brokerId: number;
  addr: string;
  role: "MASTER" | "SLAVE";
  version: string;
  /** Messages per second over the last 10 s, as the broker reports putTps / getTransferedTps. */
  putTps: number;
  getTps: number;
  /** Fraction 0..1 of the commitlog's disk in use, -1 when unknown. */
  diskRatio: number;
  messagesToday: number;
  runtime: string;
  /** replicationText: slaves in sync and behind (a master), whom it follows (a slave). */
  replication?: string;
  error?: string;
}

const firstNumber = (text: string | undefined): number => Number((text ?? "").trim().split(/\s+/)[0] ?? 0) || 0;

export function brokerRow(row: ClusterListRow): BrokerRow {
  const rt = row.runtime ?? {};
  return {
    cluster: row.cluster, brokerName: row.brokerName, brokerId: row.brokerId, addr: row.addr,
    role: row.brokerId === 0 ? "MASTER" : "SLAVE",
    version: rt.brokerVersionDesc ?? "",
    putTps: firstNumber(rt.putTps),
    getTps: firstNumber(rt.getTransferedTps),
    diskRatio: rt.commitLogDiskRatio === undefined ? -1 : Number(rt.commitLogDiskRatio),
    messagesToday: Number(rt.msgPutTotalTodayNow ?? 0) - Number(rt.msgPutTotalTodayMorning ?? 0),
    runtime: rt.runtime ?? "",
    ...(row.error === undefined ? {} : { error: row.error }),
  };
}

export type TopicKind = "NORMAL" | "RETRY" | "DLQ" | "SYSTEM";

const SYSTEM_TOPICS = /^(TBW102|SCHEDULE_TOPIC_XXXX|RMQ_SYS_|OFFSET_MOVED_EVENT|SELF_TEST_TOPIC|BenchmarkTest|rmq_sys_)|_REPLY_TOPIC$/;

/** How rocketmq-dashboard's topic filter sorts a topic; cluster and broker names count as system. */
export function topicKind(topic: string, systemNames: ReadonlySet<string>): TopicKind {
  if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return "RETRY";
  if (topic.startsWith(DLQ_GROUP_TOPIC_PREFIX)) return "DLQ";
  if (SYSTEM_TOPICS.test(topic) || systemNames.has(topic)) return "SYSTEM";
  return "NORMAL";
}

export interface MessageJson {
  msgId: string;
  offsetMsgId: string;
  topic: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
  tags: string;
  keys: string[];
  bornTimestamp: number;
  storeTimestamp: number;
  bornHost: string;
  storeHost: string;
  reconsumeTimes: number;
  storeSize: number;
  properties: Record<string, string>;
  /** The body as UTF-8 text (bytes that are not UTF-8 show as U+FFFD). */
  body: string;
  bodyBytes: number;
}

const host = (h: HostAddress) => `${h.ip}:${h.port}`;

export function messageJson(m: MessageView): MessageJson {
  return {
    msgId: m.msgId, offsetMsgId: m.offsetMsgId, topic: m.topic, brokerName: m.brokerName ?? "",
    queueId: m.queueId, queueOffset: m.queueOffset,
    tags: m.propertyMap.get(MessageProperty.TAGS) ?? "", keys: keysOf(m),
    bornTimestamp: m.bornTimestamp, storeTimestamp: m.storeTimestamp,
    bornHost: host(m.bornHost), storeHost: host(m.storeHost),
    reconsumeTimes: m.reconsumeTimes, storeSize: m.storeSize,
    properties: Object.fromEntries(m.propertyMap),
    body: new TextDecoder().decode(m.body), bodyBytes: m.body.length,
  };
}
