// Request and response headers of the NameServer codes (remoting-protocol.md §2.2). Each header
// has a builder (for the broker and admin side) and a reader (for the NameServer side).
//
// code                           request extFields                                      response extFields
// REGISTER_BROKER 103            brokerName brokerAddr clusterName haServerAddr brokerId  haServerAddr? masterAddr?
//                                compressed? bodyCrc32?
// UNREGISTER_BROKER 104          brokerName brokerAddr clusterName brokerId
// QUERY_DATA_VERSION 322         brokerName brokerAddr clusterName brokerId              changed
// GET_ROUTEINFO_BY_TOPIC 105     topic acceptStandardJsonOnly?
// DELETE_TOPIC_IN_NAMESRV 216    topic clusterName?
// PUT_KV_CONFIG 100              namespace key value
// GET_KV_CONFIG 101              namespace key                                           value
// DELETE_KV_CONFIG 102           namespace key
// GET_KVLIST_BY_NAMESPACE 219    namespace
// GET_TOPICS_BY_CLUSTER 224      cluster
// WIPE_WRITE_PERM_OF_BROKER 205  brokerName                                              wipeTopicCount
// ADD_WRITE_PERM_OF_BROKER 327   brokerName                                              addTopicCount
import { need, needInt, optBool, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface BrokerIdentity {
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
  brokerId: number;
}

export interface RegisterBrokerHeader extends BrokerIdentity {
  haServerAddr: string;
  compressed: boolean;
  /** crc32(body) & 0x7fffffff, or 0 for "not checked". */
  bodyCrc32: number;
}

export interface RegisterBrokerResult {
  haServerAddr?: string;
  masterAddr?: string;
}

export const registerBrokerExtFields = (h: RegisterBrokerHeader): ExtFieldsInit => ({ ...h });

export function readRegisterBrokerHeader(ext: ExtFields): RegisterBrokerHeader {
  return {
    ...readBrokerIdentity(ext),
    haServerAddr: ext.haServerAddr ?? "",
    compressed: optBool(ext, "compressed", false),
    bodyCrc32: optInt(ext, "bodyCrc32", 0),
  };
}

export const registerBrokerResultExtFields = (r: RegisterBrokerResult): ExtFieldsInit => ({ ...r });

export const readRegisterBrokerResult = (ext: ExtFields): RegisterBrokerResult => ({
  haServerAddr: ext.haServerAddr,
  masterAddr: ext.masterAddr,
});

/** The UNREGISTER_BROKER and QUERY_DATA_VERSION header. */
export const brokerIdentityExtFields = (h: BrokerIdentity): ExtFieldsInit => ({ ...h });

export function readBrokerIdentity(ext: ExtFields): BrokerIdentity {
  return {
    brokerName: need(ext, "brokerName"),
    brokerAddr: need(ext, "brokerAddr"),
    clusterName: need(ext, "clusterName"),
    brokerId: needInt(ext, "brokerId"),
  };
}

export interface RouteRequest {
  topic: string;
  acceptStandardJsonOnly: boolean;
}

export const readRouteRequest = (ext: ExtFields): RouteRequest => ({
  topic: need(ext, "topic"),
  acceptStandardJsonOnly: optBool(ext, "acceptStandardJsonOnly", false),
});

export interface DeleteTopicInNamesrvRequest {
  topic: string;
  clusterName?: string;
}

export const readDeleteTopicInNamesrv = (ext: ExtFields): DeleteTopicInNamesrvRequest => ({
  topic: need(ext, "topic"),
  clusterName: ext.clusterName === "" ? undefined : ext.clusterName,
});

export interface KvKey {
  namespace: string;
  key: string;
}

export const readKvKey = (ext: ExtFields): KvKey => ({ namespace: need(ext, "namespace"), key: need(ext, "key") });
