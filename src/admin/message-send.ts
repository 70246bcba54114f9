// Sending from the admin tools: a test message to a topic (rocketmq-dashboard's "send message",
// producer group SELF_TEST_P_GROUP), and re-sending a stored message (a dead letter) either to
// the %RETRY% topic of the group that gave up on it, so that only that group consumes it again,
// or to its original topic, for every group. Each call starts one short-lived producer.
import { Producer, type Message, type SendResult } from "../client/index.ts";
import { DLQ_GROUP_TOPIC_PREFIX, MessageProperty, RETRY_GROUP_TOPIC_PREFIX, ResponseCode, retryTopicOf } from "../common/index.ts";
import { AdminError, type AdminContext } from "./context.ts";
import type { MessageView } from "./message-view.ts";

export const SELF_TEST_PRODUCER_GROUP = "SELF_TEST_P_GROUP";

async function withProducer<T>(ctx: AdminContext, run: (p: Producer) => Promise<T>): Promise<T> {
  const producer = new Producer({
    namesrvAddr: ctx.namesrvAddrs, producerGroup: SELF_TEST_PRODUCER_GROUP, requestTimeoutMs: ctx.timeoutMs,
    sendMsgTimeoutMs: ctx.timeoutMs, retryTimesWhenSendFailed: 0,
  });
  await producer.start();
  try {
    return await run(producer);
  } finally {
    await producer.shutdown();
  }
}

export function sendMessage(ctx: AdminContext, message: Message): Promise<SendResult> {
  return withProducer(ctx, (p) => p.send(message));
}

/** Properties the broker or the sending client sets (and 5.x's DLQ_ORIGIN_*): a re-sent copy gets fresh ones. */
const SYSTEM_PROPERTIES: ReadonlySet<string> = new Set(Object.values(MessageProperty));

export type ResendTarget = "retry" | "topic";

/** Where a re-send of m goes: the group's %RETRY% topic, or the topic it was first sent to. */
export function resendTopicOf(m: MessageView, target: ResendTarget, group: string): string {
  if (target === "retry") return retryTopicOf(group);
  const original = originalTopicOf(m);
  if (original === undefined) {
    throw new AdminError(ResponseCode.SYSTEM_ERROR, `message ${m.msgId} does not say which topic it was first sent to (no RETRY_TOPIC): re-send it to the group's retry topic`, "");
  }
  return original;
}

/** The topic a (dead-lettered or retried) message was first sent to, when it says. */
function originalTopicOf(m: MessageView): string | undefined {
  const original = m.propertyMap.get(MessageProperty.RETRY_TOPIC) ?? m.propertyMap.get(MessageProperty.REAL_TOPIC) ?? m.topic;
  return original.startsWith(DLQ_GROUP_TOPIC_PREFIX) || original.startsWith(RETRY_GROUP_TOPIC_PREFIX) ? undefined : original;
}

/**
 * Sends a copy of m (body, tags, keys, user properties; ORIGIN_MESSAGE_ID = its msgId) to
 * resendTopicOf(m, target, group). A copy bound for %RETRY% carries RETRY_TOPIC, so the consumer
 * hands it to its listener under the original topic, with reconsume times counted from 0.
 */
export function resendMessage(ctx: AdminContext, m: MessageView, target: ResendTarget, group: string): Promise<SendResult> {
  const topic = resendTopicOf(m, target, group);
  const properties: Record<string, string> = {};
  for (const [k, v] of m.propertyMap) if (!SYSTEM_PROPERTIES.has(k) && !k.startsWith("DLQ_ORIGIN_")) properties[k] = v;
  properties[MessageProperty.ORIGIN_MESSAGE_ID] = m.msgId;
  const original = originalTopicOf(m);
  if (target === "retry" && original !== undefined) properties[MessageProperty.RETRY_TOPIC] = original;
  const tags = m.propertyMap.get(MessageProperty.TAGS);
  const keys = m.propertyMap.get(MessageProperty.KEYS);
  return withProducer(ctx, (p) => p.send({
    topic, body: m.body, properties, ...(tags ? { tags } : {}), ...(keys ? { keys } : {}),
  }));
}
