// CONSUMER_SEND_MSG_BACK (36) request header (ConsumerSendMsgBackRequestHeader): the client
// encodes it (src/client/broker-api.ts), the broker decodes it (src/broker/retry).
//   field              type     required
//   offset             long     yes   commitlog (physical) offset of the failed message
//   group              string   yes   consumer group
//   delayLevel         int      yes   0: the broker picks 3 + reconsumeTimes; < 0: straight to the DLQ
//   originMsgId        string   no    logged only, as in RocketMQ
//   originTopic        string   no    logged only
//   unitMode           boolean  no
//   maxReconsumeTimes  int      no    clients >= V3_4_9 send it (ali-ons: its maxReconsumeTimes, 16)
// Reply: SUCCESS with no header, else SYSTEM_ERROR / SUBSCRIPTION_GROUP_NOT_EXIST / NO_PERMISSION.
import { physicalOffset, type PhysicalOffset } from "../ids.ts";
import { need, needInt, optBool, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface SendBackHeader {
  offset: PhysicalOffset;
  group: string;
  delayLevel: number;
  originMsgId: string | undefined;
  originTopic: string | undefined;
  unitMode: boolean;
  maxReconsumeTimes: number | undefined;
}

export function decodeSendBackHeader(ext: ExtFields): SendBackHeader {
  const max = ext.maxReconsumeTimes;
  return {
    offset: physicalOffset(needInt(ext, "offset")),
    group: need(ext, "group"),
    delayLevel: needInt(ext, "delayLevel"),
    originMsgId: ext.originMsgId || undefined,
    originTopic: ext.originTopic || undefined,
    unitMode: optBool(ext, "unitMode", false),
    maxReconsumeTimes: max === undefined || max === "" ? undefined : needInt(ext, "maxReconsumeTimes"),
  };
}

/** Fields in Java's order; absent optional ones are left out. */
export const encodeSendBackHeader = (h: SendBackHeader): ExtFieldsInit => ({
  offset: h.offset,
  group: h.group,
  delayLevel: h.delayLevel,
  originMsgId: h.originMsgId,
  originTopic: h.originTopic,
  unitMode: h.unitMode,
  maxReconsumeTimes: h.maxReconsumeTimes,
});
