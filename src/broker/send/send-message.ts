// SEND_MESSAGE (10) and SEND_MESSAGE_V2 (310): check the target, rewrite the properties the
// broker owns (CLUSTER added; WAIT kept, as Apache RocketMQ stores it), route half messages, retries,
// delays and timers, store, reply.
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
import { isHalfMessage, routeHalf, withTransactionType } from "./half-routing.ts";
import { messageTypeOf } from "./message-type.ts";
import { routeDelay, routeRetryToDlq, type LockAllExpired } from "./message-routing.ts";
import type { SendHeader } from "../../common/index.ts";
import { encodeRecallHandle } from "./recall-handle.ts";
import { isStored, replicatedReply, sendReply } from "./send-reply.ts";
import { checkBrokerWritable, resolveSendTarget } from "./send-target.ts";
import { brokerStamps, storedPropertiesText } from "./stored-properties.ts";
import { routeTimer } from "./timer-routing.ts";

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
  const target = resolveSendTarget(ctx, h);
  const body = req.body ?? EMPTY;
  checkBodySize(ctx, body.length);
  let to = { topic: target.topicConfig.topicName, queueId: target.queueId };
  let sysFlag = h.sysFlag;
  let transactionId: string | undefined;
  let recallHandle: string | undefined;
  // Most sends are neither retries, nor transactional, nor delayed: their properties only gain
  // the stamps.
  const plain = !to.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX) && (sysFlag & MessageSysFlag.TRANSACTION_MASK) === 0;
  let propertiesText = plain ? storedPropertiesText(h.properties, ctx.options.brokerClusterName) : undefined;
  if (propertiesText === undefined) {
    const properties = storedProperties(ctx, h.properties);
    if (isHalfMessage(sysFlag, properties, h.reconsumeTimes)) {
      to = routeHalf(ctx, properties, to);
      sysFlag = withTransactionType(sysFlag, MessageSysFlag.TRANSACTION_NOT);
      transactionId = properties.get(MessageProperty.UNIQ_KEY);
    } else {
      to = routeRetryToDlq(ctx, h, req.version, properties, to, isLockAllExpired);
      to = routeDelay(ctx, sysFlag, properties, to);
      to = routeTimer(ctx, sysFlag, properties, to);
      if (to.topic === SystemTopic.TIMER) recallHandle = recallHandleOf(ctx, properties);
    }
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
    sysFlag: sysFlag | multiTags,
    bornTimestamp: h.bornTimestamp,
    bornHost: bornHostOf(conn),
    reconsumeTimes: h.reconsumeTimes,
    preparedTransactionOffset: 0,
  };
  const queueId = target.queueId;
  const topic = target.topicConfig.topicName;
  const typeFlag = transactionId === undefined ? h.sysFlag : MessageSysFlag.TRANSACTION_PREPARED;
  const type = messageTypeOf(target.topicConfig, typeFlag, to.topic === SystemTopic.SCHEDULE || to.topic === SystemTopic.TIMER);
  return ctx.store.put(message).then((result) => {
    if (!isStored(result)) return sendReply(result, queueId);
    ctx.meters.messageIn(topic, type, body.length);
    if (transactionId === undefined && recallHandle === undefined) return replicatedReply(ctx, result, queueId, h.properties);
    return Promise.resolve(replicatedReply(ctx, result, queueId, h.properties)).then((res) => {
      if (transactionId !== undefined) res.extFields.transactionId = transactionId;
      if (recallHandle !== undefined) res.extFields.recallHandle = recallHandle;
      return res;
    });
  });
}

/** The handle RECALL_MESSAGE takes to cancel this timer message (none for retries). */
function recallHandleOf(ctx: BrokerContext, properties: ReadonlyMap<string, string>): string | undefined {
  const topic = properties.get(MessageProperty.REAL_TOPIC) ?? "";
  const uniqKey = properties.get(MessageProperty.UNIQ_KEY);
  if (uniqKey === undefined || topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return undefined;
  const timestampMs = Number(properties.get(MessageProperty.TIMER_OUT_MS)) + 1;
  return encodeRecallHandle({ topic, brokerName: ctx.options.brokerName, timestampMs, uniqKey });
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
