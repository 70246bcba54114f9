// Timer messages (RocketMQ 5, RIP-43; HookUtils.transformTimerMessage): a send carrying
// TIMER_DELIVER_MS (epoch ms), TIMER_DELAY_SEC or TIMER_DELAY_MS — or ali-ons's
// __STARTDELIVERTIME (epoch ms; Apache RocketMQ ignores it, mq honours it) — whose time is still
// ahead waits in rmq_sys_wheel_timer queue 0 with TIMER_OUT_MS = the due time and its real topic
// and queue in REAL_TOPIC/REAL_QID, until the timer service puts it back (src/broker/timer).
// A delay level (DELAY) wins: the timer properties are dropped. A time already past is stored at
// once. Unlike RocketMQ, mq does not round the due time down to timerPrecisionMs, so a timer
// message is never delivered early.
import { BrokerError, MessageProperty, MessageSysFlag, ResponseCode, SystemTopic } from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import type { Destination } from "./message-routing.ts";

const TIMER_NAMES = [MessageProperty.TIMER_DELIVER_MS, MessageProperty.TIMER_DELAY_SEC, MessageProperty.TIMER_DELAY_MS] as const;

/** Whether the properties ask for a timer (what a batch refuses). */
export const hasTimer = (properties: ReadonlyMap<string, string>): boolean =>
  TIMER_NAMES.some((name) => properties.has(name)) || properties.has(MessageProperty.START_DELIVER_TIME);

export function routeTimer(
  ctx: BrokerContext,
  sysFlag: number,
  properties: Map<string, string>,
  to: Destination,
  nowMs = Date.now(),
): Destination {
  const txType = sysFlag & MessageSysFlag.TRANSACTION_MASK;
  if (txType !== MessageSysFlag.TRANSACTION_NOT && txType !== MessageSysFlag.TRANSACTION_COMMIT) return to;
  if (Number(properties.get(MessageProperty.DELAY) ?? 0) > 0) {
    for (const name of TIMER_NAMES) properties.delete(name);
    return to;
  }
  if (to.topic === SystemTopic.TIMER || properties.has(MessageProperty.TIMER_OUT_MS)) return to;
  const deliverMs = deliverTimeOf(ctx, properties, nowMs);
  if (deliverMs === undefined || deliverMs <= nowMs) return to;
  const maxDelayMs = ctx.options.timerMaxDelaySec * 1000;
  if (deliverMs - nowMs > maxDelayMs) {
    // Apache RocketMQ's remark word for word (SendMessageProcessor, WHEEL_TIMER_MSG_ILLEGAL); the
    // limit is timerMaxDelaySec.
    throw new BrokerError(
      ResponseCode.MESSAGE_ILLEGAL,
      `timer message illegal, the delay time should not be bigger than the max delay ${maxDelayMs}ms; or if set del msg, the delay time should be bigger than the current time`,
    );
  }
  properties.set(MessageProperty.TIMER_OUT_MS, String(deliverMs));
  properties.set(MessageProperty.REAL_TOPIC, to.topic);
  properties.set(MessageProperty.REAL_QID, String(to.queueId));
  return { topic: SystemTopic.TIMER, queueId: 0 };
}

/** The due time the properties ask for; undefined for none (or __STARTDELIVERTIME with timers off). */
function deliverTimeOf(ctx: BrokerContext, properties: ReadonlyMap<string, string>, nowMs: number): number | undefined {
  const sec = properties.get(MessageProperty.TIMER_DELAY_SEC);
  const ms = properties.get(MessageProperty.TIMER_DELAY_MS);
  const at = properties.get(MessageProperty.TIMER_DELIVER_MS);
  if (sec === undefined && ms === undefined && at === undefined) {
    const ons = properties.get(MessageProperty.START_DELIVER_TIME);
    return ons === undefined || !ctx.options.timerWheelEnable ? undefined : parsed(MessageProperty.START_DELIVER_TIME, ons);
  }
  if (!ctx.options.timerWheelEnable) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, "accurate timer message is not enabled, timerWheelEnable is false: set timerWheelEnable=true");
  }
  if (sec !== undefined) return nowMs + parsed(MessageProperty.TIMER_DELAY_SEC, sec) * 1000;
  if (ms !== undefined) return nowMs + parsed(MessageProperty.TIMER_DELAY_MS, ms);
  return parsed(MessageProperty.TIMER_DELIVER_MS, at ?? "");
}

function parsed(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(n)) {
    throw new BrokerError(ResponseCode.MESSAGE_ILLEGAL, `timer message illegal: ${name}=${text.slice(0, 40)} is not a whole number`);
  }
  return n;
}
