// CHECK_TRANSACTION_STATE (39), broker → producer, oneway (AbstractTransactionalMessageCheckListener
// .sendCheckMessage). Sent on one live connection of the half message's producer group (PGROUP).
// Header (common/protocol/check-transaction-state-header.ts): topic RMQ_SYS_TRANS_HALF_TOPIC, the
// half copy's queue offset, physical offset and offsetMsgId, the UNIQ_KEY as msgId and
// transactionId, and this broker's name (bname).
// Body: the half copy as a stored record with its topic and queue set back to REAL_TOPIC/REAL_QID.
// The producer answers with END_TRANSACTION (fromTransactionCheck=true), not with a response.
import {
  checkTransactionStateExtFields,
  encodeRecord,
  MessageProperty,
  offsetMsgId,
  parseProperties,
  physicalOffset,
  RequestCode,
  SystemTopic,
  type MessageRecord,
} from "../../common/index.ts";
import { request } from "../../remoting/index.ts";
import type { BrokerContext, ClientChannel } from "../context.ts";
import { realDestination } from "./half-record.ts";

/** Sends the check; false when no producer of the group is connected. */
export function sendCheckBack(ctx: BrokerContext, half: MessageRecord): boolean {
  const properties = parseProperties(half.properties);
  const group = properties.get(MessageProperty.PGROUP) ?? "";
  const channel = liveChannel(ctx, group);
  if (channel === undefined) {
    ctx.log.warn("transaction check-back skipped: no producer of the group is connected", { group, msgId: properties.get(MessageProperty.UNIQ_KEY) });
    return false;
  }
  const to = realDestination(properties) ?? { topic: half.topic, queueId: half.queueId };
  const uniqKey = properties.get(MessageProperty.UNIQ_KEY);
  const cmd = request(
    RequestCode.CHECK_TRANSACTION_STATE,
    checkTransactionStateExtFields({
      topic: SystemTopic.TRANS_HALF,
      tranStateTableOffset: half.queueOffset,
      commitLogOffset: physicalOffset(half.physicalOffset),
      offsetMsgId: offsetMsgId(half.storeHost, half.physicalOffset),
      msgId: uniqKey,
      transactionId: uniqKey,
      brokerName: ctx.options.brokerName,
    }),
    encodeRecord({ ...half, topic: to.topic, queueId: to.queueId }),
  );
  try {
    channel.connection.invokeOneway(cmd);
    return true;
  } catch (e) {
    ctx.log.warn("transaction check-back not sent", { group, client: channel.clientId, error: String(e) });
    return false;
  }
}

/** One open connection of the group, picked at random (any producer of the group may answer). */
function liveChannel(ctx: BrokerContext, group: string): ClientChannel | undefined {
  const open = [...(ctx.clients.producerGroups().get(group)?.values() ?? [])].filter((c) => !c.connection.closed);
  if (open.length === 0) return undefined;
  return open[Math.floor(Math.random() * open.length)];
}
