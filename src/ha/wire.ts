// RocketMQ 4.x HA wire protocol: plain TCP on haListenPort, no remoting frames.
//
// Slave → master, "report" (at connect, after each appended batch, every haSendHeartbeatInterval):
//   offset  size  field
//   0       8     slaveMaxPhyOffset   int64 big-endian: the end of the slave's commitlog
// The master takes the last whole 8-byte report it has read; the first one says where to start.
// mq's addition for controller mode (issue 18): a slave that has a brokerId first sends one report
// of -(brokerId + 1) — negative, which no 4.x slave sends — so the master knows which SyncStateSet
// member it is; a 4.x master would refuse such a slave, and no 4.x master is in controller mode.
//
// Master → slave, "transfer" (a batch, or a heartbeat when bodySize = 0):
//   offset  size  field
//   0       8     masterPhyOffset     int64 big-endian: where body starts in the commitlog
//   8       4     bodySize            int32 big-endian, 0..haTransferBatchSize
//   12      n     body                commitlog bytes [masterPhyOffset, masterPhyOffset + n)
// A body never crosses a commitlog segment end; it may end mid-record.
import { assert, readInt64, writeInt64 } from "../common/index.ts";

export const REPORT_BYTES = 8;
export const TRANSFER_HEADER_BYTES = 12;

/** The identity report of a slave with this brokerId. */
export const identityReport = (brokerId: number): Uint8Array => encodeReport(-(brokerId + 1));

export function encodeReport(offset: number): Uint8Array {
  const bytes = new Uint8Array(REPORT_BYTES);
  writeInt64(new DataView(bytes.buffer), 0, offset);
  return bytes;
}

export function encodeTransferHeader(offset: number, bodySize: number): Uint8Array {
  const bytes = new Uint8Array(TRANSFER_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  writeInt64(view, 0, offset);
  view.setInt32(8, bodySize);
  return bytes;
}

/** The master's side: whole 8-byte reports from a byte stream; a partial one waits for the rest. */
export class ReportReader {
  private readonly partial = new Uint8Array(REPORT_BYTES);
  private partialBytes = 0;
  /** The brokerId of the identity report, once one arrived. */
  brokerId: number | undefined;

  /** The last whole report in what has arrived so far (with this chunk), if any ended in it
   *  (an identity report sets brokerId instead). */
  push(chunk: Uint8Array): number | undefined {
    let last: number | undefined;
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(REPORT_BYTES - this.partialBytes, chunk.length - at);
      this.partial.set(chunk.subarray(at, at + take), this.partialBytes);
      this.partialBytes += take;
      at += take;
      if (this.partialBytes === REPORT_BYTES) {
        const value = readInt64(new DataView(this.partial.buffer), 0);
        if (value < 0) this.brokerId = -value - 1;
        else last = value;
        this.partialBytes = 0;
      }
    }
    return last;
  }
}

export interface Transfer {
  offset: number;
  /** A view into the decoder's buffer, valid until the next push. */
  body: Uint8Array;
}

/** The slave's side: whole transfers from a byte stream. Bounded: a body larger than maxBodyBytes
 *  is a protocol error (the peer is not an HA master, or is broken). */
export class TransferDecoder {
  private buffer: Uint8Array;
  private start = 0;
  private end = 0;

  constructor(private readonly maxBodyBytes: number) {
    this.buffer = new Uint8Array(Math.max(64 * 1024, 2 * (maxBodyBytes + TRANSFER_HEADER_BYTES)));
  }

  /** Appends chunk; returns every transfer now whole, in order. Throws on a bad header. */
  push(chunk: Uint8Array): Transfer[] {
    this.make(chunk.length);
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
    const out: Transfer[] = [];
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    while (this.end - this.start >= TRANSFER_HEADER_BYTES) {
      const offset = readInt64(view, this.start);
      const size = view.getInt32(this.start + 8);
      if (offset < 0 || size < 0 || size > this.maxBodyBytes) {
        throw new Error(`bad HA transfer header: offset ${offset}, body ${size} bytes (at most ${this.maxBodyBytes})`);
      }
      if (this.end - this.start < TRANSFER_HEADER_BYTES + size) break;
      const bodyAt = this.start + TRANSFER_HEADER_BYTES;
      out.push({ offset, body: this.buffer.subarray(bodyAt, bodyAt + size) });
      this.start = bodyAt + size;
    }
    return out;
  }

  /** Room for n more bytes: the unread tail moves to the front (or to a larger buffer). */
  private make(n: number): void {
    if (this.end + n <= this.buffer.length) return;
    const unread = this.buffer.subarray(this.start, this.end);
    const target = unread.length + n > this.buffer.length ? new Uint8Array(2 * (unread.length + n)) : this.buffer;
    if (target === this.buffer) this.buffer.copyWithin(0, this.start, this.end);
    else target.set(unread);
    this.buffer = target;
    this.end -= this.start;
    this.start = 0;
    assert(this.end + n <= this.buffer.length, "HA transfer buffer too small");
  }
}
