// From a Message to a SEND_MESSAGE_V2 (310) or SEND_BATCH_MESSAGE (320) request, and from the
// broker's answer to a SendResult (remoting-protocol.md §2.3, §5.3-§5.6). The header goes through
// the one send-header codec (src/common/protocol/send-header.ts), the answer through
// send-response-header.ts.
// Bodies at or over compressMsgBodyOverHowmuch are zlib-compressed (sysFlag 0x1 | ZLIB type
// 0x300, as Java 4.9); batches never are.
import { deflateSync } from "node:zlib";
import {
  encodeBatchBody,
  formatProperties,
  MessageProperty,
  MessageSysFlag,
  decodeSendResponseHeader,
  encodeSendHeaderV2,
  NAME_VALUE_SEPARATOR,
  PROPERTY_SEPARATOR,
  RequestCode,
  ResponseCode,
  RETRY_GROUP_TOPIC_PREFIX,
  SystemTopic,
} from "../common/index.ts";
import { request, type RemotingCommand } from "../remoting/index.ts";
import { ClientError } from "./errors.ts";
import { SendStatus, type Message, type MessageQueue, type SendResult } from "./message.ts";

export const COMPRESSION_ZLIB_TYPE = 0x300;
export const MESSAGE_BYTES_MAX_DEFAULT = 4 * 1024 * 1024;
const TOPIC_PATTERN = /^[a-zA-Z0-9_%|-]{1,127}$/;
const utf8 = new TextEncoder();

export interface SendSettings {
  producerGroup: string;
  defaultTopicQueueNums: number;
  compressMsgBodyOverHowmuch: number;
  maxMessageBytes: number;
}

/** A message made ready for the wire: body bytes, flattened properties and its UNIQ_KEY. */
export interface PreparedMessage {
  topic: string;
  body: Uint8Array;
  properties: Map<string, string>;
  flag: number;
  uniqKey: string;
  /** A half message of a transaction: sent with sysFlag TRANSACTION_PREPARED. */
  prepared?: boolean;
}

/** Topic names prepareMessage has checked against TOPIC_PATTERN: a producer sends to a few
 *  topics, and the test ran once per message. Bounded: past TOPICS_CHECKED_MAX names are checked
 *  each time. */
const topicsChecked = new Set<string>();
const TOPICS_CHECKED_MAX = 1024;

function checkTopic(topic: string): void {
  if (topicsChecked.has(topic)) return;
  if (!TOPIC_PATTERN.test(topic)) throw new ClientError(undefined, `invalid topic name "${topic}"`);
  if (topicsChecked.size < TOPICS_CHECKED_MAX) topicsChecked.add(topic);
}

export function prepareMessage(msg: Message, uniqKey: () => string, maxMessageBytes: number): PreparedMessage {
  checkTopic(msg.topic);
  const body = typeof msg.body === "string" ? utf8.encode(msg.body) : msg.body;
  if (body.length === 0) throw new ClientError(undefined, "the message body is empty");
  if (body.length > maxMessageBytes) throw new ClientError(undefined, `the message body is ${body.length} bytes, over ${maxMessageBytes}`);
  const properties = new Map<string, string>();
  const own = msg.properties;
  if (own !== undefined) for (const name in own) properties.set(name, own[name]!);
  if (msg.tags !== undefined && msg.tags !== "") properties.set(MessageProperty.TAGS, msg.tags);
  if (msg.keys !== undefined) setKeys(properties, msg.keys);
  if (msg.delayTimeLevel !== undefined || msg.deliverTimeMs !== undefined || msg.delayTimeMs !== undefined) setDelay(properties, msg);
  properties.set(MessageProperty.WAIT, msg.waitStoreMsgOk === false ? "false" : "true");
  let id = properties.get(MessageProperty.UNIQ_KEY);
  if (id === undefined) {
    id = uniqKey();
    properties.set(MessageProperty.UNIQ_KEY, id);
  }
  return { topic: msg.topic, body, properties, flag: msg.flag ?? 0, uniqKey: id };
}

