// The check run before every request when ACL is on: a refused request gets the reply RocketMQ
// 4.x gives (SYSTEM_ERROR, "org.apache.rocketmq.acl.common.AclException: <reason>") and a log line
// naming the code, the caller and the access key — never the secret or the signature.
import { ResponseCode, type Logger } from "../common/index.ts";
import { reply, type Connection, type RemotingCommand } from "../remoting/index.ts";
import { checkPlainAcl } from "./plain-acl-check.ts";
import type { PlainAclRules } from "./plain-acl-rules.ts";
import { requestResources } from "./request-resources.ts";

export const ACL_EXCEPTION = "org.apache.rocketmq.acl.common.AclException";

export type RequestGuard = (req: RemotingCommand, conn: Connection) => RemotingCommand | undefined;

export interface AclGuardOptions {
  rules: () => PlainAclRules;
  /** Request codes that need an admin account. */
  adminCodes: ReadonlySet<number>;
  /** Whether the request touches topics and groups (the NameServer's do not). */
  resources?: boolean;
  /** Request codes that pass unchecked, signed or not (the NameServer's reads and broker
   *  registrations); absent: none do. */
  open?: (code: number) => boolean;
  log: Logger;
}

export function plainAclGuard(o: AclGuardOptions): RequestGuard {
  return (req, conn) => {
    const ip = ipOf(conn.remoteAddress);
    let reason: string;
    let accessKey: string | undefined;
    if (o.open?.(req.code) === true) return undefined;
    try {
      const verdict = checkPlainAcl(o.rules(), {
        req, ip, admin: o.adminCodes.has(req.code),
        needs: () => (o.resources === false ? new Map() : requestResources(req)),
      });
      if (verdict.allowed) return undefined;
      reason = verdict.reason;
      accessKey = verdict.accessKey;
    } catch (e) {
      reason = (e as Error).message;
    }
    o.log.warn("request refused by ACL", { code: req.code, remote: conn.remoteAddress, accessKey, reason });
    return reply(ResponseCode.SYSTEM_ERROR, { remark: `${ACL_EXCEPTION}: ${reason}` });
  };
}

/** The IP of "ip:port" or "[ipv6]:port". */
function ipOf(remoteAddress: string): string {
  const at = remoteAddress.lastIndexOf(":");
  const host = at > 0 ? remoteAddress.slice(0, at) : remoteAddress;
  return host.replace(/^\[|\]$/g, "");
}
