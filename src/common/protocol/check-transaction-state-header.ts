// CHECK_TRANSACTION_STATE (39) request header, CheckTransactionStateRequestHeader: the broker asks
// a producer of the half message's group what became of its local transaction (oneway; the
// producer answers with END_TRANSACTION, fromTransactionCheck=true). The one codec: the broker's
// check-back encodes it with checkTransactionStateExtFields, mq's transaction producer reads it
// with decodeCheckTransactionStateHeader.
//
//   field                 type    presence  meaning
//   topic                 string  opt       5.x: the half topic, RMQ_SYS_TRANS_HALF_TOPIC
//   tranStateTableOffset  long    NN        the checked half copy's queue offset
//   commitLogOffset       long    NN        the checked half copy's physical offset
//   msgId                 string  opt       the UNIQ_KEY
//   transactionId         string  opt       the UNIQ_KEY as well (Apache RocketMQ sets both alike)
//   offsetMsgId           string  opt       the half copy's offsetMsgId
//   bname                 string  opt       RpcRequestHeader: this broker's name (Java 5.x echoes it in
//                                           its END_TRANSACTION; 4.x names the field, leaves it unset)
//
// Body: the half copy as a stored message, its topic and queue set back to REAL_TOPIC/REAL_QID.
//
// RESUME_CHECK_HALF_MESSAGE (323), ResumeCheckHalfMessageRequestHeader (mqadmin resumeCheckHalfMessage):
// a parked half message is to be checked again. admin encodes it, the broker decodes it.
//   msgId                 string  NN        the half's offsetMsgId (Java: nullable; mq needs it)
//   topic                 string  opt       ignored, as RocketMQ does
import { physicalOffset, type PhysicalOffset } from "../ids.ts";
import { need, needInt, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface CheckTransactionStateRequestHeader {
  topic: string | undefined;
  tranStateTableOffset: number;
  commitLogOffset: PhysicalOffset;
  msgId: string | undefined;
  transactionId: string | undefined;
  offsetMsgId: string | undefined;
  brokerName: string | undefined;
}

export function decodeCheckTransactionStateHeader(ext: ExtFields): CheckTransactionStateRequestHeader {
  return {
    topic: ext.topic || undefined,
    tranStateTableOffset: needInt(ext, "tranStateTableOffset"),
    commitLogOffset: physicalOffset(needInt(ext, "commitLogOffset")),
    msgId: ext.msgId || undefined,
    transactionId: ext.transactionId || undefined,
    offsetMsgId: ext.offsetMsgId || undefined,
    brokerName: ext.bname || undefined,
  };
}

/** The header's extFields, in Java's field order; absent optional fields are left out. */
export function checkTransactionStateExtFields(h: CheckTransactionStateRequestHeader): ExtFieldsInit {
  return {
    topic: h.topic,
    tranStateTableOffset: h.tranStateTableOffset,
    commitLogOffset: h.commitLogOffset,
    msgId: h.msgId,
    transactionId: h.transactionId,
    offsetMsgId: h.offsetMsgId,
    bname: h.brokerName,
  };
}

export interface ResumeCheckHalfMessageHeader {
  msgId: string;
  topic: string | undefined;
}

export const encodeResumeCheckHalfMessageHeader = (h: ResumeCheckHalfMessageHeader): ExtFieldsInit => ({ topic: h.topic, msgId: h.msgId });

export const decodeResumeCheckHalfMessageHeader = (ext: ExtFields): ResumeCheckHalfMessageHeader =>
  ({ msgId: need(ext, "msgId"), topic: ext.topic || undefined });
