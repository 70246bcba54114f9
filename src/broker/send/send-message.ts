// SEND_MESSAGE (10) and SEND_MESSAGE_V2 (310): check the target, rewrite the properties the
// broker owns (CLUSTER added), route retries and delays, store, reply.
import {
  BrokerError,
  formatProperties,
  ipv4Bytes,
  MessageProperty,
  MessageSysFlag,
  parseProperties,
  PROPERTIES_MAX_BYTES,
  ResponseCode,
  RETRY_GROUP_TOPIC_PREFIX,
  SystemTopic,
  type HostAddress,
} from "../../common/index.ts";
import type { Connection, RemotingCommand } from "../../remoting/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { messageTypeOf } from "./message-type.ts";
import { routeDelay, routeRetryToDlq, type LockAllExpired } from "./message-routing.ts";
import type { SendHeader } from "./send-header.ts";
import { isStored, sendReply } from "./send-reply.ts";
import { checkBrokerWritable, resolveSendTarget } from "./send-target.ts";
import { brokerStamps, storedPropertiesText } from "./stored-properties.ts";

const EMPTY = new Uint8Array(0);

/** Not async: a refusal is thrown synchronously (the channel turns it into a reply) and a stored
 *  message costs one promise hop instead of an async frame's two. */
export function handleSend(
  ctx: BrokerContext,
  h: SendHeader,
  req: RemotingCommand,
  conn: Connection,
  isLockAllExpired?: LockAllExpired,
): Promise<RemotingCommand> {
  checkBrokerWritable(ctx);
  checkNotHalfMessage(ctx, h.sysFlag);
  const target = resolveSendTarget(ctx, h);
  const body = req.body ?? EMPTY;
  checkBodySize(ctx, body.length);
  let to = { topic: target.topicConfig.topicName, queueId: target.queueId };
  // Most sends are neither retries nor delayed: their properties only gain the stamps.
  const plain = !to.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
  let propertiesText = plain ? storedPropertiesText(h.properties, ctx.options.brokerClusterName) : undefined;
  if (propertiesText === undefined) {
    const properties = storedProperties(ctx, h.properties);
    to = routeRetryToDlq(ctx, h, req.version, properties, to, isLockAllExpired);
    to = routeDelay(ctx, h.sysFlag, properties, to);
    propertiesText = formatProperties(properties);
  }
  checkPropertiesSize(propertiesText);
  const multiTags = target.topicConfig.topicFilterType === "MULTI_TAG" ? MessageSysFlag.MULTI_TAGS : 0;
  const message: MessageToStore = {
    topic: to.topic,
    queueId: to.queueId,
    flag: h.flag,
    body,
    properties: propertiesText,
    sysFlag: h.sysFlag | multiTags,
    bornTimestamp: h.bornTimestamp,
    bornHost: bornHostOf(conn),
    reconsumeTimes: h.reconsumeTimes,
    preparedTransactionOffset: 0,
  };
  const queueId = target.queueId;
  const topic = target.topicConfig.topicName;
  const type = messageTypeOf(target.topicConfig, h.sysFlag, to.topic === SystemTopic.SCHEDULE);
  return ctx.store.put(message).then((result) => {
    if (isStored(result)) ctx.meters.messageIn(topic, type, body.length);
    return sendReply(result, queueId);
  });
}

/** Transactional (half) messages are refused until mq implements commit, rollback and check-back:
 *  storing one as a plain message would deliver it before the producer decides. */
function checkNotHalfMessage(ctx: BrokerContext, sysFlag: number): void {
  if ((sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_PREPARED) {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the broker[${ctx.options.brokerIP1}] sending transaction message is forbidden: mq does not support transactional messages yet`,
    );
  }
}

export function checkBodySize(ctx: BrokerContext, bytes: number): void {
  if (bytes > ctx.options.maxMessageSize) {
    throw new BrokerError(
      ResponseCode.MESSAGE_ILLEGAL,
      // Apache RocketMQ's remark first (programs match on it), then what is wrong with this one.
      `the message is illegal, maybe msg body or properties length not matched. msg body length limit ${ctx.options.maxMessageSize}B, ` +
        `msg properties length limit 32KB. (This body is ${bytes} bytes, over maxMessageSize=${ctx.options.maxMessageSize}: send less or raise maxMessageSize.)`,
    );
  }
}

/** The producer's properties as stored: the broker's stamps set, the rest (WAIT too) as Apache RocketMQ 5.5.0 stores them. */
export function storedProperties(ctx: BrokerContext, text: string): Map<string, string> {
  const properties = parseProperties(text);
  for (const [name, value] of brokerStamps(ctx.options.brokerClusterName)) properties.set(name, value);
  return properties;
}

export function formatChecked(properties: ReadonlyMap<string, string>): string {
  const text = formatProperties(properties);
  checkPropertiesSize(text);
  return text;
}

function checkPropertiesSize(text: string): void {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: short texts need no count.
  if (text.length * 3 <= PROPERTIES_MAX_BYTES) return;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > PROPERTIES_MAX_BYTES) {
    throw new BrokerError(
      ResponseCode.MESSAGE_ILLEGAL,
      `the message properties are ${bytes} bytes, longer than ${PROPERTIES_MAX_BYTES}`,
    );
  }
}

const bornHosts = new WeakMap<Connection, HostAddress>();

/** The producer's address; records hold IPv4 only, so anything else is written as 0.0.0.0. One object per connection. */
export function bornHostOf(conn: Connection): HostAddress {
  let host = bornHosts.get(conn);
  if (host === undefined) {
    host = parseBornHost(conn);
    bornHosts.set(conn, host);
  }
  return host;
}

function parseBornHost(conn: Connection): HostAddress {
  const at = conn.remoteAddress.lastIndexOf(":");
  const ip = at > 0 ? conn.remoteAddress.slice(0, at) : conn.remoteAddress;
  const port = Number(conn.remoteAddress.slice(at + 1)) || 0;
  try {
    ipv4Bytes(ip);
    return { ip, port };
  } catch {
    return { ip: "0.0.0.0", port };
  }
}
