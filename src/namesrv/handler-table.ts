// Request code -> handler: everything the NameServer answers. Other codes get
// REQUEST_CODE_NOT_SUPPORTED from the remoting server.
import { RequestCode } from "../common/index.ts";
import type { Handler } from "../remoting/index.ts";
import { queryDataVersion, registerBroker, unregisterBroker } from "./broker-handlers.ts";
import { getNamesrvConfig, guardedNamesrv, updateNamesrvConfig, type NamesrvConfigAccess } from "./config-handlers.ts";
import type { NamesrvContext } from "./context.ts";
import { deleteKv, getKv, kvListByNamespace, putKv } from "./kv-handlers.ts";
import { allTopics, clusterInfo, deleteTopic, routeByTopic, systemTopics, topicsByCluster, writePerm } from "./route-handlers.ts";

/** The codes that change the NameServer's state for everyone (not broker registration): only this
 *  machine and adminAllowedAddresses may send them. */
const CHANGING_CODES: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_NAMESRV_CONFIG, RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
  RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER,
]);

export function namesrvHandlers(
  ctx: NamesrvContext, config?: NamesrvConfigAccess & { adminAllowedAddresses?: string; addressGuard?: boolean },
): Map<number, Handler> {
  const table = new Map<number, Handler>([
    [RequestCode.REGISTER_BROKER, registerBroker(ctx)],
    [RequestCode.UNREGISTER_BROKER, unregisterBroker(ctx)],
    [RequestCode.QUERY_DATA_VERSION, queryDataVersion(ctx)],
    [RequestCode.GET_ROUTEINFO_BY_TOPIC, routeByTopic(ctx)],
    [RequestCode.GET_BROKER_CLUSTER_INFO, clusterInfo(ctx)],
    [RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, allTopics(ctx)],
    [RequestCode.GET_TOPICS_BY_CLUSTER, topicsByCluster(ctx)],
    [RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, systemTopics(ctx)],
    [RequestCode.DELETE_TOPIC_IN_NAMESRV, deleteTopic(ctx)],
    [RequestCode.WIPE_WRITE_PERM_OF_BROKER, writePerm(ctx, false)],
    [RequestCode.ADD_WRITE_PERM_OF_BROKER, writePerm(ctx, true)],
    [RequestCode.PUT_KV_CONFIG, putKv(ctx)],
    [RequestCode.GET_KV_CONFIG, getKv(ctx)],
    [RequestCode.DELETE_KV_CONFIG, deleteKv(ctx)],
    [RequestCode.GET_KVLIST_BY_NAMESPACE, kvListByNamespace(ctx)],
  ]);
  if (config !== undefined) {
    table.set(RequestCode.GET_NAMESRV_CONFIG, getNamesrvConfig(config));
    table.set(RequestCode.UPDATE_NAMESRV_CONFIG, updateNamesrvConfig(ctx, config));
  }
  if (config?.addressGuard === false) return table;
  for (const [code, handler] of table) if (CHANGING_CODES.has(code)) table.set(code, guardedNamesrv(config?.adminAllowedAddresses, handler));
  return table;
}
