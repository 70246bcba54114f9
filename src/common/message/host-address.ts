/** An IPv4 socket address as it is written into records: 4 address bytes + int32 port. */
export interface HostAddress {
  /** Dotted IPv4 ("127.0.0.1"). IPv4-mapped IPv6 is turned into IPv4 before it gets here. */
  ip: string;
  port: number;
}

const parsed = new Map<string, [number, number, number, number]>();
const PARSED_MAX = 4096;

/** The four bytes of a dotted IPv4 address; throws on anything else. Parsed once per address. */
export function ipv4Bytes(ip: string): [number, number, number, number] {
  let bytes = parsed.get(ip);
  if (!bytes) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    bytes = parseIpv4(ip);
    parsed.set(ip, bytes);
  }
  return bytes;
}

function parseIpv4(ip: string): [number, number, number, number] {
  const parts = ip.split(".");
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  const bytes = parts.map((part) => Number(part));
  for (const byte of bytes) {
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new Error(`not an IPv4 address: ${ip}`);
  }
  return bytes as [number, number, number, number];
}

/** Dotted (IPv4) or colon-separated (IPv6) text for raw address bytes. */
export function ipText(bytes: Uint8Array): string {
  // A template, not join(): join on a typed array was ~13% of a consumer's decoding.
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(":");
}
