// mqadmin 5.x's batch commands, updateTopicList and updateSubGroupList (a JSON file holding a list
// of TopicConfig or SubscriptionGroupConfig, as mqadmin reads it with JSON.parseArray), and
// resetMasterFlushOffset (RESET_MASTER_FLUSH_OFFSET to one broker).
import {
  asFields, encodeGroupConfigList, encodeResetMasterFlushOffsetHeader, encodeTopicConfigList, parseFastjson, readTopicConfig,
  RequestCode, ResponseCode, type Fields, type TopicConfig,
} from "../common/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

/** The JSON array of a -f file, each item an object; what is wrong names the file. */
function jsonList(text: string, file: string, what: string): Fields[] {
  let parsed: unknown;
  try {
    parsed = parseFastjson(text);
  } catch (e) {
    throw new AdminError(ResponseCode.SYSTEM_ERROR, `${file}: not JSON (${e instanceof Error ? e.message : String(e)})`, "");
  }
  if (!Array.isArray(parsed)) throw new AdminError(ResponseCode.SYSTEM_ERROR, `${file}: must hold a JSON array of ${what}`, "");
  return parsed.map((item, i) => {
    try {
      return asFields(item, `${file}: item ${i}`);
    } catch {
      throw new AdminError(ResponseCode.SYSTEM_ERROR, `${file}: item ${i} is not a ${what} object`, "");
    }
  });
}

/** updateTopicList -f: TopicConfig's JSON fields, Java's defaults for what is absent. */
export function topicConfigsOfFile(text: string, file: string): TopicConfig[] {
  return jsonList(text, file, "TopicConfig").map((o, i) => {
    try {
      return readTopicConfig(o, "");
    } catch (e) {
      throw new AdminError(ResponseCode.SYSTEM_ERROR, `${file}: item ${i}: ${e instanceof Error ? e.message : String(e)}`, "");
    }
  });
}

/** updateSubGroupList -f: the SubscriptionGroupConfig objects, sent as written (the broker takes defaults). */
export const groupConfigsOfFile = (text: string, file: string): Fields[] => jsonList(text, file, "SubscriptionGroupConfig");

/** UPDATE_AND_CREATE_TOPIC_LIST to each target broker; returns their addresses. */
export function updateTopicList(ctx: AdminContext, topics: readonly TopicConfig[], target: BrokerTarget): Promise<string[]> {
  const body = encodeTopicConfigList(topics);
  return eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, {}, body);
    return addr;
  });
}

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST to each target broker; returns their addresses. */
export function updateSubGroupList(ctx: AdminContext, groups: readonly Fields[], target: BrokerTarget): Promise<string[]> {
  const body = encodeGroupConfigList(groups);
  return eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST, undefined, body);
    return addr;
  });
}

/** RESET_MASTER_FLUSH_OFFSET: a slave records the offset as its master's flushed offset (a master ignores it). */
export async function resetMasterFlushOffset(ctx: AdminContext, brokerAddr: string, masterFlushOffset: number): Promise<void> {
  await eachTarget(ctx, { brokerAddr }, (addr) =>
    invokeOk(ctx, addr, RequestCode.RESET_MASTER_FLUSH_OFFSET, encodeResetMasterFlushOffsetHeader({ masterFlushOffset })));
}
