// CONSUMER_SEND_MSG_BACK (36) request header (ConsumerSendMsgBackRequestHeader):
//   field              type     required
//   offset             long     yes   commitlog (physical) offset of the failed message
//   group              string   yes   consumer group
//   delayLevel         int      yes   0: the broker picks 3 + reconsumeTimes; < 0: straight to the DLQ
//   originMsgId        string   no    logged only, as in RocketMQ
//   originTopic        string   no    logged only
//   unitMode           boolean  no
//   maxReconsumeTimes  int      no    clients >= V3_4_9 send it (ali-ons: its maxReconsumeTimes, 16)
// Reply: SUCCESS with no header, else SYSTEM_ERROR / SUBSCRIPTION_GROUP_NOT_EXIST / NO_PERMISSION.
import { need, needInt, optBool, physicalOffset, type ExtFields, type PhysicalOffset } from "../../common/index.ts";

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