function setKeys(properties: Map<string, string>, keys: string | string[]): void {
  const text = Array.isArray(keys) ? keys.join(" ") : keys;
  if (text !== "") properties.set(MessageProperty.KEYS, text);
}

/** The delay level and timer properties: out of prepareMessage, which runs once per message and
 *  which the JIT compiles (and inlines) whole. */
function setDelay(properties: Map<string, string>, msg: Message): void {
  if (msg.delayTimeLevel !== undefined && msg.delayTimeLevel > 0) properties.set(MessageProperty.DELAY, String(msg.delayTimeLevel));
  if (msg.deliverTimeMs !== undefined) properties.set(MessageProperty.TIMER_DELIVER_MS, String(Math.trunc(msg.deliverTimeMs)));
  if (msg.delayTimeMs !== undefined) properties.set(MessageProperty.TIMER_DELAY_MS, String(Math.trunc(msg.delayTimeMs)));
}

/** The SEND_MESSAGE_V2 request for one prepared message to one queue. */
export function sendRequest(m: PreparedMessage, mq: MessageQueue, s: SendSettings): RemotingCommand {
  let body = m.body;
  let sysFlag = m.prepared === true ? MessageSysFlag.TRANSACTION_PREPARED : 0;
  if (body.length >= s.compressMsgBodyOverHowmuch) {
    const compressed = deflateSync(body, { level: 5 });
    if (compressed.length < body.length) {
      body = compressed;
      sysFlag |= MessageSysFlag.COMPRESSED | COMPRESSION_ZLIB_TYPE;
    }
  }
  // A reply (createReplyMessage) goes as SEND_REPLY_MESSAGE_V2, as Java sends it.
  const code = m.properties.get(MessageProperty.MSG_TYPE) === "reply" ? RequestCode.SEND_REPLY_MESSAGE_V2 : RequestCode.SEND_MESSAGE_V2;
  const cmd = request(code, undefined, body);
  if (m.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
    cmd.extFields = retryHeader(m, mq, s, sysFlag);
    return cmd;
  }
  // The header as a literal, without a spread of headerBase: it runs once per message sent.
  cmd.extFields = encodeSendHeaderV2({
    producerGroup: s.producerGroup,
    topic: m.topic,
    defaultTopic: SystemTopic.AUTO_CREATE,
    defaultTopicQueueNums: s.defaultTopicQueueNums,
    queueId: mq.queueId,
    sysFlag,
    bornTimestamp: Date.now(),
    flag: m.flag,
    properties: propertiesText(m.properties),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
    maxReconsumeTimes: undefined,
    brokerName: mq.brokerName,
  });
  return cmd;
}

/** A send to a %RETRY% topic: reconsumeTimes and maxReconsumeTimes move from the properties
 *  into the header. */
function retryHeader(m: PreparedMessage, mq: MessageQueue, s: SendSettings, sysFlag: number): RemotingCommand["extFields"] {
  const own = new Map(m.properties);
  const reconsumeTimes = Number(own.get(MessageProperty.RECONSUME_TIME) ?? 0);
  const max = own.get(MessageProperty.MAX_RECONSUME_TIMES);
  own.delete(MessageProperty.RECONSUME_TIME);
  own.delete(MessageProperty.MAX_RECONSUME_TIMES);
  return encodeSendHeaderV2({
    ...headerBase(s, m.topic, mq), sysFlag, flag: m.flag, properties: propertiesText(own), reconsumeTimes,
    maxReconsumeTimes: max === undefined ? undefined : Number(max), batch: false,
  });
}

/** name\u0001value\u0002... as formatProperties writes it, without intermediate arrays. */
function propertiesText(properties: ReadonlyMap<string, string>): string {
  let text = "";
  for (const [name, value] of properties) {
    text += text.length === 0 ? name + NAME_VALUE_SEPARATOR + value : PROPERTY_SEPARATOR + name + NAME_VALUE_SEPARATOR + value;
  }
  return text;
}

