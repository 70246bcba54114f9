// Subscription-group admin codes.
//   code                                    request                         reply
//   UPDATE_AND_CREATE_SUBSCRIPTIONGROUP 200 body SubscriptionGroupConfig    SUCCESS
//   UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST 225 body {"groupConfigList":[config]} (5.x)  SUCCESS, or
//                                           INVALID_PARAMETER naming the first bad group (none is taken then)
//   GET_ALL_SUBSCRIPTIONGROUP_CONFIG 201    -                               {"dataVersion":..,"subscriptionGroupTable":{g:config}}
//   DELETE_SUBSCRIPTIONGROUP 207            groupName, removeOffset?        SUCCESS
import {
  BrokerError,
  decodeGroupConfigList,
  jsonBody,
  decodeDeleteSubscriptionGroupHeader,
  type Fields,
  parseBody,
  RequestCode,
  ResponseCode,
  type SubscriptionGroupConfig,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { groupNameProblem, groupValidatorRemark, newGroupConfig } from "../topics/index.ts";

/** Reads a SubscriptionGroupConfig body; absent fields take RocketMQ's defaults. */
export function readGroupConfig(body: Uint8Array | undefined): SubscriptionGroupConfig {
  let parsed: unknown;
  try {
    parsed = parseBody(body);
  } catch (e) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the SubscriptionGroupConfig body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof parsed !== "object" || parsed === null) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, "the SubscriptionGroupConfig body is not a JSON object");
  }
  return readGroupFields(parsed as Fields);
}

/** A SubscriptionGroupConfig from its JSON fields (one of 225's list, or 200's body). */
function readGroupFields(o: Fields): SubscriptionGroupConfig {
  const name = o.groupName;
  if (typeof name !== "string") throw new BrokerError(ResponseCode.SYSTEM_ERROR, "the SubscriptionGroupConfig body has no groupName");
  const problem = groupNameProblem(name);
  if (problem !== undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, problem);
  const config = newGroupConfig(name);
  const writable = config as unknown as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    const value = o[key];
    if (value === undefined || value === null || key === "groupName") continue;
    if (typeof value !== typeof writable[key]) {
      throw new BrokerError(ResponseCode.SYSTEM_ERROR, `SubscriptionGroupConfig.${key} must be a ${typeof writable[key]}`);
    }
    writable[key] = value;
  }
  return config;
}

export function updateGroup(ctx: BrokerContext): Handler {
  return (req) => {
    const config = readGroupConfig(req.body);
    ctx.groups.put(config);
    ctx.log.info("subscription group updated by admin", { group: config.groupName });
    return reply(ResponseCode.SUCCESS);
  };
}

/** RocketMQ 5's batch create: every group checked first, then all taken. */
export function updateGroupList(ctx: BrokerContext): Handler {
  return (req) => {
    const configs: SubscriptionGroupConfig[] = [];
    for (const fields of decodeGroupConfigList(req.body)) {
      const remark = groupValidatorRemark(typeof fields.groupName === "string" ? fields.groupName : "");
      if (remark !== undefined) return reply(ResponseCode.INVALID_PARAMETER, { remark });
      try {
        configs.push(readGroupFields(fields));
      } catch (e) {
        if (!(e instanceof BrokerError)) throw e;
        return reply(ResponseCode.INVALID_PARAMETER, { remark: e.remark });
      }
    }
    for (const config of configs) ctx.groups.put(config);
    ctx.log.info("subscription groups updated by admin in a batch", { groups: configs.map((g) => g.groupName).join(";") });
    return reply(ResponseCode.SUCCESS);
  };
}

export function deleteGroup(ctx: BrokerContext): Handler {
  return (req) => {
    const { groupName: group, removeOffset } = decodeDeleteSubscriptionGroupHeader(req.extFields);
    ctx.groups.delete(group);
    if (removeOffset) ctx.store.meta.consumerOffsets.deleteGroup(group);
    ctx.log.info("subscription group deleted by admin", { group });
    return reply(ResponseCode.SUCCESS);
  };
}

export function allGroupConfig(ctx: BrokerContext): Handler {
  return () => {
    const subscriptionGroupTable: Record<string, SubscriptionGroupConfig> = {};
    for (const g of ctx.groups.all()) subscriptionGroupTable[g.groupName] = g;
    const body = jsonBody({ dataVersion: ctx.groups.dataVersion(), subscriptionGroupTable });
    return reply(ResponseCode.SUCCESS, { body });
  };
}

export const groupAdminCodes = {
  mutating: [
    [RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, updateGroup],
    [RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST, updateGroupList],
    [RequestCode.DELETE_SUBSCRIPTIONGROUP, deleteGroup],
  ],
  readOnly: [[RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, allGroupConfig]],
} as const;
