// The send path: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320).
import { decodeSendHeaderV1, decodeSendHeaderV2, RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { handleSendBatch } from "./send-batch.ts";
import type { LockAllExpired } from "./message-routing.ts";
import { handleSend } from "./send-message.ts";

export interface SendRouting {
  /** The lock table's answer: false when the group consumes orderly (its retries go to the DLQ). */
  isLockAllExpired?: LockAllExpired;
}

export function registerSendHandlers(server: HandlerRegistry, ctx: BrokerContext, routing: SendRouting = {}): void {
  const locks = routing.isLockAllExpired;
  server.register(RequestCode.SEND_MESSAGE, (req, conn) => handleSend(ctx, decodeSendHeaderV1(req.extFields), req, conn, locks));
  server.register(RequestCode.SEND_MESSAGE_V2, (req, conn) =>
    handleSend(ctx, decodeSendHeaderV2(req.extFields), req, conn, locks),
  );
  server.register(RequestCode.SEND_BATCH_MESSAGE, (req, conn) =>
    handleSendBatch(ctx, decodeSendHeaderV2(req.extFields), req, conn),
  );
}

export { decodeSendHeaderV1, decodeSendHeaderV2, encodeSendHeaderV2, type SendHeader } from "../../common/index.ts";
export { sendReply, isStored, MSG_REGION_DEFAULT } from "./send-reply.ts";
export { bornHostOf, checkBodySize } from "./send-message.ts";
export { checkBrokerWritable, resolveSendTarget } from "./send-target.ts";
export { routeDelay, createDlqTopic, VERSION_WITH_MAX_RECONSUME_TIMES, type LockAllExpired } from "./message-routing.ts";
export { ScheduleService, type ScheduleOptions } from "./schedule-service.ts";
export { routeTimer } from "./timer-routing.ts";
export { recordCopy } from "./record-copy.ts";
export { encodeRecallHandle, decodeRecallHandle, type RecallHandle } from "./recall-handle.ts";
