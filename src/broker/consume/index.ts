// The broker's consume path: PULL_MESSAGE (and 5.x's LITE_PULL_MESSAGE) with long polling, consumer offsets and queue bounds.
// broker.ts calls registerConsumeHandlers once; close() must run before the RemotingServer
// stops, so held pulls are answered instead of waiting out their hold time.
import { RequestCode } from "../../common/index.ts";
import type { RemotingServer } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { SELECTOR_CACHE_ENTRIES_DEFAULT, SelectorCache } from "../filter/index.ts";
import { litePullMessageHandler } from "./lite-pull-handler.ts";
import { offsetHandlers } from "./offset-handlers.ts";
import { pullMessageHandler } from "./pull-handler.ts";
import { PullHold } from "./pull-hold.ts";

export { buildSubscription, expressionTypeOf, subscribesAll, SUB_ALL } from "./subscription.ts";
export { sqlFilter, tagFilter } from "./message-filter.ts";
export { SQL92_DISABLED_REMARK, sql92ParseFailedRemark } from "./subscription.ts";
export { PullSysFlag } from "../../common/index.ts";

export type ConsumeServer = Pick<RemotingServer, "register" | "onConnectionClose">;

export interface ConsumeTuning {
  /** Held pulls per broker; past it a pull that would be held answers SYSTEM_BUSY. */
  maxHeldPulls?: number;
  /** How often held pulls are checked against their queue's max offset (long polling). */
  sweepIntervalMs?: number;
  /** Compiled SQL92 selectors kept, one per (group, topic). */
  selectorCacheEntries?: number;
}

const MAX_HELD_PULLS_DEFAULT = 100_000;
const SWEEP_INTERVAL_MS_DEFAULT = 5000;

export function registerConsumeHandlers(
  server: ConsumeServer,
  ctx: BrokerContext,
  tuning: ConsumeTuning = {},
): { close(): void; heldPulls(): number } {
  const hold = new PullHold(tuning.maxHeldPulls ?? MAX_HELD_PULLS_DEFAULT);
  const selectors = new SelectorCache(tuning.selectorCacheEntries ?? SELECTOR_CACHE_ENTRIES_DEFAULT);
  const pull = pullMessageHandler(ctx, hold, selectors);
  server.register(RequestCode.PULL_MESSAGE, pull);
  server.register(RequestCode.LITE_PULL_MESSAGE, litePullMessageHandler(ctx, pull));
  for (const [code, handler] of offsetHandlers(ctx)) server.register(code, handler);
  server.onConnectionClose((conn) => hold.dropConnection(conn.id));

  let unsubscribe = (): void => {};
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  if (ctx.options.longPollingEnable) {
    unsubscribe = ctx.store.onDispatch((event) =>
      hold.notifyArrived(event.topic, event.queueId, event.queueOffset, event.tagsCode, event.properties),
    );
    const sweep = (): void => hold.sweep((topic, queueId) => ctx.store.maxOffset(topic, queueId));
    sweepTimer = setInterval(sweep, tuning.sweepIntervalMs ?? SWEEP_INTERVAL_MS_DEFAULT);
  }
  return {
    close() {
      unsubscribe();
      clearInterval(sweepTimer);
      hold.wakeAll();
    },
    heldPulls: () => hold.size,
  };
}
