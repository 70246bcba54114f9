// END_TRANSACTION (37) request header (EndTransactionRequestHeader); Java sends it oneway.
//   field                 type     required
//   producerGroup         string   yes   must equal the half message's PGROUP
//   tranStateTableOffset  long     yes   the half message's queue offset (the send's queueOffset)
//   commitLogOffset       long     yes   the half message's physical offset (from its offsetMsgId)
//   commitOrRollback      int      yes   0 = unknown (ignored), 8 = commit, 12 = rollback
//   fromTransactionCheck  boolean  no    true when answering CHECK_TRANSACTION_STATE
//   msgId                 string   yes   the UNIQ_KEY (logged only)
//   transactionId         string   no
// Reply (when not oneway): SUCCESS, SYSTEM_ERROR (half not found or not matching), ILLEGAL_OPERATION
// (ended by the producer after its CHECK_IMMUNITY_TIME_IN_SECONDS), SLAVE_NOT_AVAILABLE.
import { need, needInt, optBool, physicalOffset, type ExtFields, type PhysicalOffset } from "../../common/index.ts";

export interface EndTransactionHeader {
  producerGroup: string;
  tranStateTableOffset: number;
  commitLogOffset: PhysicalOffset;
  commitOrRollback: number;
  fromTransactionCheck: boolean;
  msgId: string;
  transactionId: string | undefined;
}

export function decodeEndTransactionHeader(ext: ExtFields): EndTransactionHeader {
  return {
    producerGroup: need(ext, "producerGroup"),
    tranStateTableOffset: needInt(ext, "tranStateTableOffset"),
    commitLogOffset: physicalOffset(needInt(ext, "commitLogOffset")),
    commitOrRollback: needInt(ext, "commitOrRollback"),
    fromTransactionCheck: optBool(ext, "fromTransactionCheck", false),
    msgId: ext.msgId ?? "",
    transactionId: ext.transactionId || undefined,
  };
}
