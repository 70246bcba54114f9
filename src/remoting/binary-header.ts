// ROCKETMQ binary header (serializeType 1), big-endian (RocketMQSerializable):
//
//   offset  size  field
//   0       2     code             int16 (codes above 32767 cannot be written this way)
//   2       1     language         LanguageCode byte (JAVA=0 .. RUST=12, NODE_JS=13)
//   3       2     version          int16
//   5       4     opaque           int32
//   9       4     flag             int32
//   13      4     remarkLength     int32, 0 = no remark
//   17      R     remark           UTF-8
//   17+R    4     extFieldsLength  int32, byte length of all the pairs below
//   21+R    E     pairs, repeated: keyLength int16 + key UTF-8, valueLength int32 + value UTF-8
//
// Fixed part: 21 bytes. A zero-length remark reads as absent.
//
// Hot path: a header is written into one module-level scratch buffer (grown on demand) and
// copied out once by the caller; decoding reads straight from the frame's bytes, and field
// names (a small, fixed vocabulary) are interned rather than decoded each time.
import type { RemotingCommand } from "./command.ts";
import { SerializeType } from "./command.ts";
import { EXT_FIELDS_MAX, FrameError, tooManyExtFields } from "./frame-error.ts";
import { languageByte, languageName } from "./language.ts";
import { assert } from "../common/index.ts";
import { INTERN_BYTES_MAX, interned } from "./interned.ts";

const FIXED_BYTES = 21;
const UTF8_BYTES_PER_UNIT_MAX = 3;
const SHORT_STRING_MAX = 24;
const VALUE_INTERN_BYTES_MAX = 24;

let scratch = Buffer.alloc(4096);

/** Whether the binary header can carry cmd (its code must fit an int16). */
export const fitsBinaryHeader = (cmd: RemotingCommand): boolean => cmd.code >= -0x8000 && cmd.code <= 0x7fff;

export function encodeBinaryHeader(cmd: RemotingCommand): Uint8Array {
  const length = writeBinaryHeader(cmd);
  return Uint8Array.prototype.slice.call(scratch, 0, length);
}

/** The buffer writeBinaryHeader writes into (it may be replaced by a larger one on each call). */
export const binaryHeaderScratch = (): Buffer => scratch;

/**
 * Writes the header at the start of the shared scratch buffer and returns its length: valid only
 * until the next call, so copy it out before encoding another header.
 */
export function writeBinaryHeader(cmd: RemotingCommand): number {
  assert(fitsBinaryHeader(cmd), `code ${cmd.code} does not fit the ROCKETMQ header`);
  const out = scratch;
  putInt16(out, 0, cmd.code);
  out[2] = languageByte(cmd.language);
  putInt16(out, 3, cmd.version);
  putInt32(out, 5, cmd.opaque);
  putInt32(out, 9, cmd.flag);
  let pos = 17;
  if (cmd.remark !== undefined) pos += writeString(cmd.remark, pos);
  putInt32(scratch, 13, pos - 17);
  const pairsAt = pos + 4;
  pos = pairsAt;
  const fields = cmd.extFields;
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    const k = writeString(key, pos + 2);
    putInt16(scratch, pos, k);
    pos += 2 + k;
    const v = writeString(typeof value === "string" ? value : String(value), pos + 4);
    putInt32(scratch, pos, v);
    pos += 4 + v;
  }
  reserve(pairsAt);
  putInt32(scratch, pairsAt - 4, pos - pairsAt);
  return pos;
}

function putInt16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >> 8;
  b[at + 1] = v;
}

function putInt32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

/** Writes s as UTF-8 at pos (after room for its length prefix was made); returns its byte length. */
function writeString(s: string, pos: number): number {
  reserve(pos + UTF8_BYTES_PER_UNIT_MAX * s.length + 6);
  // Header strings are mostly short ASCII: for those a plain loop beats the native call.
  const out = scratch;
  if (s.length > SHORT_STRING_MAX) return out.write(s, pos, "utf8");
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return out.write(s, pos, "utf8");
    out[pos + i] = c;
  }
  return s.length;
}

function reserve(bytes: number): void {
  if (bytes <= scratch.length) return;
  const bigger = Buffer.alloc(Math.max(bytes, scratch.length * 2));
  scratch.copy(bigger);
  scratch = bigger;
}

/** Decodes a header held in bytes (a whole header, nothing around it). */
export function decodeBinaryHeader(bytes: Uint8Array): Omit<RemotingCommand, "body"> {
  return decodeBinaryHeaderAt(asBuffer(bytes), 0, bytes.length);
}

export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Decodes the header in buf[start, end). */
export function decodeBinaryHeaderAt(buf: Buffer, start: number, end: number): Omit<RemotingCommand, "body"> {
  if (end - start < FIXED_BYTES) throw new FrameError(`binary header too short: ${end - start} bytes`);
  const cmd: Omit<RemotingCommand, "body"> = {
    code: int16At(buf, start),
    language: languageName(buf[start + 2]!),
    version: int16At(buf, start + 3),
    opaque: int32At(buf, start + 5),
    flag: int32At(buf, start + 9),
    extFields: {},
    serializeType: SerializeType.ROCKETMQ,
  };
  const remarkBytes = int32At(buf, start + 13);
  let pos = start + 17;
  if (remarkBytes < 0 || pos + remarkBytes + 4 > end) throw new FrameError("binary header remark length out of range");
  if (remarkBytes > 0) cmd.remark = buf.toString("utf8", pos, pos + remarkBytes);
  pos += remarkBytes;
  const pairBytes = int32At(buf, pos);
  pos += 4;
  if (pairBytes < 0 || pos + pairBytes !== end) throw new FrameError("binary header extFields length mismatch");
  for (let count = 1; pos < end; count++) {
    if (count > EXT_FIELDS_MAX) throw tooManyExtFields();
    if (pos + 2 > end) throw new FrameError("binary header key length out of range");
    const keyBytes = int16At(buf, pos);
    pos += 2;
    if (keyBytes < 0 || pos + keyBytes + 4 > end) throw new FrameError("binary header key out of range");
    const key = keyBytes <= INTERN_BYTES_MAX ? interned(buf, pos, keyBytes) : buf.toString("utf8", pos, pos + keyBytes);
    pos += keyBytes;
    const valueBytes = int32At(buf, pos);
    pos += 4;
    if (valueBytes < 0 || pos + valueBytes > end) throw new FrameError("binary header value out of range");
    if (key !== "__proto__") cmd.extFields[key] = valueBytes <= VALUE_INTERN_BYTES_MAX ? interned(buf, pos, valueBytes) : buf.toString("utf8", pos, pos + valueBytes);
    pos += valueBytes;
  }
  return cmd;
}

const int16At = (b: Uint8Array, at: number): number => (((b[at]! << 8) | b[at + 1]!) << 16) >> 16;
const int32At = (b: Uint8Array, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
