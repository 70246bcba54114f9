// RESUME_CHECK_HALF_MESSAGE (323): a half message given by its offsetMsgId (typically one parked
// in TRANS_CHECK_MAX_TIME_TOPIC after its check-backs ran out) goes back to the half queue with
// TRANSACTION_CHECK_TIMES=0, so the check service asks its producer again (RocketMQ's
// AdminBrokerProcessor.resumeCheckHalfMessage).
//   request extFields: msgId (offsetMsgId), topic (ignored, as RocketMQ)
//   reply: SUCCESS; SYSTEM_ERROR "Put message back to RMQ_SYS_TRANS_HALF_TOPIC failed." when it
//   cannot (with why: not an offsetMsgId, no such message, the put failed)
import { BrokerError, decodeOffsetMsgId, decodeRecord, decodeResumeCheckHalfMessageHeader, MessageProperty, physicalOffset, ResponseCode } from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { halfCopy } from "./half-record.ts";

const FAILED = "Put message back to RMQ_SYS_TRANS_HALF_TOPIC failed.";

export function resumeCheckHalfMessage(ctx: BrokerContext): Handler {
  return async (req) => {
    const { msgId } = decodeResumeCheckHalfMessageHeader(req.extFields);
    const decoded = decodeOffsetMsgId(msgId);
    if (decoded === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `${FAILED} ${msgId} is not an offsetMsgId (32 or 56 hex digits)`);
    const bytes = ctx.store.recordAt(physicalOffset(decoded.physicalOffset));
    if (bytes === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `${FAILED} no message is stored at offset ${decoded.physicalOffset} (msgId ${msgId})`);
    const message = { ...halfCopy(decodeRecord(bytes), { [MessageProperty.TRANSACTION_CHECK_TIMES]: "0" }), queueId: 0 };
    const put = await ctx.store.put(message);
    if ("reason" in put) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `${FAILED} ${put.reason}`);
    ctx.log.info("half message put back for checking", { msgId });
    return reply(ResponseCode.SUCCESS);
  };
}
