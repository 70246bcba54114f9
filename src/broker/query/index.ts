// Finding stored messages: QUERY_MESSAGE by key or UNIQ_KEY, VIEW_MESSAGE_BY_ID by physical offset.
// Read-only, open to every caller (mqadmin and the console use them).
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { queryCodes } from "./query-message.ts";

export { QUERY_MAX_NUM, UNIQUE_QUERY_MAX_NUM, UNIQUE_KEY_QUERY } from "./query-message.ts";

export function registerQueryHandlers(server: HandlerRegistry, ctx: BrokerContext): void {
  for (const [code, make] of queryCodes) server.register(code, make(ctx));
}
