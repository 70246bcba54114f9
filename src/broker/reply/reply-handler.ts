// SEND_REPLY_MESSAGE (324, long header names) and SEND_REPLY_MESSAGE_V2 (325, one-letter names):
// a replier's answer to a request message (ReplyMessageProcessor). The reply is pushed to the
// requesting client at once (push-reply.ts) and, with storeReplyMessageEnable, also stored in its
// topic (<cluster>_REPLY_TOPIC) with the properties as sent. The reply's code says whether the
// push worked: SUCCESS, or SYSTEM_ERROR with the reason; msgId/queueOffset are the stored copy's
// (or "0"/0 when not stored).
import { MessageSysFlag, ResponseCode } from "../../common/index.ts";
import { reply, type Connection, type RemotingCommand } from "../../remoting/index.ts";
import type { MessageToStore } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import {
  bornHostOf,
  checkBodySize,
  checkBrokerWritable,
  isStored,
  MSG_REGION_DEFAULT,
  resolveSendTarget,
  type SendHeader,
} from "../send/index.ts";
import { pushReply } from "./push-reply.ts";

export async function handleSendReply(ctx: BrokerContext, h: SendHeader, req: RemotingCommand, conn: Connection): Promise<RemotingCommand> {
  checkBrokerWritable(ctx);
  const target = resolveSendTarget(ctx, h);
  const body = req.body ?? new Uint8Array(0);
  checkBodySize(ctx, body.length);
  const queueId = target.queueId;
  const pushed = await pushReply(ctx, h, queueId, body, conn);
  const ext = { MSG_REGION: MSG_REGION_DEFAULT, TRACE_ON: "true", msgId: "0", queueId: String(queueId), queueOffset: "0" };
  if (ctx.options.storeReplyMessageEnable) {
    const message: MessageToStore = {
      topic: target.topicConfig.topicName,
      queueId,
      flag: h.flag,
      body,
      properties: h.properties,
      sysFlag: h.sysFlag & ~MessageSysFlag.TRANSACTION_MASK,
      bornTimestamp: h.bornTimestamp,
      bornHost: bornHostOf(conn),
      reconsumeTimes: h.reconsumeTimes,
      preparedTransactionOffset: 0,
    };
    const put = await ctx.store.put(message);
    if (isStored(put)) Object.assign(ext, { msgId: put.msgIds[0] ?? "0", queueOffset: String(put.queueOffset) });
    else ctx.log.warn("reply message not stored", { topic: message.topic, status: put.status, reason: put.reason });
  }
  if (!pushed.ok) return reply(ResponseCode.SYSTEM_ERROR, { extFields: ext, remark: pushed.remark });
  return reply(ResponseCode.SUCCESS, { extFields: ext });
}
