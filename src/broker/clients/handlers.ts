// Client membership requests (remoting-protocol.md §2.4, §2.6, §4.5, §4.6):
//
//   HEART_BEAT (34)                    no header; body HeartbeatData JSON. SUCCESS, version 409.
//   UNREGISTER_CLIENT (35)             clientID NN, producerGroup opt, consumerGroup opt. SUCCESS.
//   GET_CONSUMER_LIST_BY_GROUP (38)    consumerGroup NN. Body {"consumerIdList":[...]};
//                                      SYSTEM_ERROR "no consumer for this group, <g>" when empty.
//   GET_CONSUMER_CONNECTION_LIST (203) consumerGroup NN. Body ConsumerConnection;
//                                      CONSUMER_NOT_ONLINE when the group has no live consumer.
//   307, 309, 223                      passed on to a client (forward.ts)
//   CHECK_CLIENT_CONFIG (46)           body CheckClientRequestBody; validates an SQL92
//                                      subscription (sql92-check.ts).
import {
  BrokerError,
  PERM_READ_WRITE,
  RequestCode,
  ResponseCode,
  decodeHeartbeatData,
  encodeConsumerConnection,
  encodeConsumerIdList,
  decodeConsumerGroupHeader,
  decodeUnregisterClientHeader,
  retryTopicOf,
  type ConsumerData,
  type HeartbeatData,
  type SubscriptionData,
} from "../../common/index.ts";
import { reply, type Connection, type Handler, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext, ClientChannel, ConsumerSubscription } from "../context.ts";
import { buildSubscription } from "../consume/index.ts";
import type { ClientRegistryControl, ConsumerRegistration } from "./registry.ts";
import { forwardCodes } from "./forward.ts";
import { checkClientConfig, checkHeartbeatSubscriptions } from "./sql92-check.ts";

export function clientHandlers(ctx: BrokerContext, registry: ClientRegistryControl): Array<[number, Handler]> {
  return [
    [RequestCode.HEART_BEAT, (req, conn) => heartbeat(ctx, registry, req, conn)],
    [
      RequestCode.UNREGISTER_CLIENT,
      (req) => {
        const { clientID: clientId, producerGroup, consumerGroup } = decodeUnregisterClientHeader(req.extFields);
        if (producerGroup) registry.unregisterProducer(producerGroup, clientId);
        if (consumerGroup) registry.unregisterConsumer(consumerGroup, clientId);
        return reply(ResponseCode.SUCCESS);
      },
    ],
    [
      RequestCode.GET_CONSUMER_LIST_BY_GROUP,
      (req) => {
        const group = decodeConsumerGroupHeader(req.extFields);
        const ids = registry.consumerIds(group);
        if (ids.length === 0) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${group}`);
        return reply(ResponseCode.SUCCESS, { body: encodeConsumerIdList(ids) });
      },
    ],
    [RequestCode.GET_CONSUMER_CONNECTION_LIST, (req) => consumerConnectionList(registry, decodeConsumerGroupHeader(req.extFields))],
    [RequestCode.CHECK_CLIENT_CONFIG, (req) => checkClientConfig(ctx, req)],
    ...forwardCodes.map(([code, make]): [number, Handler] => [code, make(ctx)]),
  ];
}

/**
 * How long a heartbeat that created a retry topic waits for the NameServers to learn of it before
 * it is answered anyway (a NameServer that does not answer must not make the client time out;
 * ali-ons and Java wait 3 s for a heartbeat).
 */
export const RETRY_TOPIC_ANNOUNCE_WAIT_MS_MAX = 2000;

// As RocketMQ's ClientManageProcessor.heartBeat: every consumer group (clustering or broadcasting)
// gets its %RETRY% topic, and a new one is registered with the NameServers before the answer, so
// the route lookup the client makes next finds it.
async function heartbeat(ctx: BrokerContext, registry: ClientRegistryControl, req: RemotingCommand, conn: Connection) {
  const data = decodeBody(req.body);
  checkHeartbeatSubscriptions(ctx, ctx.log, data);
  const channel: ClientChannel = {
    clientId: data.clientID,
    connection: conn,
    language: req.language,
    version: req.version,
    lastUpdateTimestamp: Date.now(),
  };
  let created = false;
  for (const consumer of data.consumerDataSet) {
    const group = ctx.groups.findOrCreate(consumer.groupName);
    const retryTopic = retryTopicOf(consumer.groupName);
    if (group !== undefined && ctx.topics.get(retryTopic) === undefined) {
      ctx.topics.createSystemTopic(retryTopic, group.retryQueueNums, PERM_READ_WRITE);
      created = true;
    }
    registry.registerConsumer(registrationOf(consumer), channel);
  }
  for (const producer of data.producerDataSet) registry.registerProducer(producer.groupName, channel);
  if (created) await announcedWithin(ctx, RETRY_TOPIC_ANNOUNCE_WAIT_MS_MAX);
  return reply(ResponseCode.SUCCESS);
}

async function announcedWithin(ctx: BrokerContext, waitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([ctx.topics.announced().catch(() => {}), gaveUp]);
  clearTimeout(timer);
}

function decodeBody(body: Uint8Array | undefined): HeartbeatData {
  try {
    return decodeHeartbeatData(body);
  } catch (err) {
    if (err instanceof BrokerError) throw err;
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `malformed HeartbeatData: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function registrationOf(consumer: ConsumerData): ConsumerRegistration {
  return {
    group: consumer.groupName,
    consumeType: consumer.consumeType,
    messageModel: consumer.messageModel === "BROADCASTING" ? "BROADCASTING" : "CLUSTERING",
    consumeFromWhere: consumer.consumeFromWhere,
    subscriptions: consumer.subscriptionDataSet.map(subscriptionOf),
  };
}

/** Tags and their codes are rebuilt from subString, so every client's form lands the same. */
function subscriptionOf(sub: SubscriptionData): ConsumerSubscription {
  const expressionType = sub.expressionType.toUpperCase() === "SQL92" ? "SQL92" : "TAG";
  return buildSubscription(sub.topic, sub.subString, expressionType, sub.subVersion);
}

function consumerConnectionList(registry: ClientRegistryControl, group: string) {
  const info = registry.consumerGroup(group);
  if (info === undefined || info.channels.size === 0) {
    throw new BrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`);
  }
  const subscriptionTable: Record<string, SubscriptionData> = {};
  for (const sub of info.subscriptions.values()) subscriptionTable[sub.topic] = { ...sub, classFilterMode: false };
  const body = encodeConsumerConnection({
    connectionSet: [...info.channels.values()].map((c) => ({
      clientId: c.clientId,
      clientAddr: c.connection.remoteAddress,
      language: c.language,
      version: c.version,
    })),
    subscriptionTable,
    consumeType: info.consumeType,
    messageModel: info.messageModel,
    consumeFromWhere: info.consumeFromWhere,
  });
  return reply(ResponseCode.SUCCESS, { body });
}
