// PULL_MESSAGE (11): check, read, commit the piggy-backed offset, and either answer or hold the
// request until news arrives (long polling) or its hold time ends. A held pull is run again
// without the right to suspend, so it always answers, and it does not commit again.
import { BrokerError, ResponseCode, queueOffset } from "../../common/index.ts";
import type { Connection, Handler, RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import type { SelectorCache } from "../filter/index.ts";
import { preparePull, type PreparedPull } from "./pull-checks.ts";
import { PullSysFlag, decodePullMessageRequestHeader, hasPullFlag } from "../../common/index.ts";
import type { PullHold } from "./pull-hold.ts";
import { pullReply, runPull } from "./pull-result.ts";

export function pullMessageHandler(ctx: BrokerContext, hold: PullHold, selectors: SelectorCache): Handler {
  return (req, conn) => {
    const header = decodePullMessageRequestHeader(req.extFields);
    const pull = preparePull(ctx, header, conn.remoteAddress, selectors);
    const outcome = runPull(ctx, pull);
    commitPiggyBackedOffset(ctx, pull);
    if (outcome.code === ResponseCode.PULL_NOT_FOUND && hasPullFlag(header, PullSysFlag.SUSPEND)) {
      return holdPull(ctx, hold, pull, conn);
    }
    return pullReply(outcome);
  };
}

function commitPiggyBackedOffset(ctx: BrokerContext, pull: PreparedPull): void {
  const { header } = pull;
  if (!hasPullFlag(header, PullSysFlag.COMMIT_OFFSET) || ctx.options.brokerRole === "SLAVE") return;
  if (header.commitOffset < 0) return;
  ctx.store.meta.consumerOffsets.commit(header.consumerGroup, header.topic, header.queueId, queueOffset(header.commitOffset));
}

function holdPull(ctx: BrokerContext, hold: PullHold, pull: PreparedPull, conn: Connection): Promise<RemotingCommand | undefined> {
  const { header } = pull;
  const holdMs = ctx.options.longPollingEnable ? header.suspendTimeoutMillis : ctx.options.shortPollingTimeMills;
  return new Promise((resolve, reject) => {
    const parked = hold.hold(
      {
        topic: header.topic,
        queueId: header.queueId,
        fromOffset: header.queueOffset,
        filter: pull.filter,
        matchArrived: pull.matchArrived,
        connectionId: conn.id,
        wake: () => {
          try {
            resolve(pullReply(runPull(ctx, pull)));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        },
        drop: () => resolve(undefined),
      },
      holdMs,
    );
    if (!parked) {
      ctx.log.warn("too many held pulls, refusing to hold another", { held: hold.size, topic: header.topic });
      reject(new BrokerError(ResponseCode.SYSTEM_BUSY, `[PCBUSY_CLEAN_QUEUE]broker busy, held pulls: ${hold.size}`));
    }
  });
}
