// Request and response headers of the NameServer codes (remoting-protocol.md §2.2). Each header
// has a builder (for the broker, client and admin side) and a reader (for the NameServer side);
// the KV-config codes are in kv-config-headers.ts.
//
// code                           request extFields                                      response extFields
// REGISTER_BROKER 103            brokerName brokerAddr clusterName haServerAddr brokerId  haServerAddr? masterAddr?
//                                compressed? bodyCrc32?
// UNREGISTER_BROKER 104          brokerName brokerAddr clusterName brokerId
// QUERY_DATA_VERSION 322         brokerName brokerAddr clusterName brokerId              changed
// GET_ROUTEINFO_BY_TOPIC 105     topic acceptStandardJsonOnly?
// DELETE_TOPIC_IN_NAMESRV 216    topic clusterName?
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

/** QUERY_DATA_VERSION's reply: whether the broker's topics changed since the NameServer's copy. */
export const encodeQueryDataVersionResult = (changed: boolean): ExtFieldsInit => ({ changed });
export const decodeQueryDataVersionResult = (ext: ExtFields): boolean => ext.changed === "true";

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

/** acceptStandardJsonOnly is left out when false, as the Java client leaves it null. */
export const encodeRouteRequest = (r: RouteRequest): ExtFieldsInit =>
  ({ topic: r.topic, acceptStandardJsonOnly: r.acceptStandardJsonOnly ? true : undefined });

export const readRouteRequest = (ext: ExtFields): RouteRequest => ({
  topic: need(ext, "topic"),
  acceptStandardJsonOnly: optBool(ext, "acceptStandardJsonOnly", false),
});

export interface DeleteTopicInNamesrvRequest {
  topic: string;
  clusterName?: string;
}

export const encodeDeleteTopicInNamesrv = (d: DeleteTopicInNamesrvRequest): ExtFieldsInit => ({ topic: d.topic, clusterName: d.clusterName });

export const readDeleteTopicInNamesrv = (ext: ExtFields): DeleteTopicInNamesrvRequest => ({
  topic: need(ext, "topic"),
  clusterName: ext.clusterName === "" ? undefined : ext.clusterName,
});

/** GET_TOPICS_BY_CLUSTER's header, GetTopicsByClusterRequestHeader. */
export const encodeTopicsByClusterHeader = (cluster: string): ExtFieldsInit => ({ cluster });
export const decodeTopicsByClusterHeader = (ext: ExtFields): string => need(ext, "cluster");

/** WIPE_WRITE_PERM_OF_BROKER's and ADD_WRITE_PERM_OF_BROKER's header: brokerName. */
export const encodeWritePermHeader = (brokerName: string): ExtFieldsInit => ({ brokerName });
export const decodeWritePermHeader = (ext: ExtFields): string => need(ext, "brokerName");

/** Their reply: how many of the broker's topics changed (wipeTopicCount or addTopicCount). */
export const encodeWritePermResult = (writable: boolean, count: number): ExtFieldsInit =>
  (writable ? { addTopicCount: count } : { wipeTopicCount: count });
export const decodeWritePermResult = (writable: boolean, ext: ExtFields): number =>
  Number(ext[writable ? "addTopicCount" : "wipeTopicCount"] ?? 0);
