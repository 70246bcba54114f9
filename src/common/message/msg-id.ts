// offsetMsgId: uppercase hex of storeHost IP (4 bytes) + port (int32) + physical offset (int64),
// 32 characters for IPv4 (56 for IPv6, which mq only decodes). Example: 192.168.0.10:10911 at
// offset 0 is C0A8000A00002A9F0000000000000000.

import { ipText, ipv4Bytes, type HostAddress } from "./host-address.ts";

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, "0");

let lastHost: HostAddress | undefined;
let lastPrefix = "";

export function offsetMsgId(storeHost: HostAddress, physicalOffset: number): string {
  if (storeHost !== lastHost) {
    const ip = ipv4Bytes(storeHost.ip).map(hex2).join("");
    lastPrefix = ip + (storeHost.port >>> 0).toString(16).toUpperCase().padStart(8, "0");
    lastHost = storeHost;
  }
  return lastPrefix + physicalOffset.toString(16).toUpperCase().padStart(16, "0");
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
