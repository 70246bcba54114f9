// NameServer address lists as users write them (-n, NAMESRV_ADDR, namesrvAddr):
// "host:port;host:port". A host without a port means RocketMQ's NameServer port, 9876
// ("127.0.0.1" is "127.0.0.1:9876", "[::1]" is "[::1]:9876"). Anything else that is not
// host:port with a port from 1 to 65535 is refused with an error naming the value.

export const NAMESRV_PORT_DEFAULT = 9876;

export class NamesrvAddrError extends Error {
  override name = "NamesrvAddrError";
}

/** "a;b:9877" -> ["a:9876", "b:9877"]; empty entries are skipped; throws NamesrvAddrError. */
export function parseNamesrvAddrs(text: string | readonly string[]): string[] {
  const list = typeof text === "string" ? text.split(";") : text.flatMap((t) => t.split(";"));
  return list.map((a) => a.trim()).filter((a) => a !== "").map(namesrvAddrOf);
}

/** One address, its port defaulted to 9876 when absent. */
export function namesrvAddrOf(addr: string): string {
  const bracketed = addr.startsWith("[");
  const close = addr.indexOf("]");
  if (bracketed && close === addr.length - 1) return `${addr}:${NAMESRV_PORT_DEFAULT}`;
  const colon = addr.lastIndexOf(":");
  if (colon < 0) return `${addr}:${NAMESRV_PORT_DEFAULT}`;
  const host = addr.slice(0, colon);
  const port = addr.slice(colon + 1);
  const what = `name server address "${addr}"`;
  if (host === "") throw new NamesrvAddrError(`${what} has no host: write host:port, e.g. 127.0.0.1:9876`);
  if (bracketed && close !== colon - 1) throw new NamesrvAddrError(`${what}: write an IPv6 host as [host]:port, e.g. [::1]:9876`);
  if (!bracketed && host.includes(":")) {
    throw new NamesrvAddrError(`${what}: write an IPv6 host in brackets, e.g. [::1]:9876`);
  }
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) {
    throw new NamesrvAddrError(`${what}: port "${port}" is not a number from 1 to 65535 (write host:port, e.g. 127.0.0.1:9876)`);
  }
  return `${host}:${n}`;
}
