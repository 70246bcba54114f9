// JSON header (serializeType 0), as fastjson writes RemotingCommand: compact, field names in
// alphabetical order, null fields left out, enums by name:
//
//   {"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":1,
//    "remark":"...","serializeTypeCurrentRPC":"JSON","version":409}
//
// extFields is left out when empty, remark when absent. On reading, extFields values may be
// strings, numbers or booleans (ali-ons sends native types); they are stored as strings, and
// null values are skipped. serializeTypeCurrentRPC is ignored: the meta byte decides.
//
// Hot path: reading goes through json-scan.ts (one pass over the bytes); only what it declines
// reaches JSON.parse below, which then decides. Writing goes into one module-level scratch buffer
// (copied out once by the caller), strings escaped by hand as JSON.stringify escapes them.
import type { RemotingCommand } from "./command.ts";
import { SerializeType } from "./command.ts";
import { EXT_FIELDS_MAX, FrameError, tooManyExtFields } from "./frame-error.ts";
import { scanJsonHeader } from "./json-scan.ts";

const textDecoder = new TextDecoder();
const HEX = "0123456789abcdef";
/** JSON.stringify's short escapes, by code unit. */
const SHORT_ESCAPES: Readonly<Record<number, string>> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 0x22: '\\"', 0x5c: "\\\\" };
/** Room for a JSON-escaped code unit: \u00XX. */
const ESCAPED_UNIT_BYTES_MAX = 6;

let scratch = Buffer.alloc(4096);
let at = 0;

/** The buffer writeJsonHeader writes into (it may be replaced by a larger one on each call). */
export const jsonHeaderScratch = (): Buffer => scratch;

export function encodeJsonHeader(cmd: RemotingCommand): Uint8Array {
  const length = writeJsonHeader(cmd);
  return Uint8Array.prototype.slice.call(scratch, 0, length);
}

/** Writes the header at the start of the shared scratch buffer and returns its length: valid only
 *  until the next call, so copy it out before encoding another header. */
export function writeJsonHeader(cmd: RemotingCommand): number {
  at = 0;
  ascii('{"code":');
  ascii(String(cmd.code));
  let first = true;
  for (const key in cmd.extFields) {
    const value = cmd.extFields[key];
    if (value === undefined || value === null) continue;
    ascii(first ? ',"extFields":{' : ",");
    quoted(key);
    ascii(":");
    quoted(typeof value === "string" ? value : String(value));
    first = false;
  }
  if (!first) ascii("}");
  ascii(',"flag":');
  ascii(String(cmd.flag));
  ascii(',"language":');
  quoted(cmd.language);
  ascii(',"opaque":');
  ascii(String(cmd.opaque));
  if (cmd.remark !== undefined) {
    ascii(',"remark":');
    quoted(cmd.remark);
  }
  ascii(',"serializeTypeCurrentRPC":"JSON","version":');
  ascii(String(cmd.version));
  ascii("}");
  return at;
}

/** Text known to be plain ASCII, written as it is. */
function ascii(s: string): void {
  reserve(s.length);
  for (let i = 0; i < s.length; i++) scratch[at + i] = s.charCodeAt(i);
  at += s.length;
}

/** s as JSON.stringify(s) writes it: ASCII escaped here, anything else left to JSON.stringify. */
function quoted(s: string): void {
  reserve(ESCAPED_UNIT_BYTES_MAX * s.length + 2);
  let pos = at;
  const out = scratch;
  out[pos++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
      out[pos++] = c;
    } else if (c < 0x80) {
      const short = SHORT_ESCAPES[c];
      const escape = short ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
      for (let k = 0; k < escape.length; k++) out[pos++] = escape.charCodeAt(k);
    } else {
      // Room was made: a unit is at most 3 bytes of UTF-8 or 6 of escape.
      at += out.write(JSON.stringify(s), at, "utf8");
      return;
    }
  }
  out[pos++] = 0x22;
  at = pos;
}

function reserve(bytes: number): void {
  if (at + bytes <= scratch.length) return;
  const bigger = Buffer.alloc(Math.max(at + bytes, scratch.length * 2));
  scratch.copy(bigger, 0, 0, at);
  scratch = bigger;
}

/** Decodes the header in buf[start, end). */
export function decodeJsonHeaderAt(buf: Buffer, start: number, end: number): Omit<RemotingCommand, "body"> {
  return scanJsonHeader(buf, start, end) ?? parseJsonHeader(buf.subarray(start, end));
}

export const decodeJsonHeader = (bytes: Uint8Array): Omit<RemotingCommand, "body"> =>
  decodeJsonHeaderAt(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);

/** The general path, JSON.parse and a walk over its result: the reference the scanner is held to. */
export function parseJsonHeader(bytes: Uint8Array): Omit<RemotingCommand, "body"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textDecoder.decode(bytes));
  } catch (err) {
    throw new FrameError(`bad JSON header: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new FrameError("JSON header is not an object");
  }
  const h = parsed as Record<string, unknown>;
  const cmd: Omit<RemotingCommand, "body"> = {
    code: int32Field(h, "code", undefined),
    language: typeof h.language === "string" ? h.language : "OTHER",
    version: int32Field(h, "version", 0),
    opaque: int32Field(h, "opaque", 0),
    flag: int32Field(h, "flag", 0),
    extFields: extFieldsOf(h.extFields),
    serializeType: SerializeType.JSON,
  };
  if (typeof h.remark === "string") cmd.remark = h.remark;
  else if (h.remark !== undefined && h.remark !== null) throw new FrameError("JSON header remark is not a string");
  return cmd;
}

function int32Field(h: Record<string, unknown>, name: string, fallback: number | undefined): number {
  const value = h[name];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new FrameError(`JSON header field ${name} is not an int32`);
  }
  return value | 0;
}

function extFieldsOf(value: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (value === undefined || value === null) return fields;
  if (typeof value !== "object" || Array.isArray(value)) throw new FrameError("JSON header extFields is not an object");
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > EXT_FIELDS_MAX) throw tooManyExtFields();
  for (const [key, v] of entries) {
    if (v === null || v === undefined || key === "__proto__") continue;
    if (typeof v === "string") fields[key] = v;
    else if (typeof v === "number" || typeof v === "boolean") fields[key] = String(v);
    else throw new FrameError(`JSON header extFields.${key} is not a string, number or boolean`);
  }
  return fields;
}
