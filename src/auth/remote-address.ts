// whiteRemoteAddress / globalWhiteRemoteAddresses patterns, as RocketMQ's RemoteAddressStrategy
// reads them: "*" (anyone), an exact address, "192.168.1.*" (trailing wildcards), "192.168.1.1-100"
// (a range in the last written segment), "192.168.{1,2}.3" (a list in the last segment). Blank
// matches no one. IPv6 addresses are matched exactly.
export type AddressMatcher = (ip: string) => boolean;

const NOBODY: AddressMatcher = () => false;

/** The matcher of one pattern; undefined when the pattern is not one RocketMQ accepts. */
export function addressMatcher(pattern: string | undefined | null): AddressMatcher | undefined {
  const p = (pattern ?? "").trim();
  if (p === "") return NOBODY;
  if (p === "*") return () => true;
  if (p.includes(":")) return (ip) => ip.toLowerCase() === p.toLowerCase();
  const list = /^((?:\d{1,3}\.){3})\{([\d,]+)\}$/.exec(p);
  if (list !== null) {
    const set = new Set(list[2]!.split(",").map((n) => list[1]! + Number(n)));
    return [...set].every(validIPv4) ? (ip) => set.has(ip) : undefined;
  }
  const segments = p.split(".");
  if (segments.length !== 4) return undefined;
  const parts: Array<(s: number) => boolean> = [];
  for (const seg of segments) {
    const range = /^(\d{1,3})-(\d{1,3})$/.exec(seg);
    if (seg === "*") parts.push(() => true);
    else if (range !== null && Number(range[1]) <= Number(range[2]) && Number(range[2]) <= 255) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      parts.push((s) => s >= lo && s <= hi);
    } else if (/^\d{1,3}$/.test(seg) && Number(seg) <= 255) parts.push((s) => s === Number(seg));
    else return undefined;
  }
  return (ip) => {
    const octets = ip.split(".");
    return octets.length === 4 && octets.every((o, i) => /^\d{1,3}$/.test(o) && parts[i]!(Number(o)));
  };
}

const validIPv4 = (ip: string): boolean => ip.split(".").every((o) => Number(o) <= 255);
