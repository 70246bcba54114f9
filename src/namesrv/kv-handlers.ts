// Handlers for the NameServer's KV config: PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE.
import {
  BrokerError, ResponseCode, decodeKvKeyHeader, decodeKvListHeader, decodePutKvConfigHeader, encodeKVTable, encodeKvValueResponse,
} from "../common/index.ts";
import { reply, type Handler } from "../remoting/index.ts";
import type { NamesrvContext } from "./context.ts";

export function putKv(ctx: NamesrvContext): Handler {
  return (req) => {
    const { namespace, key, value } = decodePutKvConfigHeader(req.extFields);
    ctx.kv.put(namespace, key, value);
    ctx.log.info("kv config put", { namespace, key, value });
    return reply(ResponseCode.SUCCESS);
  };
}

export function getKv(ctx: NamesrvContext): Handler {
  return (req) => {
    const k = decodeKvKeyHeader(req.extFields);
    const value = ctx.kv.get(k.namespace, k.key);
    if (value === undefined) {
      throw new BrokerError(ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${k.namespace} Key: ${k.key}`);
    }
    return reply(ResponseCode.SUCCESS, { extFields: encodeKvValueResponse(value) });
  };
}

export function deleteKv(ctx: NamesrvContext): Handler {
  return (req) => {
    const k = decodeKvKeyHeader(req.extFields);
    ctx.kv.delete(k.namespace, k.key);
    ctx.log.info("kv config deleted", { namespace: k.namespace, key: k.key });
    return reply(ResponseCode.SUCCESS);
  };
}

export function kvListByNamespace(ctx: NamesrvContext): Handler {
  return (req) => {
    const namespace = decodeKvListHeader(req.extFields);
    const table = ctx.kv.list(namespace);
    if (!table) throw new BrokerError(ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${namespace}`);
    return reply(ResponseCode.SUCCESS, { body: encodeKVTable(table) });
  };
}
