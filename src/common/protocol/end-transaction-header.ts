// END_TRANSACTION (37) request header, EndTransactionRequestHeader: the producer ends a half
// message (Java and Go send it oneway), after its local transaction or in answer to a
// CHECK_TRANSACTION_STATE. The one codec: mq's transaction producer encodes it with
// endTransactionExtFields, the broker reads it with decodeEndTransactionHeader.
//
//   field                 type     presence  meaning
//   producerGroup         string   NN        must equal the half message's PGROUP
//   tranStateTableOffset  long     NN        the half's queue offset (the send's queueOffset)
//   commitLogOffset       long     NN        the half's physical offset (from its offsetMsgId)
//   commitOrRollback      int      NN        0 = unknown (ignored), 8 = commit, 12 = rollback
//   fromTransactionCheck  boolean  opt       true when answering CHECK_TRANSACTION_STATE (default false)
//   msgId                 string   NN        the UNIQ_KEY (logged only; mq tolerates it missing)
//   transactionId         string   opt
//   topic                 string   opt       5.x: the message's topic (from a check: the half topic)
//   bname                 string   opt       5.x RpcRequestHeader: the broker it is meant for
//
// No response header; the reply (when not oneway) is SUCCESS or an error with a remark.
import { physicalOffset, type PhysicalOffset } from "../ids.ts";
import { need, needInt, optBool, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface EndTransactionRequestHeader {
  producerGroup: string;
  tranStateTableOffset: number;
  commitLogOffset: PhysicalOffset;
  commitOrRollback: number;
  fromTransactionCheck: boolean;
  msgId: string;
  transactionId: string | undefined;
  topic: string | undefined;
  brokerName: string | undefined;
}

export function decodeEndTransactionHeader(ext: ExtFields): EndTransactionRequestHeader {
  return {
    producerGroup: need(ext, "producerGroup"),
    tranStateTableOffset: needInt(ext, "tranStateTableOffset"),
    commitLogOffset: physicalOffset(needInt(ext, "commitLogOffset")),
    commitOrRollback: needInt(ext, "commitOrRollback"),
    fromTransactionCheck: optBool(ext, "fromTransactionCheck", false),
    msgId: ext.msgId ?? "",
    transactionId: ext.transactionId || undefined,
    topic: ext.topic || undefined,
    brokerName: ext.bname || undefined,
  };
}

/** The header's extFields, in Java's field order; absent optional fields are left out. */
export function endTransactionExtFields(h: EndTransactionRequestHeader): ExtFieldsInit {
  return {
    topic: h.topic,
    producerGroup: h.producerGroup,
    tranStateTableOffset: h.tranStateTableOffset,
    commitLogOffset: h.commitLogOffset,
    commitOrRollback: h.commitOrRollback,
    fromTransactionCheck: h.fromTransactionCheck,
    msgId: h.msgId,
    transactionId: h.transactionId,
    bname: h.brokerName,
  };
}
