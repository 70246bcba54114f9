// The messages the transaction service derives from a stored half record:
// - the real message a commit stores (EndTransactionProcessor.endMessageTransaction): the real
//   topic and queue back from REAL_TOPIC/REAL_QID (both removed), TRAN_MSG removed, sysFlag COMMIT,
//   preparedTransactionOffset = the half's physical offset;
// - the copy a check-back appends to the half queue (renewHalfMessageInner), so that progress moves
//   on while the check is under way, with extra properties (TRANSACTION_CHECK_TIMES ...);
// - the copy parked in TRANS_CHECK_MAX_TIME_TOPIC once the checks are used up.
import { formatProperties, MessageProperty, MessageSysFlag, parseProperties, SystemTopic, type MessageRecord } from "../../common/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import { recordCopy } from "../send/index.ts";

const withType = (sysFlag: number, type: number): number => (sysFlag & ~MessageSysFlag.TRANSACTION_MASK) | type;

/** Where the half message is really going; undefined when REAL_TOPIC is missing (not a half). */
export function realDestination(properties: ReadonlyMap<string, string>): { topic: string; queueId: number } | undefined {
  const topic = properties.get(MessageProperty.REAL_TOPIC);
  const queueId = Number(properties.get(MessageProperty.REAL_QID) ?? 0);
  if (topic === undefined || topic === "") return undefined;
  return { topic, queueId: Number.isInteger(queueId) && queueId >= 0 ? queueId : 0 };
}

/** A copy for another topic and queue; a half's copies never point at a prepared offset. */
function copyOf(record: MessageRecord, topic: string, queueId: number, properties: ReadonlyMap<string, string>): MessageToStore {
  return { ...recordCopy(record, topic, queueId, formatProperties(properties)), preparedTransactionOffset: 0 };
}

/** The committed message (before delay/timer routing); its properties map is returned for routing. */
export function committedMessage(record: MessageRecord): { message: MessageToStore; properties: Map<string, string> } | undefined {
  const properties = parseProperties(record.properties);
  const to = realDestination(properties);
  if (to === undefined) return undefined;
  properties.delete(MessageProperty.REAL_TOPIC);
  properties.delete(MessageProperty.REAL_QID);
  properties.delete(MessageProperty.TRAN_MSG);
  const message = copyOf(record, to.topic, to.queueId, properties);
  message.sysFlag = withType(record.sysFlag, MessageSysFlag.TRANSACTION_COMMIT);
  message.preparedTransactionOffset = record.physicalOffset;
  return { message, properties };
}

/** A copy of the half for the end of the half queue, with `set` applied to its properties. */
export function halfCopy(record: MessageRecord, set: Readonly<Record<string, string>>): MessageToStore {
  const properties = parseProperties(record.properties);
  for (const [name, value] of Object.entries(set)) properties.set(name, value);
  return copyOf(record, SystemTopic.TRANS_HALF, record.queueId, properties);
}

/** The half as parked in TRANS_CHECK_MAX_TIME_TOPIC queue 0, properties unchanged. */
export function checkMaxCopy(record: MessageRecord): MessageToStore {
  return copyOf(record, SystemTopic.TRANS_CHECK_MAX_TIME, 0, parseProperties(record.properties));
}
