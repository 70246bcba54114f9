// Ordered-consumption queue locks: LOCK_BATCH_MQ / UNLOCK_BATCH_MQ and the table the retry path
// asks whether a group consumes orderly (a group holding locks sends failed messages to its DLQ).
import type { RemotingServer } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { lockHandlers } from "./lock-handlers.ts";
import { QueueLockTable } from "./lock-table.ts";

export { QueueLockTable, LOCK_MAX_LIVE_MS_DEFAULT, type QueueLockTableOptions } from "./lock-table.ts";
export { readLockBatchBody, type LockBatchBody } from "./lock-handlers.ts";

export type LockServer = Pick<RemotingServer, "register" | "onConnectionClose">;

/** Registers 41 and 42; a closed connection releases the locks taken over it. */
export function registerLockHandlers(server: LockServer, ctx: BrokerContext, locks = new QueueLockTable()): QueueLockTable {
  for (const [code, handler] of lockHandlers(ctx, locks)) server.register(code, handler);
  server.onConnectionClose((conn) => {
    const released = locks.releaseConnection(conn.id);
    if (released > 0) ctx.log.info("queue locks released: connection closed", { remote: conn.remoteAddress, released });
  });
  return locks;
}
