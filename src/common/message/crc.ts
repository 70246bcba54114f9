import { crc32 } from "node:zlib";

/** RocketMQ's BODYCRC: the standard CRC-32 (zlib) of the stored body, with the sign bit cleared. */
export function bodyCrc(body: Uint8Array): number {
  return crc32(body) & 0x7fffffff;
}
