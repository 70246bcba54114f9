// Transactional messages (broker-internals.md §10): the half message is parked by the send path
// (send/half-routing.ts); END_TRANSACTION (37) commits or rolls it back; the check service asks
// the producer group about halves left open (CHECK_TRANSACTION_STATE, 39).
import { decodeEndTransactionHeader, RequestCode } from "../../common/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { TransactionCheckService, type CheckOptions } from "./check-service.ts";
import { CommitLedger } from "./committed.ts";
import { handleEndTransaction } from "./end-transaction.ts";

export type TransactionOptions = CheckOptions;

/** Registers END_TRANSACTION and, on a master, starts the check service; close() stops it. */
export function registerTransactionHandlers(
  server: HandlerRegistry,
  ctx: BrokerContext,
  o: TransactionOptions = {},
): { checker: TransactionCheckService | undefined; close: () => Promise<void> } {
  const now = o.now ?? Date.now;
  const ledger = new CommitLedger(ctx.store);
  server.register(RequestCode.END_TRANSACTION, (req) =>
    handleEndTransaction(ctx, decodeEndTransactionHeader(req.extFields), req.remark, { now, ledger }),
  );
  const checker = ctx.options.brokerRole === "SLAVE" ? undefined : new TransactionCheckService(ctx, { ledger }, { now });
  checker?.start();
  return { checker, close: async () => checker?.close() };
}

export { TransactionCheckService } from "./check-service.ts";
