// UNIQ_KEY message ids, laid out as Java's MessageClientIDSetter.createUniqID makes them
// (remoting-protocol.md §5.8), 16 bytes written as 32 uppercase hex characters:
//
//   bytes  field
//    4     client IPv4 address
//    2     process id (low 16 bits)
//    4     "class loader hash": a random int32 fixed for the life of the process
//    4     ms since the start of the current month (local time), int32
//    2     counter (low 16 bits), incremented per id
//
// The first 10 bytes are fixed per generator; only the time and counter change.
import { ipv4Bytes } from "../common/index.ts";

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, "0"));

/** The low `bytes` bytes of value (1, 2 or 4) as uppercase hex, two digits a byte. */
function hex(value: number, bytes: number): string {
  let text = "";
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) text += HEX_BYTES[(value >>> shift) & 0xff]!;
  return text;
}

/** Local midnight of the first day of the month `nowMs` falls in. */
export function monthStartMs(nowMs: number): number {
  const d = new Date(nowMs);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

export interface UniqIdFixed {
  ip: string;
  pid: number;
  loaderHash: number;
}

/** Generates UNIQ_KEYs; one per client process is enough. */
export class UniqIdGenerator {
  private readonly prefix: string;
  private counter = 0;
  private startMs = 0;
  private nextStartMs = 0;

  constructor(fixed: UniqIdFixed) {
    const ip = ipv4Bytes(fixed.ip).map((b) => hex(b, 1)).join("");
    this.prefix = ip + hex(fixed.pid & 0xffff, 2) + hex(fixed.loaderHash | 0, 4);
  }

  next(nowMs = Date.now()): string {
    if (nowMs >= this.nextStartMs) {
      this.startMs = monthStartMs(nowMs);
      const d = new Date(this.startMs);
      this.nextStartMs = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
    }
    const diff = nowMs - this.startMs;
    const id = this.prefix + hex(diff | 0, 4) + hex(this.counter & 0xffff, 2);
    this.counter = (this.counter + 1) | 0;
    return id;
  }
}

export interface DecodedUniqId {
  ip: string;
  pid: number;
  loaderHash: number;
  /** ms since the month start the id was made in. */
  monthOffsetMs: number;
  counter: number;
}

/** Reads a 32-character UNIQ_KEY back into its fields; undefined for anything else. */
export function decodeUniqId(id: string): DecodedUniqId | undefined {
  if (!/^[0-9A-F]{32}$/.test(id)) return undefined;
  const field = (from: number, chars: number): number => Number.parseInt(id.slice(from, from + chars), 16);
  const ip = [0, 2, 4, 6].map((at) => field(at, 2)).join(".");
  return {
    ip,
    pid: field(8, 4),
    loaderHash: field(12, 8) | 0,
    monthOffsetMs: field(20, 8) | 0,
    counter: field(28, 4),
  };
}
