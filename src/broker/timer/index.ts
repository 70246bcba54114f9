// Timer messages (RIP-43): the send path parks them (send/timer-routing.ts); the timer service
// delivers them when due; RECALL_MESSAGE (370) cancels one; a 5.x slave copies its checkpoint (60, 61).
import { RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { handleRecall } from "./recall.ts";
import type { TimerService } from "./timer-service.ts";
import { registerTimerSyncHandlers } from "./timer-sync.ts";

export function registerTimerHandlers(server: HandlerRegistry, ctx: BrokerContext, timers: TimerService | undefined): void {
  server.register(RequestCode.RECALL_MESSAGE, (req) => handleRecall(ctx, req.extFields, timers));
  registerTimerSyncHandlers(server, timers);
}

export { TimerService, type TimerOptions } from "./timer-service.ts";

