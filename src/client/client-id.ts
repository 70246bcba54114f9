// Who this client process is on the wire: its IPv4 address and its clientID
// (ip@pid#nanotime, Java's default instance name since 4.9.0).
import { networkInterfaces } from "node:os";

/** The first non-internal IPv4 address of this host, else 127.0.0.1. */
export function localIpv4(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const addr of addrs ?? []) {
      if (addr.family === "IPv4" && !addr.internal) return addr.address;
    }
  }
  return "127.0.0.1";
}

/** A clientID unique to this process and call: ip@pid#nanotime. */
export function makeClientId(ip: string, instanceName?: string): string {
  return `${ip}@${instanceName ?? `${process.pid}#${process.hrtime.bigint()}`}`;
}
