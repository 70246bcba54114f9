// Who may change a broker or a NameServer when ACL is off. RocketMQ leaves this to ACL (off by
// default, and then anyone who reaches the port may); mq accepts changing admin requests from this
// machine only (loopback or any address of one of its interfaces: a broker that advertises its
// LAN address is reached by a local `mq admin` from that address), unless adminAllowedAddresses
// lists the caller's IP (or is "*").
import { networkInterfaces } from "node:os";

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

const listOf = (allowed: string | undefined): string[] => (allowed ?? "").split(/[;,]/).map((a) => a.trim()).filter((a) => a.length > 0);

/** The one admin-access decision: may a caller at ip change the role? localAddresses is asked
 *  only for callers that are neither loopback nor listed. */
export function allowedAdminCaller(
  allowed: string | undefined, localAddresses: () => Iterable<string> = interfaceAddresses,
): (ip: string) => boolean {
  const list = listOf(allowed);
  if (list.includes("*")) return () => true;
  const set = new Set(list.map(canonicalIp));
  return (raw) => {
    const ip = canonicalIp(raw);
    if (isLoopback(ip) || set.has(ip)) return true;
    for (const local of localAddresses()) if (canonicalIp(local) === ip) return true;
    return false;
  };
}

/** The rule in force, in one line, as the broker and the NameServer print it at start. */
export function adminRuleText(role: "broker" | "name server", allowed: string | undefined): string {
  const list = listOf(allowed);
  if (list.includes("*")) return `admin requests that change the ${role} are accepted from anyone (adminAllowedAddresses=*)`;
  return `admin requests that change the ${role} are accepted from this machine's own addresses` +
    (list.length > 0 ? ` and ${list.join(", ")} (adminAllowedAddresses)` : " only (add others to adminAllowedAddresses)");
}

/** The IP of an "ip:port" or "[ipv6]:port" remote address. */
export function remoteIp(remoteAddress: string): string {
  const at = remoteAddress.lastIndexOf(":");
  const host = at > 0 && !remoteAddress.endsWith("]") ? remoteAddress.slice(0, at) : remoteAddress;
  return canonicalIp(host);
}

/** The remark of a refused admin request: who was refused, and how to allow them. */
export function adminRefusal(role: "broker" | "name server", code: number, ip: string): string {
  return `admin request ${code} from ${ip} refused: only this machine's own addresses and adminAllowedAddresses ` +
    `may change the ${role}; to allow ${ip}, add it to adminAllowedAddresses in the ${role === "broker" ? "broker's" : "name server's"} ` +
    `configuration (e.g. adminAllowedAddresses=${ip}, or * for anyone) and restart the ${role}`;
}
