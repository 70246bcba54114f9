// The two batch-create admin codes of RocketMQ 5 (mqadmin updateTopicList, updateSubGroupList) and
// RESET_MASTER_FLUSH_OFFSET: one codec each, the admin side encodes, the broker decodes.
//
// code                                          header              body
// UPDATE_AND_CREATE_TOPIC_LIST 18               - (CreateTopicListRequestHeader has no fields)
//                                               {"topicConfigList":[TopicConfig, ...]}    (CreateTopicListRequestBody)
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST 225  -
//                                               {"groupConfigList":[SubscriptionGroupConfig, ...]}    (SubscriptionGroupList)
// RESET_MASTER_FLUSH_OFFSET 908                 masterFlushOffset  long  NN               -
// Each replies SUCCESS with no header and no body.
//
// A TopicConfig in the list takes Java's defaults where a field is absent (16 read and 16 write
// queues, perm 6, SINGLE_TAG); a group config is kept as its JSON fields (the broker reads them
// with the same rules as UPDATE_AND_CREATE_SUBSCRIPTIONGROUP's body).
import type { SubscriptionGroupConfig, TopicConfig } from "../topic-config.ts";
import { jsonBody, parseBody } from "./fastjson.ts";
import { needInt, type ExtFields } from "./header-fields.ts";
import { readTopicConfig, topicConfigJson } from "./register-broker.ts";
import { asFields, list, malformed, type Fields } from "./shape.ts";

function bodyFields(body: Uint8Array | undefined, what: string): Fields {
  let parsed: unknown;
  try {
    parsed = parseBody(body);
  } catch (e) {
    throw malformed(`${what} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return asFields(parsed, what);
}

export const encodeTopicConfigList = (topics: readonly TopicConfig[]): Uint8Array =>
  jsonBody({ topicConfigList: topics.map(topicConfigJson) });

/** The list's topics; a config without topicName reads with name "" (the broker refuses it as blank). */
export function decodeTopicConfigList(body: Uint8Array | undefined): TopicConfig[] {
  const o = bodyFields(body, "CreateTopicListRequestBody");
  return list(o, "topicConfigList").map((t, i) => readTopicConfig(asFields(t, `topicConfigList[${i}]`), ""));
}

export const encodeGroupConfigList = (groups: readonly (SubscriptionGroupConfig | Fields)[]): Uint8Array =>
  jsonBody({ groupConfigList: groups });

export function decodeGroupConfigList(body: Uint8Array | undefined): Fields[] {
  const o = bodyFields(body, "SubscriptionGroupList");
  return list(o, "groupConfigList").map((g, i) => asFields(g, `groupConfigList[${i}]`));
}

export interface ResetMasterFlushOffsetHeader {
  masterFlushOffset: number;
}

export const encodeResetMasterFlushOffsetHeader = (h: ResetMasterFlushOffsetHeader): ExtFields => ({
  masterFlushOffset: String(h.masterFlushOffset),
});

export const decodeResetMasterFlushOffsetHeader = (ext: ExtFields): ResetMasterFlushOffsetHeader => ({
  masterFlushOffset: needInt(ext, "masterFlushOffset"),
});
