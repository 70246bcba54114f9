// The reply to a send (SendMessageResponseHeader): every extFields value a string, and
// MSG_REGION/TRACE_ON always present (the Java client reads MSG_REGION without a null check).
//
//   key          value
//   msgId        offsetMsgId; for a batch the ids of all messages joined by ","
//   queueId      the queue the producer asked for (or the one picked for it)
//   queueOffset  queue offset of the (first) stored message
//   MSG_REGION   "DefaultRegion"
//   TRACE_ON     "true"
import { ResponseCode } from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { PutOk, PutResult } from "../../store/index.ts";

export const MSG_REGION_DEFAULT = "DefaultRegion";

const REFUSED_CODES = {
  MESSAGE_ILLEGAL: ResponseCode.MESSAGE_ILLEGAL,
  PROPERTIES_SIZE_EXCEEDED: ResponseCode.MESSAGE_ILLEGAL,
  SERVICE_NOT_AVAILABLE: ResponseCode.SERVICE_NOT_AVAILABLE,
  UNKNOWN_ERROR: ResponseCode.SYSTEM_ERROR,
} as const;

/** SUCCESS or FLUSH_DISK_TIMEOUT (both mean stored) with the send header; else the store's reason. */
export function sendReply(result: PutResult, queueId: number): RemotingCommand {
  if (isStored(result)) {
    const code = result.status === "PUT_OK" ? ResponseCode.SUCCESS : ResponseCode.FLUSH_DISK_TIMEOUT;
    const res = reply(code);
    // Every send gets one: the fields are set as strings directly.
    res.extFields = {
      msgId: result.msgIds.length === 1 ? result.msgIds[0]! : result.msgIds.join(","),
      queueId: String(queueId),
      queueOffset: String(result.queueOffset),
      MSG_REGION: MSG_REGION_DEFAULT,
      TRACE_ON: "true",
    };
    if (code === ResponseCode.FLUSH_DISK_TIMEOUT) res.remark = "stored, but not flushed within syncFlushTimeout";
    return res;
  }
  return reply(REFUSED_CODES[result.status], {
    extFields: { MSG_REGION: MSG_REGION_DEFAULT, TRACE_ON: "true" },
    remark: `${result.status}: ${result.reason}`,
  });
}

export const isStored = (r: PutResult): r is PutOk => r.status === "PUT_OK" || r.status === "FLUSH_DISK_TIMEOUT";
