// A stored record put again somewhere else (the schedule and timer services delivering a parked
// message, the transaction service committing or re-appending a half): the same body, flag,
// sysFlag, born time and host, reconsume count, under a new topic, queue and properties.
import type { MessageRecord } from "../../common/index.ts";
import type { MessageToStore } from "../../store/index.ts";

export function recordCopy(record: MessageRecord, topic: string, queueId: number, properties: string): MessageToStore {
  return {
    topic,
    queueId,
    flag: record.flag,
    body: record.body,
    properties,
    sysFlag: record.sysFlag,
    bornTimestamp: record.bornTimestamp,
    bornHost: record.bornHost,
    reconsumeTimes: record.reconsumeTimes,
    preparedTransactionOffset: record.preparedTransactionOffset,
  };
}
