// Handlers for route and topic queries from clients and admin tools.
import {
  BrokerError,
  NAMESPACE_ORDER_TOPIC_CONFIG,
  Perm,
  ResponseCode,
  encodeClusterInfo,
  encodeTopicList,
  encodeTopicRouteData,
  decodeTopicsByClusterHeader,
  decodeWritePermHeader,
  encodeWritePermResult,
  readDeleteTopicInNamesrv,
  readRouteRequest,
  type JsonForm,
} from "../common/index.ts";
import { reply, type Handler, type RemotingCommand } from "../remoting/index.ts";
import { STANDARD_JSON_VERSION_MIN, type NamesrvContext } from "./context.ts";

const formFor = (req: RemotingCommand, acceptStandardJsonOnly = false): JsonForm => ({
  standardJson: acceptStandardJsonOnly || req.version >= STANDARD_JSON_VERSION_MIN,
});

export function routeByTopic(ctx: NamesrvContext): Handler {
  return (req) => {
    const r = readRouteRequest(req.extFields);
    const route = ctx.registry.route(r.topic);
    if (!route) {
      throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `No topic route info in name server for the topic: ${r.topic}`);
    }
    if (ctx.orderMessageEnable) route.orderTopicConf = ctx.kv.get(NAMESPACE_ORDER_TOPIC_CONFIG, r.topic);
    return reply(ResponseCode.SUCCESS, { body: encodeTopicRouteData(route, formFor(req, r.acceptStandardJsonOnly)) });
  };
}

export function clusterInfo(ctx: NamesrvContext): Handler {
  return (req) => reply(ResponseCode.SUCCESS, { body: encodeClusterInfo(ctx.registry.clusterInfo(), formFor(req)) });
}

export function allTopics(ctx: NamesrvContext): Handler {
  return () => reply(ResponseCode.SUCCESS, { body: encodeTopicList({ topicList: ctx.registry.allTopics() }) });
}

export function topicsByCluster(ctx: NamesrvContext): Handler {
  return (req) => {
    const topics = ctx.registry.topicsOfCluster(decodeTopicsByClusterHeader(req.extFields));
    return reply(ResponseCode.SUCCESS, { body: encodeTopicList({ topicList: topics }) });
  };
}

export function systemTopics(ctx: NamesrvContext): Handler {
  return () => reply(ResponseCode.SUCCESS, { body: encodeTopicList(ctx.registry.systemTopics()) });
}

export function deleteTopic(ctx: NamesrvContext): Handler {
  return (req) => {
    const d = readDeleteTopicInNamesrv(req.extFields);
    ctx.registry.deleteTopic(d.topic, d.clusterName);
    ctx.log.info("topic deleted", { topic: d.topic, cluster: d.clusterName });
    return reply(ResponseCode.SUCCESS);
  };
}

/** WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: drain a broker before maintenance, and back. */
export function writePerm(ctx: NamesrvContext, writable: boolean): Handler {
  return (req) => {
    const brokerName = decodeWritePermHeader(req.extFields);
    const count = ctx.registry.setWritePerm(brokerName, writable, Perm.WRITE);
    ctx.log.info(writable ? "write perm added" : "write perm wiped", { brokerName, topics: count });
    return reply(ResponseCode.SUCCESS, { extFields: encodeWritePermResult(writable, count) });
  };
}
