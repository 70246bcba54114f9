// The send path: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320).
import { RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { handleSendBatch } from "./send-batch.ts";
import { decodeSendHeaderV1, decodeSendHeaderV2 } from "./send-header.ts";
import { handleSend } from "./send-message.ts";

export function registerSendHandlers(server: HandlerRegistry, ctx: BrokerContext): void {
  server.register(RequestCode.SEND_MESSAGE, (req, conn) => handleSend(ctx, decodeSendHeaderV1(req.extFields), req, conn));
  server.register(RequestCode.SEND_MESSAGE_V2, (req, conn) =>
    handleSend(ctx, decodeSendHeaderV2(req.extFields), req, conn),
  );
  server.register(RequestCode.SEND_BATCH_MESSAGE, (req, conn) =>
    handleSendBatch(ctx, decodeSendHeaderV2(req.extFields), req, conn),
  );
}

export { decodeSendHeaderV1, decodeSendHeaderV2, encodeSendHeaderV2, type SendHeader } from "./send-header.ts";
export { sendReply, MSG_REGION_DEFAULT } from "./send-reply.ts";
export { ScheduleService, type ScheduleOptions } from "./schedule-service.ts";
