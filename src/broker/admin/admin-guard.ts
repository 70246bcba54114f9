// Who may change the broker's topics, groups and configuration: this machine or
// adminAllowedAddresses (src/common/admin-callers.ts). Read-only admin codes are open to all, as
// monitoring needs them.
import { adminRefusal, allowedAdminCaller, BrokerError, remoteIp, ResponseCode } from "../../common/index.ts";
import type { Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export { allowedAdminCaller, canonicalIp, interfaceAddresses, remoteIp } from "../../common/index.ts";

export function guarded(ctx: BrokerContext, handler: Handler): Handler {
  // With ACL on, accounts decide (checked before every request, src/auth). ACL 2.0 with
  // authorization alone trusts an unverified AccessKey, so the address rule stays then.
  if (ctx.options.aclEnable === true || ctx.options.authenticationEnabled === true) return handler;
  const allowed = allowedAdminCaller(ctx.options.adminAllowedAddresses);
  return (req, conn) => {
    const ip = remoteIp(conn.remoteAddress);
    if (!allowed(ip)) throw new BrokerError(ResponseCode.NO_PERMISSION, adminRefusal("broker", req.code, ip));
    return handler(req, conn);
  };
}
