// LITE_PULL_MESSAGE (361): the pull of RocketMQ 5.x's DefaultLitePullConsumer, which sets
// PullSysFlag.LITE and so switches the request code. Header, checks, long polling and reply are
// PULL_MESSAGE's (RocketMQ's PullMessageProcessor serves both, the lite one on its own thread
// pool). With litePullMessageEnable=false a readable broker refuses it with NO_PERMISSION, as
// RocketMQ does; an unreadable broker answers as for any pull.
import { BrokerError, Perm, ResponseCode } from "../../common/index.ts";
import type { Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export function litePullMessageHandler(ctx: BrokerContext, pull: Handler): Handler {
  const { options } = ctx;
  return (req, conn) => {
    if (options.litePullMessageEnable === false && (options.brokerPermission & Perm.READ) !== 0) {
      throw new BrokerError(ResponseCode.NO_PERMISSION, `the broker[${options.brokerIP1}] for lite pull consumer is forbidden`);
    }
    return pull(req, conn);
  };
}
