// Walks commitlog records from an offset, checking each: a known magic, a size that fits in
// what was written, lengths that add up to TOTALSIZE and (optionally) the body CRC. Used by
// recovery (which cuts the log at the first bad record) and by the slave's dispatch.

import { crc32 } from "node:zlib";
import { bodyLengthOffset, MAGIC_BLANK, MAGIC_V1, MAGIC_V2, RECORD_FIXED_BYTES, RecordField } from "../common/index.ts";
import type { CommitLog } from "./commit-log.ts";

const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export interface ScanResult {
  /** End of the last whole, valid record (or the next segment start after a blank record). */
  end: number;
  /** Why the scan stopped before `to`, if it did. */
  stoppedBecause?: string;
}

/** Checks the record at `at` in bytes; returns its size, or a reason it is bad. */
export function checkRecord(bytes: Uint8Array, view: DataView, at: number, checkCrc: boolean): number | string {
  if (at + 8 > bytes.length) return "torn record header";
  const size = view.getInt32(at + RecordField.TOTAL_SIZE);
  const magic = view.getInt32(at + RecordField.MAGIC);
  if (magic !== MAGIC_V1 && magic !== MAGIC_V2) return `bad magic ${(magic >>> 0).toString(16)}`;
  if (size < RECORD_FIXED_BYTES || at + size > bytes.length) return `torn or bad record of ${size} bytes`;
  const bodyLengthAt = at + bodyLengthOffset(view.getInt32(at + RecordField.SYS_FLAG));
  const bodyLength = view.getInt32(bodyLengthAt);
  if (bodyLength < 0 || bodyLengthAt + 4 + bodyLength + 3 > at + size) return "body length past the record";
  let p = bodyLengthAt + 4 + bodyLength;
  const topicLength = magic === MAGIC_V2 ? view.getInt16(p) : view.getUint8(p);
  p += (magic === MAGIC_V2 ? 2 : 1) + topicLength;
  if (p + 2 > at + size || p + 2 + view.getInt16(p) !== at + size) return "lengths do not add up to TOTALSIZE";
  if (checkCrc) {
    const crc = crc32(bytes.subarray(bodyLengthAt + 4, bodyLengthAt + 4 + bodyLength)) & 0x7fffffff;
    if (crc !== view.getInt32(at + RecordField.BODY_CRC)) return "body CRC mismatch";
  }
  return size;
}

type OnRecord = (bytes: Uint8Array, view: DataView, at: number, physicalOffset: number) => void;

/** Calls onRecord for each valid record in [from, log.writeOffset), in order. */
export function scanRecords(log: CommitLog, from: number, checkCrc: boolean, onRecord: OnRecord): ScanResult {
  let offset = from;
  while (offset < log.writeOffset) {
    const bytes = log.read(offset, READ_CHUNK_BYTES);
    if (!bytes || bytes.length === 0) return { end: offset, stoppedBecause: "no data" };
    const step = scanChunk(log, bytes, offset, checkCrc, onRecord);
    if (typeof step === "object") return step;
    offset = step;
  }
  return { end: offset };
}

/** Scans one chunk read at offset; returns where to read next, or the final result. */
function scanChunk(log: CommitLog, bytes: Uint8Array, offset: number, checkCrc: boolean, onRecord: OnRecord): number | ScanResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wholeChunk = bytes.length === READ_CHUNK_BYTES;
  let at = 0;
  while (at + 8 <= bytes.length) {
    if (view.getInt32(at + 4) === MAGIC_BLANK) {
      const segmentEnd = log.segmentStartOf(offset + at) + log.segmentBytes;
      if (view.getInt32(at) !== segmentEnd - (offset + at)) return { end: offset + at, stoppedBecause: "bad blank record" };
      return segmentEnd;
    }
    const checked = checkRecord(bytes, view, at, checkCrc);
    if (typeof checked === "string") {
      if (!wholeChunk || !checked.startsWith("torn")) return { end: offset + at, stoppedBecause: checked };
      return at > 0 ? offset + at : scanLarge(log, offset, checkCrc, onRecord);
    }
    onRecord(bytes, view, at, offset + at);
    at += checked;
  }
  if (at < bytes.length && !wholeChunk) return { end: offset + at, stoppedBecause: "torn record header" };
  return offset + at;
}

/** A record larger than the read chunk: read it whole; returns where to go on. */
function scanLarge(log: CommitLog, offset: number, checkCrc: boolean, onRecord: OnRecord): number | ScanResult {
  const header = log.read(offset, 4);
  const size = header && header.length === 4 ? new DataView(header.buffer, header.byteOffset).getInt32(0) : 0;
  const bytes = size > 0 ? log.read(offset, size) : undefined;
  if (!bytes) return { end: offset, stoppedBecause: "torn record" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const checked = checkRecord(bytes, view, 0, checkCrc);
  if (typeof checked === "string") return { end: offset, stoppedBecause: checked };
  onRecord(bytes, view, 0, offset);
  return offset + checked;
}
