// Subscriptions as consumers express them: "*" (everything), or tags joined by "||"
// ("TagA || TagB"), or an SQL92 expression over message properties. A TAG subscription keeps the
// trimmed tags and their Java String.hashCode values, which is what consume queues store as the
// tags code (FilterAPI.buildSubscriptionData in RocketMQ).
import { BrokerError, ResponseCode, javaStringHash } from "../../common/index.ts";
import type { ConsumerSubscription } from "../context.ts";
import type { FilterParseError } from "../filter/index.ts";

export const SUB_ALL = "*";

export type ExpressionType = ConsumerSubscription["expressionType"];

/** "TAG" when absent or blank, as RocketMQ's ExpressionType.isTagType; unknown types are refused. */
export function expressionTypeOf(text: string | undefined): ExpressionType {
  if (text === undefined || text.trim() === "" || text.toUpperCase() === "TAG") return "TAG";
  if (text.toUpperCase() === "SQL92") return "SQL92";
  throw new BrokerError(ResponseCode.SUBSCRIPTION_PARSE_FAILED, `unknown expressionType ${text}`);
}

export function buildSubscription(
  topic: string,
  subString: string | undefined,
  expressionType: ExpressionType,
  subVersion: number,
): ConsumerSubscription {
  if (expressionType === "SQL92") {
    return { topic, subString: subString ?? "", expressionType, tagsSet: [], codeSet: [], subVersion };
  }
  const expression = subString?.trim() ?? "";
  if (expression === "" || expression === SUB_ALL) {
    return { topic, subString: SUB_ALL, expressionType, tagsSet: [], codeSet: [], subVersion };
  }
  const tagsSet = [...new Set(expression.split("||").map((tag) => tag.trim()).filter((tag) => tag !== ""))];
  return { topic, subString: expression, expressionType, tagsSet, codeSet: tagsSet.map(javaStringHash), subVersion };
}

export const subscribesAll = (sub: ConsumerSubscription): boolean =>
  sub.expressionType === "TAG" && (sub.subString === SUB_ALL || sub.subString === "");

/** RocketMQ's refusal when enablePropertyFilter is off (pull, heartbeat, CHECK_CLIENT_CONFIG). */
export const SQL92_DISABLED_REMARK = "The broker does not support consumer to filter message by SQL92";

/** SUBSCRIPTION_PARSE_FAILED's remark: the expression, the reason and the column. */
export const sql92ParseFailedRemark = (expression: string, err: FilterParseError): string =>
  `parse the consumer's subscription [${expression}] failed: ${err.message}`;
