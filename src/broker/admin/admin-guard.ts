// Who may change the broker's topics and groups. RocketMQ leaves this to ACL (off by default);
// mq accepts mutating admin requests from this machine only (loopback or any address of one of its
// interfaces: a broker that advertises its LAN address is reached by a local `mq admin` from that
// address), unless adminAllowedAddresses lists the caller's IP (or is "*"). Read-only admin codes
// are open to all, as monitoring needs them.
import { networkInterfaces } from "node:os";
import { BrokerError, ResponseCode } from "../../common/index.ts";
import type { Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

/** The addresses of this machine's interfaces, all families, read when asked (they change). */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
}

/** An IP in one spelling: no brackets, no zone, IPv4-mapped IPv6 as IPv4, lower case. */
export function canonicalIp(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  return bare.startsWith("::ffff:") && bare.includes(".") ? bare.slice(7) : bare;
}

const isLoopback = (ip: string): boolean => ip.startsWith("127.") || ip === "::1" || ip === "localhost";

/** The one admin-access decision: may a caller at ip change the broker? localAddresses is asked
 *  only for callers that are neither loopback nor listed. */
export function allowedAdminCaller(
  allowed: string | undefined, localAddresses: () => Iterable<string> = interfaceAddresses,
): (ip: string) => boolean {
  const list = (allowed ?? "").split(/[;,]/).map((a) => a.trim()).filter((a) => a.length > 0);
  if (list.includes("*")) return () => true;
  const set = new Set(list.map(canonicalIp));
  return (raw) => {
    const ip = canonicalIp(raw);
    if (isLoopback(ip) || set.has(ip)) return true;
    for (const local of localAddresses()) if (canonicalIp(local) === ip) return true;
    return false;
  };
}

/** The IP of an "ip:port" or "[ipv6]:port" remote address. */
export function remoteIp(remoteAddress: string): string {
  const at = remoteAddress.lastIndexOf(":");
  const host = at > 0 && !remoteAddress.endsWith("]") ? remoteAddress.slice(0, at) : remoteAddress;
  return canonicalIp(host);
}

export function guarded(ctx: BrokerContext, handler: Handler): Handler {
  // With ACL on, accounts decide (checked before every request, src/auth). ACL 2.0 with
  // authorization alone trusts an unverified AccessKey, so the address rule stays then.
  if (ctx.options.aclEnable === true || ctx.options.authenticationEnabled === true) return handler;
  const allowed = allowedAdminCaller(ctx.options.adminAllowedAddresses);
  return (req, conn) => {
    const ip = remoteIp(conn.remoteAddress);
    if (!allowed(ip)) {
      throw new BrokerError(
        ResponseCode.NO_PERMISSION,
        `admin request ${req.code} from ${ip} refused: only this machine's own addresses and adminAllowedAddresses ` +
          `may change the broker; to allow ${ip}, add it to adminAllowedAddresses in the broker's configuration ` +
          `(e.g. adminAllowedAddresses=${ip}, or * for anyone) and restart the broker`,
      );
    }
    return handler(req, conn);
  };
}
