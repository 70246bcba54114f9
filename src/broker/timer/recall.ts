// RECALL_MESSAGE (370, RocketMQ 5.3.2): cancels a timer message not yet delivered, named by the
// recall handle its send reply carried. Off unless recallMessageEnable (as RocketMQ).
//   request header   RecallMessageRequestHeader (common/protocol/recall-message-header.ts)
//   recall handle    base64url("v1 <real topic> <broker name> <due ms + 1> <UNIQ_KEY>")
//   reply            SUCCESS with msgId = the UNIQ_KEY (also when it was already delivered, as
//                    RocketMQ); NO_PERMISSION when off; ILLEGAL_OPERATION for a handle that is
//                    malformed, of another topic or broker, or whose time is past or too far.
import { BrokerError, decodeRecallMessageHeader, encodeRecallMessageResponseHeader, ResponseCode, type ExtFields } from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { decodeRecallHandle, MSG_REGION_DEFAULT } from "../send/index.ts";
import type { TimerService } from "./timer-service.ts";

const illegal = (remark: string): BrokerError => new BrokerError(ResponseCode.ILLEGAL_OPERATION, remark);

export async function handleRecall(ctx: BrokerContext, ext: ExtFields, timers: TimerService | undefined): Promise<RemotingCommand> {
  const o = ctx.options;
  if (!o.recallMessageEnable) throw new BrokerError(ResponseCode.NO_PERMISSION, "recall failed, operation is forbidden (recallMessageEnable=false)");
  if (timers === undefined) throw new BrokerError(ResponseCode.SLAVE_NOT_AVAILABLE, "recall failed, broker service not available: recall at the master");
  const h = decodeRecallMessageHeader(ext);
  const topic = h.topic;
  if (ctx.topics.get(topic) === undefined) throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `recall failed, the topic[${topic}] not exist`);
  const handle = decodeRecallHandle(h.recallHandle);
  if (handle === undefined) throw illegal("recall handle is invalid");
  if (handle.topic !== topic) throw illegal("recall failed, topic not match");
  if (handle.brokerName !== o.brokerName) throw illegal(`recall failed, the handle names broker ${handle.brokerName}, not this one`);
  const leftMs = handle.timestampMs - Date.now();
  if (!(leftMs > 0 && leftMs < o.timerMaxDelaySec * 1000)) throw illegal("recall failed, timestamp invalid (the message is due already)");
  const recalled = await timers.recall(topic, handle.uniqKey, handle.timestampMs - 1);
  ctx.log.info("timer message recall", { topic, msgId: handle.uniqKey, recalled });
  return reply(ResponseCode.SUCCESS, { extFields: encodeRecallMessageResponseHeader({ msgId: handle.uniqKey, regionId: MSG_REGION_DEFAULT }) });
}
