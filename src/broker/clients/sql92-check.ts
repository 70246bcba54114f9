// SQL92 subscriptions as clients announce them (RocketMQ's ClientManageProcessor):
//
//   CHECK_CLIENT_CONFIG (46)  no header; body CheckClientRequestBody JSON
//                             {"clientId":"ip@instance","group":"cg","subscriptionData":{SubscriptionData}}
//                             The Java client sends it before it subscribes with SQL92.
//     TAG subscription, or none                     SUCCESS
//     SQL92 while enablePropertyFilter is off       SYSTEM_ERROR "The broker does not support consumer
//                                                   to filter message by SQL92"
//     SQL92 that does not parse                     SUBSCRIPTION_PARSE_FAILED, remark = reason and column
//     otherwise                                     SUCCESS
//
//   HEART_BEAT (34) with an SQL92 subscription: refused with the same SYSTEM_ERROR while
//   enablePropertyFilter is off. One that does not parse is logged and registered anyway, as
//   RocketMQ does (its filter manager logs the failure); pulls with it then answer
//   SUBSCRIPTION_PARSE_FAILED with the reason.
import {
  BrokerError,
  ResponseCode,
  asFields,
  parseBody,
  readSubscriptionData,
  type HeartbeatData,
  type Logger,
  type SubscriptionData,
} from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import { SQL92_DISABLED_REMARK, sql92ParseFailedRemark } from "../consume/index.ts";
import { FilterParseError, compileSql92 } from "../filter/index.ts";

const isSql92 = (sub: SubscriptionData): boolean => sub.expressionType.toUpperCase() === "SQL92";

export function checkClientConfig(ctx: BrokerContext, req: RemotingCommand): RemotingCommand {
  const sub = decodeCheckClientSubscription(req.body);
  if (sub === undefined || !isSql92(sub)) return reply(ResponseCode.SUCCESS);
  if (!ctx.options.enablePropertyFilter) throw new BrokerError(ResponseCode.SYSTEM_ERROR, SQL92_DISABLED_REMARK);
  const failure = parseFailureOf(sub.subString);
  if (failure !== undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_PARSE_FAILED, sql92ParseFailedRemark(sub.subString, failure));
  }
  return reply(ResponseCode.SUCCESS);
}

/** Refuses a heartbeat with SQL92 while the filter is off; logs the ones that do not parse. */
export function checkHeartbeatSubscriptions(ctx: BrokerContext, log: Logger, data: HeartbeatData): void {
  for (const consumer of data.consumerDataSet) {
    for (const sub of consumer.subscriptionDataSet.filter(isSql92)) {
      if (!ctx.options.enablePropertyFilter) throw new BrokerError(ResponseCode.SYSTEM_ERROR, SQL92_DISABLED_REMARK);
      const failure = parseFailureOf(sub.subString);
      if (failure === undefined) continue;
      log.warn("SQL92 subscription does not parse; its pulls will be refused", {
        clientId: data.clientID,
        group: consumer.groupName,
        topic: sub.topic,
        expression: sub.subString,
        reason: failure.message,
      });
    }
  }
}

function parseFailureOf(expression: string): FilterParseError | undefined {
  try {
    compileSql92(expression);
    return undefined;
  } catch (err) {
    if (err instanceof FilterParseError) return err;
    throw err;
  }
}

/** The subscriptionData of a CheckClientRequestBody, or undefined when there is none. */
function decodeCheckClientSubscription(body: Uint8Array | undefined): SubscriptionData | undefined {
  if (body === undefined || body.length === 0) return undefined;
  let fields;
  try {
    fields = asFields(parseBody(body), "CheckClientRequestBody");
  } catch (err) {
    if (err instanceof BrokerError) throw err;
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `malformed CheckClientRequestBody: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sub = fields.subscriptionData;
  if (sub === undefined || sub === null) return undefined;
  return readSubscriptionData(asFields(sub, "SubscriptionData"));
}
