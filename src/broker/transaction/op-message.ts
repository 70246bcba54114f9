// Op records in RMQ_SYS_TRANS_OP_HALF_TOPIC (same queue id as the half queue): one per ended half
// message, tag "d", body = the half's queue offset followed by "," (RocketMQ 5 batches several,
// "12,13,"; mq writes one per END_TRANSACTION and reads either). mq adds __transactionId__ so
// tools can tell which transaction an op ended.
import { formatProperties, MessageProperty, SystemTopic, type HostAddress } from "../../common/index.ts";
import type { MessageToStore } from "../../store/index.ts";

export const OP_REMOVE_TAG = "d";
const utf8 = new TextEncoder();
const decoder = new TextDecoder();

export function opMessage(halfQueueId: number, halfQueueOffset: number, transactionId: string | undefined, host: HostAddress): MessageToStore {
  const properties: Record<string, string> = { [MessageProperty.TAGS]: OP_REMOVE_TAG };
  if (transactionId !== undefined) properties[MessageProperty.TRANSACTION_ID] = transactionId;
  return {
    topic: SystemTopic.TRANS_OP_HALF,
    queueId: halfQueueId,
    flag: 0,
    body: utf8.encode(`${halfQueueOffset},`),
    properties: formatProperties(properties),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: host,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

/** The half queue offsets an op body names ("12," or "12,13,"); junk segments are skipped. */
export function opOffsets(body: Uint8Array): number[] {
  return decoder
    .decode(body)
    .split(",")
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}
