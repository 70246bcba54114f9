// Request-reply (RocketMQ 4.6+): repliers send SEND_REPLY_MESSAGE(_V2); the broker pushes each
// reply to its requester (PUSH_REPLY_MESSAGE_TO_CLIENT).
import { RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { decodeSendHeaderV1, decodeSendHeaderV2 } from "../send/index.ts";
import { handleSendReply } from "./reply-handler.ts";

export function registerReplyHandlers(server: HandlerRegistry, ctx: BrokerContext): void {
  server.register(RequestCode.SEND_REPLY_MESSAGE, (req, conn) => handleSendReply(ctx, decodeSendHeaderV1(req.extFields), req, conn));
  server.register(RequestCode.SEND_REPLY_MESSAGE_V2, (req, conn) => handleSendReply(ctx, decodeSendHeaderV2(req.extFields), req, conn));
}
