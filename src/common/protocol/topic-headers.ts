// Headers of the broker's topic admin codes, RocketMQ's CreateTopicRequestHeader and its
// one-field siblings (DeleteTopicRequestHeader, GetTopicStatsInfoRequestHeader,
// QueryTopicConsumeByWhoRequestHeader, GetTopicConfigRequestHeader). admin encodes them, the
// broker decodes them (src/broker/admin/topic-admin.ts, queue-stats.ts, stats-admin.ts).
//
// UPDATE_AND_CREATE_TOPIC 17, CreateTopicRequestHeader:
//   field            type     presence
//   topic            string   NN
//   defaultTopic     string   NN    TBW102 (mq ignores it, and tolerates it missing)
//   readQueueNums    int      NN
//   writeQueueNums   int      NN
//   perm             int      NN
//   topicFilterType  string   NN    SINGLE_TAG | MULTI_TAG (missing reads as SINGLE_TAG)
//   topicSysFlag     int      opt   default 0
//   order            boolean  NN    default false
//   attributes       string   opt   5.x: "+key=value,…" (mq keeps none)
//   force            boolean  opt   5.x: default false
//
// DELETE_TOPIC_IN_BROKER 215, GET_TOPIC_STATS_INFO 202, QUERY_TOPIC_CONSUME_BY_WHO 300,
// GET_TOPIC_CONFIG 351:
//   topic            string   NN
import { need, needInt, optBool, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface CreateTopicRequestHeader {
  topic: string;
  defaultTopic: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: "SINGLE_TAG" | "MULTI_TAG";
  topicSysFlag: number;
  order: boolean;
  attributes: string | undefined;
}

/** Fields in Java's order; attributes left out when absent. */
export const encodeCreateTopicHeader = (h: CreateTopicRequestHeader): ExtFieldsInit => ({
  topic: h.topic,
  defaultTopic: h.defaultTopic,
  readQueueNums: h.readQueueNums,
  writeQueueNums: h.writeQueueNums,
  perm: h.perm,
  topicFilterType: h.topicFilterType,
  topicSysFlag: h.topicSysFlag,
  order: h.order,
  attributes: h.attributes,
});

export const decodeCreateTopicHeader = (ext: ExtFields): CreateTopicRequestHeader => ({
  topic: need(ext, "topic"),
  defaultTopic: ext.defaultTopic ?? "",
  readQueueNums: needInt(ext, "readQueueNums"),
  writeQueueNums: needInt(ext, "writeQueueNums"),
  perm: needInt(ext, "perm"),
  topicFilterType: ext.topicFilterType === "MULTI_TAG" ? "MULTI_TAG" : "SINGLE_TAG",
  topicSysFlag: optInt(ext, "topicSysFlag", 0),
  order: optBool(ext, "order", false),
  attributes: ext.attributes || undefined,
});

/** The header of DELETE_TOPIC_IN_BROKER, GET_TOPIC_STATS_INFO, QUERY_TOPIC_CONSUME_BY_WHO and GET_TOPIC_CONFIG. */
export const encodeTopicHeader = (topic: string): ExtFieldsInit => ({ topic });

export const decodeTopicHeader = (ext: ExtFields): string => need(ext, "topic");
