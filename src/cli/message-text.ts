// How the client tools print what the client returns: SendResult and MessageQueue exactly as
// Java's toString() (scripts that grep the quickstart's output keep working), and a received
// message as one readable line with its body as text.
import type { MessageExt, MessageQueue, SendResult } from "../client/index.ts";

const BODY_CHARS_MAX = 200;

export function messageQueueText(mq: MessageQueue): string {
  return `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
}

export function sendResultText(r: SendResult): string {
  return `SendResult [sendStatus=${r.sendStatus}, msgId=${r.msgId}, offsetMsgId=${r.offsetMsgId}, ` +
    `messageQueue=${messageQueueText(r.messageQueue)}, queueOffset=${r.queueOffset}]`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as UTF-8 text, cut at BODY_CHARS_MAX; binary bodies as their size. */
export function bodyText(body: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return `<${body.length} bytes, not UTF-8>`;
  }
  return text.length > BODY_CHARS_MAX ? `${text.slice(0, BODY_CHARS_MAX)}… (${body.length} bytes)` : text;
}

export function messageText(m: MessageExt): string {
  return `MessageExt [topic=${m.topic}, tags=${m.tags ?? ""}, keys=${m.keys ?? ""}, brokerName=${m.brokerName}, ` +
    `queueId=${m.queueId}, queueOffset=${m.queueOffset}, msgId=${m.msgId}, offsetMsgId=${m.offsetMsgId}, ` +
    `bornTimestamp=${m.bornTimestamp}, storeTimestamp=${m.storeTimestamp}, reconsumeTimes=${m.reconsumeTimes}, ` +
    `body=${bodyText(m.body)}]`;
}
