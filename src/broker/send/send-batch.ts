// SEND_BATCH_MESSAGE (320): the body is a batch (remoting-protocol.md §5.6, decodeBatchBody);
// every element gets the header's batch-level properties and CLUSTER, and all are stored with
// one putBatch in one queue with consecutive offsets. The reply's msgId joins every element's
// offsetMsgId with ",".
import {
  BrokerError,
  decodeBatchBody,
  MessageProperty,
  MessageSysFlag,
  parseProperties,
  RETRY_GROUP_TOPIC_PREFIX,
  ResponseCode,
  type BatchElement,
} from "../../common/index.ts";
import type { Connection, RemotingCommand } from "../../remoting/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { TOPIC_NAME_LENGTH_MAX } from "../topics/index.ts";
import { bornHostOf, checkBodySize, formatChecked, storedProperties } from "./send-message.ts";
import type { SendHeader } from "../../common/index.ts";
import { messageTypeOf } from "./message-type.ts";
import { isStored, replicatedReply } from "./send-reply.ts";
import { checkBrokerWritable, resolveSendTarget } from "./send-target.ts";
import { hasTimer } from "./timer-routing.ts";

const illegal = (remark: string): BrokerError => new BrokerError(ResponseCode.MESSAGE_ILLEGAL, remark);

export async function handleSendBatch(
  ctx: BrokerContext,
  h: SendHeader,
  req: RemotingCommand,
  conn: Connection,
): Promise<RemotingCommand> {
  checkBrokerWritable(ctx);
  if (h.topic.length > TOPIC_NAME_LENGTH_MAX) illegalThrow(`a batch topic may be at most ${TOPIC_NAME_LENGTH_MAX} characters`);
  if (h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) illegalThrow(`a batch cannot be sent to a retry topic (${h.topic})`);
  if ((h.sysFlag & MessageSysFlag.TRANSACTION_MASK) !== MessageSysFlag.TRANSACTION_NOT || isTransactional(h.properties)) {
    illegalThrow("a batch cannot hold transactional messages");
  }
  const target = resolveSendTarget(ctx, h);
  const body = req.body ?? new Uint8Array(0);
  checkBodySize(ctx, body.length);
  const elements = decodeElements(body);
  const batchProperties = storedProperties(ctx, h.properties);
  const bornHost = bornHostOf(conn);
  const multiTags = target.topicConfig.topicFilterType === "MULTI_TAG" ? MessageSysFlag.MULTI_TAGS : 0;
  const messages = elements.map((e): MessageToStore => ({
    topic: target.topicConfig.topicName,
    queueId: target.queueId,
    flag: e.flag,
    body: e.body,
    properties: elementProperties(e, batchProperties),
    sysFlag: h.sysFlag | multiTags,
    bornTimestamp: h.bornTimestamp,
    bornHost,
    reconsumeTimes: h.reconsumeTimes,
    preparedTransactionOffset: 0,
  }));
  const result = await ctx.store.putBatch(messages);
  if (isStored(result)) {
    const type = messageTypeOf(target.topicConfig, h.sysFlag, false);
    for (const m of messages) ctx.meters.messageIn(m.topic, type, m.body.length);
  }
  return replicatedReply(ctx, result, target.queueId, h.properties);
}

function illegalThrow(remark: string): never {
  throw illegal(remark);
}

const isTransactional = (text: string): boolean =>
  parseProperties(text).get(MessageProperty.TRAN_MSG)?.toLowerCase() === "true";

function decodeElements(body: Uint8Array): BatchElement[] {
  let elements: BatchElement[];
  try {
    elements = decodeBatchBody(body);
  } catch (e) {
    throw illegal(`the batch body is malformed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (elements.length === 0) throw illegal("the batch holds no messages");
  return elements;
}

/** The element's own properties, then the batch-level ones (which win, as in RocketMQ). */
function elementProperties(e: BatchElement, batch: ReadonlyMap<string, string>): string {
  const properties = parseProperties(e.properties);
  const delay = Number(properties.get(MessageProperty.DELAY) ?? 0);
  if (delay > 0) throw illegal("a batch cannot hold delayed messages (DELAY)");
  if (properties.get(MessageProperty.TRAN_MSG)?.toLowerCase() === "true") throw illegal("a batch cannot hold transactional messages");
  if (hasTimer(properties)) throw illegal("a batch cannot hold timer messages (TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS)");
  for (const [name, value] of batch) properties.set(name, value);
  return formatChecked(properties);
}
