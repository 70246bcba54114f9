// Headers naming a consumer or producer group, RocketMQ's group-keyed siblings:
// GetConsumeStatsRequestHeader, GetConsumerConnectionListRequestHeader,
// GetConsumerListByGroupRequestHeader, NotifyConsumerIdsChangedRequestHeader,
// GetProducerConnectionListRequestHeader, DeleteSubscriptionGroupRequestHeader,
// UnregisterClientRequestHeader, CloneGroupOffsetRequestHeader and
// GetSubscriptionGroupConfigRequestHeader. Client, admin and broker encode and decode them here.
//
// code                              field          type     presence
// GET_CONSUME_STATS 208             consumerGroup  string   NN
//                                   topic          string   opt   blank: every topic with offsets
//                                   topicList      string   opt   5.x, comma-separated (mq ignores it)
// GET_CONSUMER_CONNECTION_LIST 203  consumerGroup  string   NN
// GET_CONSUMER_LIST_BY_GROUP 38     consumerGroup  string   NN
// NOTIFY_CONSUMER_IDS_CHANGED 40    consumerGroup  string   NN    broker → client, oneway
// GET_PRODUCER_CONNECTION_LIST 204  producerGroup  string   NN
// DELETE_SUBSCRIPTIONGROUP 207      groupName      string   NN
//                                   removeOffset   boolean  opt   4.x's name, default false
//                                   cleanOffset    boolean  opt   5.x's name for the same
// UNREGISTER_CLIENT 35              clientID       string   NN
//                                   producerGroup  string   opt
//                                   consumerGroup  string   opt
// CLONE_GROUP_OFFSET 314            srcGroup       string   NN
//                                   destGroup      string   NN
//                                   topic          string   opt   blank: every topic of srcGroup
//                                   offline        boolean  opt   default false
// GET_SUBSCRIPTIONGROUP_CONFIG 352  group          string   NN
import { need, optBool, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

const blankless = (v: string | undefined): string | undefined => (v === "" ? undefined : v);

export interface ConsumeStatsHeader {
  consumerGroup: string;
  topic: string | undefined;
}

export const encodeConsumeStatsHeader = (h: ConsumeStatsHeader): ExtFieldsInit => ({ consumerGroup: h.consumerGroup, topic: h.topic });

export const decodeConsumeStatsHeader = (ext: ExtFields): ConsumeStatsHeader =>
  ({ consumerGroup: need(ext, "consumerGroup"), topic: blankless(ext.topic) });

/** The header of GET_CONSUMER_CONNECTION_LIST, GET_CONSUMER_LIST_BY_GROUP and NOTIFY_CONSUMER_IDS_CHANGED. */
export const encodeConsumerGroupHeader = (consumerGroup: string): ExtFieldsInit => ({ consumerGroup });

export const decodeConsumerGroupHeader = (ext: ExtFields): string => need(ext, "consumerGroup");

export const encodeProducerGroupHeader = (producerGroup: string): ExtFieldsInit => ({ producerGroup });

export const decodeProducerGroupHeader = (ext: ExtFields): string => need(ext, "producerGroup");

export interface DeleteSubscriptionGroupHeader {
  groupName: string;
  removeOffset: boolean;
}

/** Both spellings go out, so a 4.x broker (removeOffset) and a 5.x one (cleanOffset) both hear it. */
export const encodeDeleteSubscriptionGroupHeader = (h: DeleteSubscriptionGroupHeader): ExtFieldsInit =>
  ({ groupName: h.groupName, removeOffset: h.removeOffset, cleanOffset: h.removeOffset });

export const decodeDeleteSubscriptionGroupHeader = (ext: ExtFields): DeleteSubscriptionGroupHeader => ({
  groupName: need(ext, "groupName"),
  removeOffset: optBool(ext, "removeOffset", false) || optBool(ext, "cleanOffset", false),
});

export interface UnregisterClientHeader {
  clientID: string;
  producerGroup?: string;
  consumerGroup?: string;
}

export const encodeUnregisterClientHeader = (h: UnregisterClientHeader): ExtFieldsInit =>
  ({ clientID: h.clientID, producerGroup: h.producerGroup, consumerGroup: h.consumerGroup });

export const decodeUnregisterClientHeader = (ext: ExtFields): UnregisterClientHeader => ({
  clientID: need(ext, "clientID"),
  producerGroup: blankless(ext.producerGroup),
  consumerGroup: blankless(ext.consumerGroup),
});

export interface CloneGroupOffsetHeader {
  srcGroup: string;
  destGroup: string;
  topic: string | undefined;
  offline: boolean;
}

export const encodeCloneGroupOffsetHeader = (h: CloneGroupOffsetHeader): ExtFieldsInit =>
  ({ srcGroup: h.srcGroup, destGroup: h.destGroup, topic: h.topic, offline: h.offline });

export const decodeCloneGroupOffsetHeader = (ext: ExtFields): CloneGroupOffsetHeader => ({
  srcGroup: need(ext, "srcGroup"),
  destGroup: need(ext, "destGroup"),
  topic: blankless(ext.topic),
  offline: optBool(ext, "offline", false),
});

export const encodeSubscriptionGroupConfigHeader = (group: string): ExtFieldsInit => ({ group });

export const decodeSubscriptionGroupConfigHeader = (ext: ExtFields): string => need(ext, "group");
