// The ACL 1.0 decision for one request, in RocketMQ's order (PlainPermissionManager.validate):
// a global white address passes; then the access key must be known; an account's own white
// address passes without a signature; the signature must match; a PUB to the trace topic passes;
// admin codes need an admin account; every resource needs its permission (an account's own entry,
// else its defaultTopicPerm / defaultGroupPerm). The messages are RocketMQ's.
import { hasValidSignature, type RemotingCommand, ACCESS_KEY } from "../remoting/index.ts";
import { grants, isRetryTopic, Perm, resourceText } from "./permission.ts";
import type { PlainAclRules } from "./plain-acl-rules.ts";
import type { ResourceNeeds } from "./request-resources.ts";

const TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

export type AclVerdict = { allowed: true; accessKey?: string } | { allowed: false; accessKey?: string; reason: string };

export interface AclRequest {
  req: RemotingCommand;
  /** The caller's IP (no port). */
  ip: string;
  /** Whether the request code needs an admin account. */
  admin: boolean;
  needs: () => ResourceNeeds;
}

export function checkPlainAcl(rules: PlainAclRules, r: AclRequest): AclVerdict {
  if (rules.globalWhiteRemoteAddresses.some((match) => match(r.ip))) return { allowed: true };
  const accessKey = r.req.extFields[ACCESS_KEY];
  if (accessKey === undefined) return { allowed: false, reason: "No accessKey is configured" };
  const account = rules.accounts.get(accessKey);
  if (account === undefined) return { allowed: false, accessKey, reason: `No acl config for ${accessKey}` };
  if (account.whiteRemoteAddress(r.ip)) return { allowed: true, accessKey };
  if (!hasValidSignature(r.req, account.secretKey)) {
    return { allowed: false, accessKey, reason: `Check signature failed for accessKey=${accessKey}` };
  }
  const needs = r.needs();
  if (needs.get(TRACE_TOPIC) === Perm.PUB) return { allowed: true, accessKey };
  if (r.admin && !account.admin) {
    return { allowed: false, accessKey, reason: `Need admin permission for request code=${r.req.code}, but accessKey=${accessKey} is not` };
  }
  if (account.admin && account.resources.size === 0) return { allowed: true, accessKey };
  for (const [resource, needed] of needs) {
    const owned = account.resources.get(resource) ??
      (isRetryTopic(resource) ? account.defaultGroupPerm : account.defaultTopicPerm);
    if (!grants(needed, owned)) {
      return { allowed: false, accessKey, reason: `No default permission for ${resourceText(resource)}` };
    }
  }
  return { allowed: true, accessKey };
}
