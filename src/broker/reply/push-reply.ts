// PUSH_REPLY_MESSAGE_TO_CLIENT (326), broker → requester, awaited (Broker2Client.callClient): the
// reply, sent on the connection of the client named by its REPLY_TO_CLIENT property.
// Header: ReplyMessageRequestHeader (common/protocol/reply-message-header.ts), the replier's send
// header as it came, the reply's properties plus PUSH_REPLY_TIME, and the hosts and store time.
// Body: the reply's body. The client answers SUCCESS once it handed the reply to its request.
import { formatProperties, MessageProperty, parseProperties, replyMessageExtFields, RequestCode, ResponseCode } from "../../common/index.ts";
import { request, type Connection } from "../../remoting/index.ts";
import type { BrokerContext, ClientChannel } from "../context.ts";
import type { SendHeader } from "../send/index.ts";

const PUSH_TIMEOUT_MS = 5000;

/** What became of the push: ok, or why not (the replier's SYSTEM_ERROR remark). */
export type PushOutcome = { ok: true } | { ok: false; remark: string };

export async function pushReply(ctx: BrokerContext, h: SendHeader, queueId: number, body: Uint8Array, replier: Connection): Promise<PushOutcome> {
  const properties = parseProperties(h.properties);
  const clientId = properties.get(MessageProperty.REPLY_TO_CLIENT);
  if (clientId === undefined || clientId === "") {
    return { ok: false, remark: `reply message properties[${MessageProperty.REPLY_TO_CLIENT}] is null` };
  }
  const channel = findChannel(ctx, clientId);
  if (channel === undefined) return { ok: false, remark: `push reply message fail, channel of <${clientId}> not found.` };
  properties.set(MessageProperty.PUSH_REPLY_TIME, String(Date.now()));
  const cmd = request(
    RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT,
    replyMessageExtFields({
      producerGroup: h.producerGroup,
      topic: h.topic,
      defaultTopic: h.defaultTopic,
      defaultTopicQueueNums: h.defaultTopicQueueNums,
      queueId,
      sysFlag: h.sysFlag,
      bornTimestamp: h.bornTimestamp,
      flag: h.flag,
      properties: formatProperties(properties),
      reconsumeTimes: h.reconsumeTimes,
      unitMode: h.unitMode,
      bornHost: replier.remoteAddress,
      storeHost: ctx.brokerAddr,
      storeTimestamp: Date.now(),
    }),
    body,
  );
  try {
    const res = await channel.connection.invoke(cmd, PUSH_TIMEOUT_MS);
    if (res.code === ResponseCode.SUCCESS) return { ok: true };
    return { ok: false, remark: `push reply message to ${clientId} fail: ${res.remark ?? `code ${res.code}`}` };
  } catch (e) {
    return { ok: false, remark: `push reply message to ${clientId} fail: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The open connection of a client, whichever producer or consumer group it heartbeats as. */
function findChannel(ctx: BrokerContext, clientId: string): ClientChannel | undefined {
  for (const channels of ctx.clients.producerGroups().values()) {
    const channel = channels.get(clientId);
    if (channel !== undefined && !channel.connection.closed) return channel;
  }
  for (const group of ctx.clients.consumerGroups()) {
    const channel = group.channels.get(clientId);
    if (channel !== undefined && !channel.connection.closed) return channel;
  }
  return undefined;
}
