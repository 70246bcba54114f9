// What loading says about a key that none of the roles being loaded reads. In order:
//   a RocketMQ key of one of those roles  → notice "has no effect in mq" (the value is still
//                                            checked against its Java type);
//   a retired key (RocketMQ 3, mq's own)  → notice saying what became of it;
//   a key of another role                 → notice "not read by <role>; ignored";
//   anything else                         → error "unknown key", with the closest known key.
import { didYouMean } from "./did-you-mean.ts";
import { retiredKeys } from "./keys-retired.ts";
import { rocketmqKey } from "./rocketmq-catalog.ts";
import { allKeyNames, knownKeyNames } from "./schema.ts";
import { parseValue, type Role } from "./spec.ts";

export type UnreadKey = { kind: "notice"; text: string } | { kind: "error"; text: string };

/**
 * `where` names the assignment ("conf/broker.conf:3: brokerNmae", "command line --x"); `roles`
 * are the roles the assignment is meant for, `loaded` every role being loaded.
 */
export function unreadKey(name: string, value: string, where: string, roles: readonly Role[], loaded: readonly Role[]): UnreadKey {
  for (const role of roles) {
    const key = rocketmqKey(role, name);
    if (key === undefined) continue;
    const parsed = parseValue(key.spec, value);
    if (!parsed.ok) return { kind: "error", text: `${where} = "${value}": expected ${parsed.expected}` };
    return { kind: "notice", text: `${where} is accepted but has no effect in mq (a RocketMQ ${key.className} key mq does not implement)` };
  }
  const retired = retiredKeys[name];
  if (retired !== undefined) return { kind: "notice", text: `${where} is ${retired}; it has no effect in mq` };
  if (allKeyNames().includes(name)) return { kind: "notice", text: `${where} is not read by ${loaded.join(" or ")}; ignored` };
  return { kind: "error", text: `${where}: unknown key${didYouMean(name, knownKeyNames(roles))}` };
}
