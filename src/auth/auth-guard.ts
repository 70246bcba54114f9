// The check run before every request with ACL 2.0 on (authenticationEnabled,
// authorizationEnabled): a refused request gets NO_PERMISSION with RocketMQ 5's message, and a log
// line with the code, the caller and the user, never the password or the signature. Codes in a
// whitelist (authenticationWhitelist / authorizationWhitelist, comma-separated) skip that step.
import { ResponseCode, type AuthAcl, type AuthUser, type Logger } from "../common/index.ts";
import { ACCESS_KEY, reply } from "../remoting/index.ts";
import { accessNeeds } from "./acl2-contexts.ts";
import { authenticate, authorize, type AuthVerdict } from "./acl2-check.ts";
import type { RequestGuard } from "./acl-guard.ts";

export interface AuthGuardOptions {
  authenticationEnabled: boolean;
  authorizationEnabled: boolean;
  authenticationWhitelist?: string;
  authorizationWhitelist?: string;
  clusterName: string;
  userOf: (name: string) => AuthUser | undefined;
  aclOf: (subject: string) => AuthAcl | undefined;
  log: Logger;
}

const codes = (list: string | undefined): Set<number> =>
  new Set((list ?? "").split(",").map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0));

export function authGuard(o: AuthGuardOptions): RequestGuard {
  const skipAuthentication = codes(o.authenticationWhitelist);
  const skipAuthorization = codes(o.authorizationWhitelist);
  return (req, conn) => {
    const username = req.extFields[ACCESS_KEY];
    let verdict: AuthVerdict;
    try {
      verdict = o.authenticationEnabled && !skipAuthentication.has(req.code) ? authenticate(req, o.userOf) : { allowed: true };
      if (verdict.allowed && o.authorizationEnabled && !skipAuthorization.has(req.code)) {
        const ip = conn.remoteAddress.slice(0, Math.max(0, conn.remoteAddress.lastIndexOf(":"))).replace(/^\[|\]$/g, "");
        verdict = authorize({ username, ip, needs: accessNeeds(req, o.clusterName), userOf: o.userOf, aclOf: o.aclOf });
      }
    } catch (e) {
      verdict = { allowed: false, reason: `parse authorization context error: ${(e as Error).message}` };
    }
    if (verdict.allowed) return undefined;
    o.log.warn("request refused by ACL 2.0", { code: req.code, remote: conn.remoteAddress, user: username, reason: verdict.reason });
    return reply(ResponseCode.NO_PERMISSION, { remark: verdict.reason });
  };
}
