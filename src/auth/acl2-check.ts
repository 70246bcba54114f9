// ACL 2.0 decisions, in RocketMQ 5's order and words.
// Authentication (DefaultAuthenticationHandler): the AccessKey names a user, who must exist, be
// enabled and have signed the request with its password.
// Authorization (UserAuthorizationHandler, AclAuthorizationHandler): a Super user may do
// anything; a Normal user needs, for every resource a request touches, a matching policy entry
// (resource covers it, an action matches, the source IP is in sourceIps when listed) whose
// decision is Allow. Custom policies are looked at first, Default ones only when no Custom entry
// matches; among matches the most specific resource wins, and Deny wins a tie (RocketMQ's code
// sorts a tied Allow first, against its own comment; a tie needs two entries of one resource key,
// which one policy cannot hold).
import type { AuthAcl, AuthPolicyEntry, AuthUser } from "../common/index.ts";
import { ACCESS_KEY, hasValidSignature, type RemotingCommand } from "../remoting/index.ts";
import { covers, ipInRange, parseResource, resourceKey, specificity, type Resource } from "./acl2-resource.ts";
import type { AccessNeed } from "./acl2-contexts.ts";

export type AuthVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AuthVerdict = { allowed: true };
const deny = (reason: string): AuthVerdict => ({ allowed: false, reason });

export function authenticate(req: RemotingCommand, userOf: (name: string) => AuthUser | undefined): AuthVerdict {
  const username = req.extFields[ACCESS_KEY];
  if (username === undefined || username === "") return deny("username cannot be null.");
  const user = userOf(username);
  if (user === undefined) return deny(`User:${username} is not found.`);
  if (user.userStatus === "disable") return deny(`User:${username} is disabled.`);
  if (user.password === undefined || !hasValidSignature(req, user.password)) return deny("check signature failed.");
  return ALLOWED;
}

export interface AuthorizeInput {
  username: string | undefined;
  ip: string;
  needs: AccessNeed[];
  userOf: (name: string) => AuthUser | undefined;
  aclOf: (subject: string) => AuthAcl | undefined;
}

export function authorize(a: AuthorizeInput): AuthVerdict {
  if (a.needs.length === 0) return ALLOWED;
  if (a.username === undefined || a.username === "") return deny("The subject is null.");
  const user = a.userOf(a.username);
  if (user === undefined) return deny(`User:${a.username} not found.`);
  if (user.userStatus === "disable") return deny(`User:${a.username} is disabled.`);
  if (user.userType === "Super") return ALLOWED;
  const subject = `User:${a.username}`;
  const acl = a.aclOf(subject);
  for (const need of a.needs) {
    const noAccess = `${subject} has no permission to access ${resourceKey(need.resource)} from ${a.ip}, `;
    const entry = acl === undefined ? undefined : bestEntry(acl, need, a.ip);
    if (entry === undefined) return deny(`${noAccess}no matched policies.`);
    if (entry.decision === "Deny") return deny(`${noAccess}the decision is deny.`);
  }
  return ALLOWED;
}

function bestEntry(acl: AuthAcl, need: AccessNeed, ip: string): AuthPolicyEntry | undefined {
  for (const type of ["Custom", "Default"] as const) {
    const matched: Array<{ entry: AuthPolicyEntry; resource: Resource }> = [];
    for (const policy of acl.policies) {
      if (policy.policyType !== type) continue;
      for (const entry of policy.entries) {
        const resource = parseResource(entry.resource);
        if (resource === undefined || !covers(resource, need.resource)) continue;
        if (!actionMatches(entry, need)) continue;
        if (entry.sourceIps.length > 0 && !entry.sourceIps.some((s) => ipInRange(ip, s))) continue;
        matched.push({ entry, resource });
      }
    }
    if (matched.length === 0) continue;
    matched.sort((x, y) => specificity(x.resource, y.resource) || (x.entry.decision === "Deny" ? -1 : y.entry.decision === "Deny" ? 1 : 0));
    return matched[0]!.entry;
  }
  return undefined;
}

function actionMatches(entry: AuthPolicyEntry, need: AccessNeed): boolean {
  if (entry.actions.length === 0) return false;
  if (need.actions.includes("Any")) return true;
  return need.actions.some((action) => entry.actions.includes(action) || entry.actions.includes("All"));
}
