// offsetMsgId: uppercase hex of storeHost IP (4 bytes) + port (int32) + physical offset (int64),
// 32 characters for IPv4 (56 for IPv6, which mq only decodes). Example: 192.168.0.10:10911 at
// offset 0 is C0A8000A00002A9F0000000000000000.

import { ipText, ipv4Bytes, type HostAddress } from "./host-address.ts";

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, "0"));
const hex2 = (n: number): string => HEX[n & 0xff] as string;
/** Eight uppercase hex digits of an unsigned 32-bit value, from the byte table (about 3x faster
 *  than toString(16) + padStart; a put result and a pulled message need one id per record). */
const hex8 = (n: number): string => hex2(n >>> 24) + hex2(n >>> 16) + hex2(n >>> 8) + hex2(n);

let lastIp = "";
let lastPort = -1;
let lastPrefix = "";

/** The storeHost half of an offsetMsgId (IP and port), kept for the last host asked for. */
export function offsetMsgIdPrefix(storeHost: HostAddress): string {
  if (storeHost.ip !== lastIp || storeHost.port !== lastPort) {
    lastPrefix = ipv4Bytes(storeHost.ip).map(hex2).join("") + hex8(storeHost.port >>> 0);
    lastIp = storeHost.ip;
    lastPort = storeHost.port;
  }
  return lastPrefix;
}

/** The physical-offset half of an offsetMsgId: 16 hex digits. */
export function offsetHex(physicalOffset: number): string {
  return hex8(Math.floor(physicalOffset / 0x1_0000_0000)) + hex8(physicalOffset >>> 0);
}

/** The one offsetMsgId formatter: the store's put results, the client's MessageExt and the admin
 *  tools all call it. */
export function offsetMsgId(storeHost: HostAddress, physicalOffset: number): string {
  return offsetMsgIdPrefix(storeHost) + offsetHex(physicalOffset);
}

export interface DecodedMsgId {
  storeHost: HostAddress;
  physicalOffset: number;
}

/** Parses an offsetMsgId; undefined when it is not 32 or 56 hex characters. */
export function decodeOffsetMsgId(msgId: string): DecodedMsgId | undefined {
  if ((msgId.length !== 32 && msgId.length !== 56) || !/^[0-9a-fA-F]+$/.test(msgId)) return undefined;
  const ipLength = msgId.length === 32 ? 4 : 16;
  const ip = new Uint8Array(ipLength);
  for (let i = 0; i < ipLength; i++) ip[i] = Number.parseInt(msgId.slice(i * 2, i * 2 + 2), 16);
  const port = Number.parseInt(msgId.slice(ipLength * 2, ipLength * 2 + 8), 16);
  const physicalOffset = Number.parseInt(msgId.slice(ipLength * 2 + 8), 16);
  return { storeHost: { ip: ipText(ip), port }, physicalOffset };
}
