// Who may change the broker's topics and groups. RocketMQ leaves this to ACL (off by default);
// mq accepts mutating admin requests from loopback only, unless adminAllowedAddresses lists the
// caller's IP (or is "*"). Read-only admin codes are open to all, as monitoring needs them.
import { BrokerError, ResponseCode } from "../../common/index.ts";
import type { Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

const isLoopback = (ip: string): boolean => ip.startsWith("127.") || ip === "::1" || ip === "localhost";

export function allowedAdminCaller(allowed: string | undefined): (ip: string) => boolean {
  const list = (allowed ?? "").split(/[;,]/).map((a) => a.trim()).filter((a) => a.length > 0);
  if (list.includes("*")) return () => true;
  const set = new Set(list);
  return (ip) => isLoopback(ip) || set.has(ip);
}

export function guarded(ctx: BrokerContext, handler: Handler): Handler {
  const allowed = allowedAdminCaller(ctx.options.adminAllowedAddresses);
  return (req, conn) => {
    const at = conn.remoteAddress.lastIndexOf(":");
    const ip = at > 0 ? conn.remoteAddress.slice(0, at) : conn.remoteAddress;
    if (!allowed(ip)) {
      throw new BrokerError(
        ResponseCode.NO_PERMISSION,
        `admin request ${req.code} from ${ip} refused: only loopback and adminAllowedAddresses may change the broker`,
      );
    }
    return handler(req, conn);
  };
}
