// The NameServer's KV-config headers (remoting-protocol.md §2.2), RocketMQ's
// namesrv/{Put,Get,Delete}KVConfigRequestHeader and GetKVListByNamespaceRequestHeader. admin
// encodes them (updateKvConfig, deleteKvConfig, the order-topic config), the NameServer decodes
// them (src/namesrv/kv-handlers.ts).
//
// code                          field      type    presence
// PUT_KV_CONFIG 100             namespace  string  NN
//                               key        string  NN
//                               value      string  NN   may be empty
// GET_KV_CONFIG 101             namespace  string  NN
//                               key        string  NN
//   response (GetKVConfigResponseHeader): value string, on SUCCESS; QUERY_NOT_FOUND without it
// DELETE_KV_CONFIG 102          namespace key, as GET_KV_CONFIG
// GET_KVLIST_BY_NAMESPACE 219   namespace  string  NN   reply body: KVTable
import { need, needPresent, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface KvKey {
  namespace: string;
  key: string;
}

export interface KvEntry extends KvKey {
  value: string;
}

export const encodePutKvConfigHeader = (e: KvEntry): ExtFieldsInit => ({ namespace: e.namespace, key: e.key, value: e.value });

export const decodePutKvConfigHeader = (ext: ExtFields): KvEntry => ({ ...decodeKvKeyHeader(ext), value: needPresent(ext, "value") });

/** The header of GET_KV_CONFIG and DELETE_KV_CONFIG. */
export const encodeKvKeyHeader = (k: KvKey): ExtFieldsInit => ({ namespace: k.namespace, key: k.key });

export const decodeKvKeyHeader = (ext: ExtFields): KvKey => ({ namespace: need(ext, "namespace"), key: need(ext, "key") });

export const encodeKvValueResponse = (value: string): ExtFieldsInit => ({ value });

export const decodeKvValueResponse = (ext: ExtFields): string | undefined => ext.value;

export const encodeKvListHeader = (namespace: string): ExtFieldsInit => ({ namespace });

export const decodeKvListHeader = (ext: ExtFields): string => need(ext, "namespace");
