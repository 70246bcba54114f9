// PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) request header, PullMessageRequestHeader
// (remoting-protocol.md §2.4): the one codec — the client's and the admin's pulls are encoded
// with pullMessageExtFields, the broker reads them with decodePullMessageRequestHeader; the
// response header likewise with encodePullResponseHeader / decodePullResponseHeader.
//
//   field                  type    presence  meaning
//   consumerGroup          string  NN
//   topic                  string  NN
//   queueId                int     NN
//   queueOffset            long    NN        first queue offset wanted
//   maxMsgNums             int     NN        batch size asked for (clients send 32)
//   sysFlag                int     NN        PullSysFlag bits, below
//   commitOffset           long    NN        consumer's offset for this queue, stored with bit 0x1
//   suspendTimeoutMillis   long    NN        long-poll hold (Java/ali-ons 15000, Go 20000)
//   subscription           string  opt       tag expression or SQL92; used with bit 0x4
//   subVersion             long    NN        subscription version (Go sends 0)
//   expressionType         string  opt       "TAG" (default) | "SQL92"
//
// commitOffset, suspendTimeoutMillis and subVersion default to 0 when left out; the rest are
// required.
//
// PullMessageResponseHeader, on every code; remark = the store's GetStatus name:
//   suggestWhichBrokerId   long    NN        where to pull next (0: the master)
//   nextBeginOffset        long    NN        the next pull's queueOffset
//   minOffset              long    NN        the queue's bounds: min..max-1 hold messages
//   maxOffset              long    NN
import { need, needInt, optInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

/** LITE (0x10) marks a 5.x DefaultLitePullConsumer's pull; the client then sends LITE_PULL_MESSAGE (361). */
export const PullSysFlag = { COMMIT_OFFSET: 0x1, SUSPEND: 0x2, SUBSCRIPTION: 0x4, CLASS_FILTER: 0x8, LITE: 0x10 } as const;

export interface PullMessageRequestHeader {
  consumerGroup: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums: number;
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMillis: number;
  subscription: string | undefined;
  subVersion: number;
  expressionType: string | undefined;
}

export function decodePullMessageRequestHeader(ext: ExtFields): PullMessageRequestHeader {
  return {
    consumerGroup: need(ext, "consumerGroup"),
    topic: need(ext, "topic"),
    queueId: needInt(ext, "queueId"),
    queueOffset: needInt(ext, "queueOffset"),
    maxMsgNums: needInt(ext, "maxMsgNums"),
    sysFlag: needInt(ext, "sysFlag"),
    commitOffset: optInt(ext, "commitOffset", 0),
    suspendTimeoutMillis: optInt(ext, "suspendTimeoutMillis", 0),
    subscription: ext.subscription,
    subVersion: optInt(ext, "subVersion", 0),
    expressionType: ext.expressionType,
  };
}

/** The header's extFields, fields in Java's order; an absent subscription or expressionType is left out. */
export function pullMessageExtFields(h: PullMessageRequestHeader): ExtFieldsInit {
  return {
    consumerGroup: h.consumerGroup,
    topic: h.topic,
    queueId: h.queueId,
    queueOffset: h.queueOffset,
    maxMsgNums: h.maxMsgNums,
    sysFlag: h.sysFlag,
    commitOffset: h.commitOffset,
    suspendTimeoutMillis: h.suspendTimeoutMillis,
    subscription: h.subscription,
    subVersion: h.subVersion,
    expressionType: h.expressionType,
  };
}

export const hasPullFlag = (header: PullMessageRequestHeader, flag: number): boolean => (header.sysFlag & flag) !== 0;

export interface PullResponseHeader {
  suggestWhichBrokerId: number;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
}

export const encodePullResponseHeader = (h: PullResponseHeader): ExtFields => ({
  suggestWhichBrokerId: String(h.suggestWhichBrokerId),
  nextBeginOffset: String(h.nextBeginOffset),
  minOffset: String(h.minOffset),
  maxOffset: String(h.maxOffset),
});

/** What a pull reply says; a field left out reads as 0 (nextBeginOffset: the offset asked for). */
export const decodePullResponseHeader = (ext: ExtFields, queueOffsetAsked: number): PullResponseHeader => ({
  suggestWhichBrokerId: Number(ext.suggestWhichBrokerId ?? 0),
  nextBeginOffset: Number(ext.nextBeginOffset ?? queueOffsetAsked),
  minOffset: Number(ext.minOffset ?? 0),
  maxOffset: Number(ext.maxOffset ?? 0),
});
