// Admin requests the broker passes on to a live client over that client's own connection, and
// relays the client's answer back unchanged (RocketMQ's AdminBrokerProcessor.callConsumer and
// Broker2Client):
//   GET_CONSUMER_RUNNING_INFO (307)  consumerGroup, clientId, jstackEnable → the client's
//                                    ConsumerRunningInfo
//   CONSUME_MESSAGE_DIRECTLY (309)   consumerGroup, clientId, msgId (an offsetMsgId), topic? →
//                                    the broker adds brokerName, topicSysFlag, groupSysFlag and
//                                    the stored record as the body; the client answers
//                                    ConsumeMessageDirectlyResult
//   INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223) topic, group, clientAddr? (a clientId) → asks
//                                    each consumer of the group GET_CONSUMER_STATUS_FROM_CLIENT
//                                    (221) and answers GetConsumerStatusBody
//                                    {"consumerTable":{"<clientId>":{{MessageQueue}:offset}}}
// A consumer not online: SYSTEM_ERROR "The Consumer <group> <clientId> not online". No answer
// within CALL_CLIENT_TIMEOUT_MS: CONSUME_MSG_TIMEOUT.
import {
  BrokerError,
  decodeConsumeMessageDirectlyHeader,
  decodeConsumerRunningInfoHeader,
  decodeConsumerStatusHeader,
  decodeOffsetMsgId,
  encodeConsumeMessageDirectlyHeader,
  encodeConsumerRunningInfoHeader,
  encodeConsumerStatusHeader,
  type ExtFieldsInit,
  parseBody,
  physicalOffset,
  RequestCode,
  ResponseCode,
  stringifyFastjson,
  utf8,
  type JsonMap,
  type JsonObject,
} from "../../common/index.ts";
import { reply, request, RemotingError, type Handler, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext, ClientChannel } from "../context.ts";

/** Broker2Client.callClient's wait. */
export const CALL_CLIENT_TIMEOUT_MS = 10_000;
/** Broker2Client.getConsumeStatus's wait per client. */
const CONSUMER_STATUS_TIMEOUT_MS = 5_000;

interface ConsumerCall {
  group: string;
  clientId: string;
  /** The header the consumer gets (the admin's, re-encoded with what the broker adds). */
  header: ExtFieldsInit;
  body: Uint8Array | undefined;
}

async function callConsumer(ctx: BrokerContext, code: number, call: ConsumerCall): Promise<RemotingCommand> {
  const { group, clientId } = call;
  const channel = ctx.clients.consumerGroup(group)?.channels.get(clientId);
  if (channel === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `The Consumer <${group}> <${clientId}> not online`);
  try {
    const res = await channel.connection.invoke(request(code, call.header, call.body), CALL_CLIENT_TIMEOUT_MS);
    return reply(res.code, { extFields: res.extFields, body: res.body, remark: res.remark });
  } catch (err) {
    if (err instanceof RemotingError && err.kind === "timeout") {
      throw new BrokerError(ResponseCode.CONSUME_MSG_TIMEOUT, `consumer <${group}> <${clientId}> Timeout: ${err.message}`);
    }
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `invoke consumer <${group}> <${clientId}> Exception: ${(err as Error).message}`);
  }
}

function consumeMessageDirectly(ctx: BrokerContext): Handler {
  return (req) => {
    const h = { ...decodeConsumeMessageDirectlyHeader(req.extFields), brokerName: ctx.options.brokerName };
    const topic = ctx.topics.get(h.topic ?? "");
    if (topic !== undefined) h.topicSysFlag = topic.topicSysFlag;
    if (ctx.groups.get(h.consumerGroup) !== undefined) h.groupSysFlag = 0;
    const id = decodeOffsetMsgId(h.msgId ?? "");
    const record = id === undefined ? undefined : ctx.store.recordAt(physicalOffset(id.physicalOffset));
    const call = { group: h.consumerGroup, clientId: h.clientId ?? "", header: encodeConsumeMessageDirectlyHeader(h), body: record };
    return callConsumer(ctx, RequestCode.CONSUME_MESSAGE_DIRECTLY, call);
  };
}

function consumerStatus(ctx: BrokerContext): Handler {
  return async (req) => {
    const { topic, group, clientAddr } = decodeConsumerStatusHeader(req.extFields);
    const only = clientAddr ?? "";
    const channels = [...(ctx.clients.consumerGroup(group)?.channels.values() ?? [])];
    if (channels.length === 0) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `No Any Consumer online in the consumer group: [${group}]`);
    const consumerTable: JsonObject = {};
    const asked = only === "" ? channels : channels.filter((c) => c.clientId === only);
    await Promise.all(asked.map(async (c) => {
      const table = await statusOf(ctx, c, topic, group);
      if (table !== undefined) consumerTable[c.clientId] = table;
    }));
    return reply(ResponseCode.SUCCESS, { body: utf8(stringifyFastjson({ consumerTable }, { quoteNumericKeys: false })) });
  };
}

/** One consumer's messageQueueTable as it sent it (its MessageQueue keys kept as JSON text). */
async function statusOf(ctx: BrokerContext, c: ClientChannel, topic: string, group: string): Promise<JsonMap | undefined> {
  try {
    const res = await c.connection.invoke(request(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, encodeConsumerStatusHeader({ topic, group, clientAddr: undefined })), CONSUMER_STATUS_TIMEOUT_MS);
    if (res.code !== ResponseCode.SUCCESS || res.body === undefined) return undefined;
    const table = (parseBody(res.body) as { messageQueueTable?: Record<string, number> }).messageQueueTable ?? {};
    const out: JsonMap = new Map();
    for (const [key, offset] of Object.entries(table)) out.set(JSON.parse(key) as JsonObject, Number(offset));
    return out;
  } catch (err) {
    ctx.log.warn("get consumer status failed", { group, topic, client: c.clientId, error: (err as Error).message });
    return undefined;
  }
}

export const forwardCodes: Array<[number, (ctx: BrokerContext) => Handler]> = [
  [RequestCode.GET_CONSUMER_RUNNING_INFO, (ctx) => (req) => {
    const h = decodeConsumerRunningInfoHeader(req.extFields);
    const call = { group: h.consumerGroup, clientId: h.clientId, header: encodeConsumerRunningInfoHeader(h), body: req.body };
    return callConsumer(ctx, RequestCode.GET_CONSUMER_RUNNING_INFO, call);
  }],
  [RequestCode.CONSUME_MESSAGE_DIRECTLY, consumeMessageDirectly],
  [RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, consumerStatus],
];
