// RESET_MASTER_FLUSH_OFFSET (908, RocketMQ 5.x; mqadmin resetMasterFlushOffset).
//   request extFields   masterFlushOffset (long, required)
//   reply               SUCCESS, no header, no body
// On a slave the offset becomes its record of the master's flushed commitlog offset (meta.db;
// haStatus's #MasterFlushOffset); a master answers SUCCESS and changes nothing, as RocketMQ's
// AdminBrokerProcessor does for brokerId 0.
import { decodeResetMasterFlushOffsetHeader, ResponseCode } from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

/** Takes the offset on a slave; false on a master (which ignores it). */
export type MasterFlushOffsetReset = (offset: number) => boolean;

export function resetMasterFlushOffset(ctx: BrokerContext, reset: MasterFlushOffsetReset): Handler {
  return (req) => {
    const { masterFlushOffset } = decodeResetMasterFlushOffsetHeader(req.extFields);
    if (!reset(masterFlushOffset)) ctx.log.info("RESET_MASTER_FLUSH_OFFSET ignored: this broker is a master", { masterFlushOffset });
    return reply(ResponseCode.SUCCESS);
  };
}
