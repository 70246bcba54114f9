// GET_ALL_DELAY_OFFSET (45): the delay levels' progress, delayOffset.json's content, which a
// slave copies (RocketMQ's SlaveSynchronize.syncDelayOffset).
//   request: no fields     reply body: {"offsetTable":{<delayLevel>:<offset>,..}}  (fastjson, keys unquoted)
import { RequestCode, ResponseCode, stringifyFastjson, utf8, type JsonMap } from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export function allDelayOffsets(ctx: BrokerContext): Handler {
  return () => {
    const offsetTable: JsonMap = new Map();
    const levels = [...ctx.store.meta.delayOffsets.all()].sort((a, b) => a[0] - b[0]);
    for (const [level, offset] of levels) offsetTable.set(level, Number(offset));
    return reply(ResponseCode.SUCCESS, { body: utf8(stringifyFastjson({ offsetTable }, { quoteNumericKeys: false })) });
  };
}

export const delayOffsetCodes = [[RequestCode.GET_ALL_DELAY_OFFSET, allDelayOffsets]] as const;
