// Redelivery of failed messages: CONSUMER_SEND_MSG_BACK (36) into %RETRY%<group> or %DLQ%<group>.
// The fallback path (a client re-sending to %RETRY%<group> itself) is in the send path.
import { decodeSendBackHeader, RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { handleSendBack } from "./send-back.ts";

export { DLQ_ORIGIN_TOPIC, DLQ_ORIGIN_MESSAGE_ID } from "./send-back.ts";

export function registerRetryHandlers(server: HandlerRegistry, ctx: BrokerContext): void {
  server.register(RequestCode.CONSUMER_SEND_MSG_BACK, (req) => handleSendBack(ctx, decodeSendBackHeader(req.extFields), req.version));
}
