// Request-reply (Java's producer.request and MessageUtil.createReplyMessage). The requester sends
// a message carrying CORRELATION_ID (a fresh id), REPLY_TO_CLIENT (its clientId) and TTL (its
// timeout); a replier consuming it sends createReplyMessage(request, body) — to
// <cluster>_REPLY_TOPIC with MSG_TYPE=reply, which the producer sends as SEND_REPLY_MESSAGE_V2 —
// and the broker pushes the reply back on the requester's connection (PUSH_REPLY_MESSAGE_TO_CLIENT),
// where the waiting request() picks it up by CORRELATION_ID.
import { decodeReplyMessageHeader, MessageProperty, parseProperties, replyTopicOf, ResponseCode } from "../common/index.ts";
import { reply, type RemotingCommand } from "../remoting/index.ts";
import { inflateBody } from "./decode-messages.ts";
import { ClientError } from "./errors.ts";
import type { Message, MessageExt } from "./message.ts";

export const REPLY_MESSAGE_FLAG = "reply";
/** Requests waiting at once; more are refused (each holds a timer and a promise). */
const WAITING_MAX = 100_000;

/** The reply to send for a request message a consumer received. */
export function createReplyMessage(requestMessage: MessageExt, body: Uint8Array | string): Message {
  const p = requestMessage.properties;
  const cluster = p[MessageProperty.CLUSTER];
  if (cluster === undefined) throw new ClientError(undefined, "create reply message fail, requestMessage error, property[CLUSTER] is null.");
  const properties: Record<string, string> = { [MessageProperty.MSG_TYPE]: REPLY_MESSAGE_FLAG };
  for (const name of [MessageProperty.CORRELATION_ID, MessageProperty.REPLY_TO_CLIENT, MessageProperty.TTL]) {
    const value = p[name];
    if (value !== undefined) properties[name] = value;
  }
  return { topic: replyTopicOf(cluster), body, properties };
}

/** Requests waiting for their reply, by CORRELATION_ID. */
export class ReplyWaiters {
  private readonly waiting = new Map<string, { resolve: (m: MessageExt) => void; timer: ReturnType<typeof setTimeout> }>();

  /** Resolves with the reply to `correlationId`, or rejects after timeoutMs. */
  wait(correlationId: string, timeoutMs: number): Promise<MessageExt> {
    if (this.waiting.size >= WAITING_MAX) return Promise.reject(new ClientError(undefined, `${WAITING_MAX} requests already wait for replies`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationId);
        reject(new ClientError(undefined, `request timeout, no reply message within ${timeoutMs} ms (CORRELATION_ID ${correlationId})`));
      }, timeoutMs);
      this.waiting.set(correlationId, { resolve, timer });
    });
  }

  /** Stops waiting (the request's send failed). */
  cancel(correlationId: string): void {
    const w = this.waiting.get(correlationId);
    if (w !== undefined) clearTimeout(w.timer);
    this.waiting.delete(correlationId);
  }

  /** Handles PUSH_REPLY_MESSAGE_TO_CLIENT; a reply nobody waits for any more is dropped. */
  onPush = (req: RemotingCommand): RemotingCommand => {
    const message = replyOf(req);
    const correlationId = message.properties[MessageProperty.CORRELATION_ID] ?? "";
    const w = this.waiting.get(correlationId);
    if (w !== undefined) {
      clearTimeout(w.timer);
      this.waiting.delete(correlationId);
      w.resolve(message);
    }
    return reply(ResponseCode.SUCCESS);
  };
}

function replyOf(req: RemotingCommand): MessageExt {
  const h = decodeReplyMessageHeader(req.extFields);
  const properties = Object.fromEntries(parseProperties(h.properties));
  const sysFlag = h.sysFlag;
  return {
    topic: h.topic,
    body: inflateBody(req.body ?? new Uint8Array(0), sysFlag),
    tags: properties[MessageProperty.TAGS],
    keys: properties[MessageProperty.KEYS],
    properties,
    msgId: properties[MessageProperty.UNIQ_KEY] ?? "",
    offsetMsgId: "",
    brokerName: "",
    queueId: h.queueId,
    queueOffset: 0,
    commitLogOffset: 0,
    bornTimestamp: h.bornTimestamp,
    storeTimestamp: h.storeTimestamp,
    bornHost: h.bornHost,
    storeHost: h.storeHost,
    reconsumeTimes: h.reconsumeTimes,
    sysFlag,
    flag: h.flag,
  };
}
