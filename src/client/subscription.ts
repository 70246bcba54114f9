// Tag expressions as Java's FilterAPI.buildSubscriptionData reads them: "*" (or empty) takes
// everything; otherwise tags separated by "||", trimmed, empty ones dropped, duplicates once.
// The broker filters by each tag's Java String hash (codeSet); the client filters again by the
// tag text itself, since different tags can share a hash. An SQL92 selector is sent as is
// (expressionType SQL92, no tags); only the broker evaluates it, the client never re-filters.
import { javaStringHash, type SubscriptionData } from "../common/index.ts";

export const SUBSCRIBE_ALL = "*";

/** Java's MessageSelector: byTag ("TagA || TagB") or bySql ("a between 0 and 8"). */
export interface MessageSelector {
  type: "TAG" | "SQL92";
  expression: string;
}

/** A tag expression string, or a selector of either kind. */
export function parseSubscription(topic: string, selector: string | MessageSelector, subVersion = Date.now()): SubscriptionData {
  if (typeof selector === "string" || selector.type === "TAG") {
    return parseTagExpression(topic, typeof selector === "string" ? selector : selector.expression, subVersion);
  }
  if (selector.type !== "SQL92") throw new Error(`unknown selector type ${String(selector.type)}`);
  const expression = selector.expression.trim();
  if (expression === "") throw new Error("an SQL92 selector needs an expression");
  return { topic, subString: expression, tagsSet: [], codeSet: [], subVersion, expressionType: "SQL92", classFilterMode: false };
}

export function parseTagExpression(topic: string, expression: string | undefined, subVersion = Date.now()): SubscriptionData {
  const text = (expression ?? "").trim();
  const tags: string[] = [];
  if (text !== "" && text !== SUBSCRIBE_ALL) {
    for (const part of text.split("||")) {
      const tag = part.trim();
      if (tag !== "" && !tags.includes(tag)) tags.push(tag);
    }
    if (tags.length === 0) throw new Error(`tag expression "${expression}" names no tag`);
  }
  return {
    topic,
    subString: tags.length === 0 ? SUBSCRIBE_ALL : text,
    tagsSet: tags,
    codeSet: tags.map(javaStringHash),
    subVersion,
    expressionType: "TAG",
    classFilterMode: false,
  };
}

/** Whether a message with these tags passes the subscription (client-side re-filter). */
export function tagsMatch(sub: SubscriptionData, tags: string | undefined): boolean {
  if (sub.tagsSet.length === 0) return true;
  return tags !== undefined && sub.tagsSet.includes(tags);
}