/** The SEND_BATCH_MESSAGE request: every message in one body, all for mq's topic. */
export function batchRequest(ms: readonly PreparedMessage[], mq: MessageQueue, s: SendSettings): RemotingCommand {
  const topic = ms[0]?.topic;
  if (topic === undefined) throw new ClientError(undefined, "a batch needs at least one message");
  for (const m of ms) {
    if (m.topic !== topic) throw new ClientError(undefined, "every message of a batch must have the same topic");
    if (m.properties.has(MessageProperty.DELAY)) throw new ClientError(undefined, "a batch message cannot have a delay level");
  }
  if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) throw new ClientError(undefined, "a batch cannot go to a retry topic");
  const body = encodeBatchBody(ms.map((m) => ({ flag: m.flag, body: m.body, properties: formatProperties(m.properties) })));
  const batchProperties = formatProperties({ [MessageProperty.WAIT]: ms[0]?.properties.get(MessageProperty.WAIT) ?? "true" });
  const cmd = request(RequestCode.SEND_BATCH_MESSAGE, undefined, body);
  cmd.extFields = encodeSendHeaderV2({
    ...headerBase(s, topic, mq), sysFlag: 0, flag: 0, properties: batchProperties, reconsumeTimes: 0, maxReconsumeTimes: undefined, batch: true,
  });
  return cmd;
}

/** The fields every send of this producer to mq shares. */
function headerBase(s: SendSettings, topic: string, mq: MessageQueue) {
  return {
    producerGroup: s.producerGroup,
    topic,
    defaultTopic: SystemTopic.AUTO_CREATE,
    defaultTopicQueueNums: s.defaultTopicQueueNums,
    queueId: mq.queueId,
    bornTimestamp: Date.now(),
    unitMode: false,
    brokerName: mq.brokerName,
  };
}

const STATUS_BY_CODE: Readonly<Record<number, SendStatus>> = {
  [ResponseCode.SUCCESS]: SendStatus.SEND_OK,
  [ResponseCode.FLUSH_DISK_TIMEOUT]: SendStatus.FLUSH_DISK_TIMEOUT,
  [ResponseCode.FLUSH_SLAVE_TIMEOUT]: SendStatus.FLUSH_SLAVE_TIMEOUT,
  [ResponseCode.SLAVE_NOT_AVAILABLE]: SendStatus.SLAVE_NOT_AVAILABLE,
};

/** Response codes after which Java's producer tries again (on another broker when it can). */
export const RETRY_RESPONSE_CODES: readonly number[] = [
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.SERVICE_NOT_AVAILABLE,
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.SYSTEM_BUSY, // the broker's flow control: [OVERLOAD], [TIMEOUT_CLEAN_QUEUE]
  ResponseCode.NO_PERMISSION,
  204, // NO_BUYER_ID
  205, // NOT_IN_CURRENT_UNIT
];

/** Maps a send reply to a SendResult (the message was stored) or throws ClientError. */
export function toSendResult(res: RemotingCommand, mq: MessageQueue, uniqKeys: readonly string[]): SendResult {
  const sendStatus = STATUS_BY_CODE[res.code];
  if (sendStatus === undefined) throw new ClientError(res.code, `send to ${mq.brokerName} failed: code ${res.code}, ${res.remark ?? ""}`);
  const h = decodeSendResponseHeader(res.extFields, mq.queueId);
  return {
    sendStatus,
    msgId: uniqKeys.length === 1 ? (uniqKeys[0] as string) : uniqKeys.join(","),
    offsetMsgId: h.msgId,
    messageQueue: { topic: mq.topic, brokerName: mq.brokerName, queueId: h.queueId },
    queueOffset: h.queueOffset,
    regionId: res.extFields.MSG_REGION,
  };
}
