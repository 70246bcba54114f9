// PUSH_REPLY_MESSAGE_TO_CLIENT (326) request header, ReplyMessageRequestHeader: the broker hands a
// reply (sent by a replier as SEND_REPLY_MESSAGE(_V2), 324/325, whose headers are the send
// header's) to the requesting client named by its REPLY_TO_CLIENT property; awaited, the client
// answers SUCCESS. The one codec: the broker encodes it with replyMessageExtFields, mq's
// requester reads it with decodeReplyMessageHeader.
//
//   field                  type     presence  meaning
//   producerGroup          string   NN        the replier's send header, as it came …
//   topic                  string   NN        … (<cluster>_REPLY_TOPIC)
//   defaultTopic           string   NN
//   defaultTopicQueueNums  int      NN
//   queueId                int      NN
//   sysFlag                int      NN        MessageSysFlag; COMPRESSED means the body is zlib
//   bornTimestamp          long     NN
//   flag                   int      NN
//   properties             string   opt       the reply's properties plus PUSH_REPLY_TIME (ms)
//   reconsumeTimes         int      opt       default 0
//   unitMode               boolean  opt       default false
//   bornHost               string   NN        "ip:port" of the replier's connection
//   storeHost              string   NN        "ip:port" of the broker
//   storeTimestamp         long     NN        ms
//
// Body: the reply's body.
import { need, needInt, optBool, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";
import type { SendHeader } from "./send-header.ts";

/** The send header's fields a reply keeps, and where it was born and stored. */
export interface ReplyMessageRequestHeader extends Pick<SendHeader,
  "producerGroup" | "topic" | "defaultTopic" | "defaultTopicQueueNums" | "queueId" | "sysFlag" | "bornTimestamp" | "flag" |
  "properties" | "reconsumeTimes" | "unitMode"> {
  bornHost: string;
  storeHost: string;
  storeTimestamp: number;
}

export function decodeReplyMessageHeader(ext: ExtFields): ReplyMessageRequestHeader {
  return {
    producerGroup: need(ext, "producerGroup"),
    topic: need(ext, "topic"),
    defaultTopic: need(ext, "defaultTopic"),
    defaultTopicQueueNums: needInt(ext, "defaultTopicQueueNums"),
    queueId: needInt(ext, "queueId"),
    sysFlag: needInt(ext, "sysFlag"),
    bornTimestamp: needInt(ext, "bornTimestamp"),
    flag: needInt(ext, "flag"),
    properties: ext.properties ?? "",
    reconsumeTimes: optInt(ext, "reconsumeTimes", 0),
    unitMode: optBool(ext, "unitMode", false),
    bornHost: need(ext, "bornHost"),
    storeHost: need(ext, "storeHost"),
    storeTimestamp: needInt(ext, "storeTimestamp"),
  };
}

/** The header's extFields, in Java's field order. */
export function replyMessageExtFields(h: ReplyMessageRequestHeader): ExtFieldsInit {
  return {
    producerGroup: h.producerGroup,
    topic: h.topic,
    defaultTopic: h.defaultTopic,
    defaultTopicQueueNums: h.defaultTopicQueueNums,
    queueId: h.queueId,
    sysFlag: h.sysFlag,
    bornTimestamp: h.bornTimestamp,
    flag: h.flag,
    properties: h.properties,
    reconsumeTimes: h.reconsumeTimes,
    unitMode: h.unitMode,
    bornHost: h.bornHost,
    storeHost: h.storeHost,
    storeTimestamp: h.storeTimestamp,
  };
}
