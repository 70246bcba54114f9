// Choosing a queue for a message yourself: a selector gets the topic's writable queues, the
// message and the argument passed to send(), and returns the queue to use.
import { javaStringHash } from "../common/index.ts";
import type { Message, MessageQueue } from "./message.ts";

export type MessageQueueSelector = (queues: readonly MessageQueue[], message: Message, arg: unknown) => MessageQueue | undefined;

/**
 * Java's SelectMessageQueueByHash for string and number arguments: queue
 * abs(arg.hashCode()) % n, so every message with the same key lands in the same queue.
 */
export const javaHashSelector: MessageQueueSelector = (queues, _message, arg) => {
  const hash = typeof arg === "number" && Number.isInteger(arg) ? arg | 0 : javaStringHash(String(arg));
  return queues[Math.abs(hash % queues.length)];
};
