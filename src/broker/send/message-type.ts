// RocketMQ 5's message_type label of a stored message: Transaction (a transactional flag),
// Delay (routed to the schedule topic), FIFO (an order topic), else Normal.
import { MessageSysFlag, type TopicConfig } from "../../common/index.ts";
import type { MessageType } from "../metrics/index.ts";

export function messageTypeOf(topic: Pick<TopicConfig, "order">, sysFlag: number, delayed: boolean): MessageType {
  if ((sysFlag & MessageSysFlag.TRANSACTION_MASK) !== MessageSysFlag.TRANSACTION_NOT) return "Transaction";
  if (delayed) return "Delay";
  return topic.order ? "FIFO" : "Normal";
}
