// A transactional (half) message on the send path (RocketMQ's SendMessageProcessor and
// TransactionalMessageBridge.parseHalfMessageInner): a send whose TRAN_MSG property is "true"
// (or whose sysFlag says PREPARED) is parked in RMQ_SYS_TRANS_HALF_TOPIC queue 0 with its real
// topic and queue in REAL_TOPIC/REAL_QID and its UNIQ_KEY in __transactionId__; its sysFlag's
// transaction bits are cleared so the half copy gets a consume-queue entry (that queue is read
// only by the transaction checker). Delay and timer properties stay: they apply at commit.
import { BrokerError, MessageProperty, MessageSysFlag, ResponseCode, SystemTopic } from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import type { Destination } from "./message-routing.ts";

/** Whether the send starts a transaction. A retry that carries a delay level is not one (RocketMQ's
 *  guard for clients before 4.6.1, which re-sent half messages' copies as retries). */
export function isHalfMessage(sysFlag: number, properties: ReadonlyMap<string, string>, reconsumeTimes: number): boolean {
  const prepared = properties.get(MessageProperty.TRAN_MSG)?.toLowerCase() === "true" ||
    (sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_PREPARED;
  return prepared && !(reconsumeTimes > 0 && Number(properties.get(MessageProperty.DELAY) ?? 0) > 0);
}

/** Rewrites the properties of a half message and says where it is stored. */
export function routeHalf(ctx: BrokerContext, properties: Map<string, string>, to: Destination): Destination {
  if (ctx.options.rejectTransactionMessage) {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the broker[${ctx.options.brokerIP1}] sending transaction message is forbidden (rejectTransactionMessage=true)`,
    );
  }
  const uniqKey = properties.get(MessageProperty.UNIQ_KEY);
  if (uniqKey !== undefined && uniqKey !== "") properties.set(MessageProperty.TRANSACTION_ID, uniqKey);
  properties.set(MessageProperty.REAL_TOPIC, to.topic);
  properties.set(MessageProperty.REAL_QID, String(to.queueId));
  return { topic: SystemTopic.TRANS_HALF, queueId: 0 };
}

/** sysFlag with the transaction type set to `type` (MessageSysFlag.resetTransactionValue). */
export const withTransactionType = (sysFlag: number, type: number): number =>
  (sysFlag & ~MessageSysFlag.TRANSACTION_MASK) | type;
