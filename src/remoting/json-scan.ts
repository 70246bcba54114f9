// The hot path of the JSON header (serializeType 0): one pass over the bytes, straight into a
// RemotingCommand, with no JSON.parse and no intermediate object. The grammar it reads is JSON's
// (RFC 8259) restricted to what a RemotingCommand header is:
//
//   header    = ws "{" ws [ member *( ws "," ws member ) ] ws "}" ws
//   member    = string ws ":" ws value
//     "code" | "version" | "opaque" | "flag"  an integer literal (no fraction or exponent)
//     "language"                              a string
//     "remark"                                a string or null
//     "extFields"                             null or { string : string | number | true | false | null, ... }
//     any other name                          any JSON value, skipped (serializeTypeCurrentRPC, a
//                                             client's own additions)
//
// Whatever falls outside — a number with a fraction in an int field, a nested object in
// extFields, a repeated key set back to null, an unknown escape, a control byte in a string,
// trailing bytes — makes scanJsonHeader return undefined, and the caller decodes with JSON.parse
// (json-header.ts), which gives the same result or the same error. So the scanner only has to be
// right where it answers: fuzzed against JSON.parse in test/remoting/json-scan.test.ts.
//
// Values are stored as JSON.parse + String() would make them: strings unescaped (\uXXXX as code
// units, lone surrogates kept), integers as their digits, other numbers as String(Number(text)),
// booleans as "true"/"false", null left out. Short ASCII strings are interned (interned.ts).
import { SerializeType, type RemotingCommand } from "./command.ts";
import { asciiHashStep, HASH_START, INTERN_BYTES_MAX, internedAscii, ONE_CHAR } from "./interned.ts";
import { EXT_FIELDS_MAX, tooManyExtFields } from "./frame-error.ts";

const Q = 0x22; // "
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
/** Integers of at most this many digits are exact doubles whatever they are. */
const EXACT_DIGITS_MAX = 15;
/** Non-negative integers this short are interned. */
const INTERNED_DIGITS_MAX = 6;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;
const SKIP_DEPTH_MAX = 32;

// ignoreBOM: a U+FEFF at the start of a run is a character of the string, as it is to JSON.parse.
const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** A failed scan: the caller falls back to JSON.parse. */
const NO = Symbol("no");
/** Where strSlow unescapes a string (grown to the longest seen). */
let unescaped = Buffer.alloc(1024);

export function scanJsonHeader(buf: Buffer, start: number, stop: number): Omit<RemotingCommand, "body"> | undefined {
  scanner.b = buf;
  scanner.pos = start;
  scanner.end = stop;
  try {
    return scanner.scanHeader();
  } catch (err) {
    if (err === NO) return undefined;
    throw err;
  }
}

class Scanner {
  b: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;

  /** After a member or element: true past a comma (and the blanks after it), else past close. */
  private another(close: number): boolean {
    this.ws();
    if (this.b[this.pos] === COMMA) {
      this.pos++;
      this.ws();
      return true;
    }
    this.expect(close);
    return false;
  }

  scanHeader(): Omit<RemotingCommand, "body"> {
    let code: number | undefined;
    let language = "OTHER";
    let version = 0;
    let opaque = 0;
    let flag = 0;
    let remark: string | undefined;
    let extFields: Record<string, string> = {};
    this.ws();
    this.expect(OPEN);
    this.ws();
    if (this.b[this.pos] === CLOSE) throw NO;
    for (;;) {
      const key = this.str();
      this.ws();
      this.expect(COLON);
      this.ws();
      if (key === "code") code = this.int32();
      else if (key === "extFields") extFields = this.ext();
      else if (key === "flag") flag = this.int32();
      else if (key === "language") language = this.str();
      else if (key === "opaque") opaque = this.int32();
      else if (key === "remark") remark = this.strOrNull();
      else if (key === "version") version = this.int32();
      else this.skipValue(0);
      if (!this.another(CLOSE)) break;
    }
    this.ws();
    if (this.pos !== this.end || code === undefined) throw NO;
    const cmd: Omit<RemotingCommand, "body"> = { code, language, version, opaque, flag, extFields, serializeType: SerializeType.JSON };
    if (remark !== undefined) cmd.remark = remark;
    return cmd;
  }

  ext(): Record<string, string> {
    const fields: Record<string, string> = {};
    let nullKeys: string[] | undefined;
    if (this.b[this.pos] === 0x6e) {
      this.literal("null");
      return fields;
    }
    this.expect(OPEN);
    this.ws();
    if (this.b[this.pos] === CLOSE) {
      this.pos++;
      return fields;
    }
    for (let count = 1; ; count++) {
      if (count > EXT_FIELDS_MAX) throw tooManyExtFields();
      const key = this.str();
      this.ws();
      this.expect(COLON);
      this.ws();
      const value = this.extValue();
      // A key both null and not holds its first place in JSON.parse's key order, whichever came
      // first: leave such (rare) headers to JSON.parse.
      if (value === undefined) {
        if (Object.prototype.hasOwnProperty.call(fields, key)) throw NO;
        (nullKeys ??= []).push(key);
      } else if (key !== "__proto__") {
        if (nullKeys !== undefined && nullKeys.includes(key)) throw NO;
        fields[key] = value;
      }
      if (!this.another(CLOSE)) return fields;
    }
  }

  extValue(): string | undefined {
    const c = this.b[this.pos];
    if (c === Q) return this.str();
    if (c === 0x74) return this.literal("true");
    if (c === 0x66) return this.literal("false");
    if (c === 0x6e) {
      this.literal("null");
      return undefined;
    }
    return this.numberText();
  }

  strOrNull(): string | undefined {
    if (this.b[this.pos] !== 0x6e) return this.str();
    this.literal("null");
    return undefined;
  }

  /** A string at this.pos (its opening quote); this.pos ends after the closing one. */
  str(): string {
    const b = this.b;
    const end = this.end;
    const start = this.pos + 1;
    if (b[this.pos] !== Q) throw NO;
    const one = b[start + 1] === Q && start + 1 < end ? ONE_CHAR[b[start]!] : undefined;
    if (one !== undefined) this.pos = start + 2;
    if (one !== undefined) return one;
    let hash = HASH_START;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === Q) {
        this.pos = i + 1;
        const length = i - start;
        return length <= INTERN_BYTES_MAX ? internedAscii(b, start, length, hash) : b.toString("latin1", start, i);
      }
      if (c === BACKSLASH || c >= 0x80) return this.strSlow(start, i);
      if (c < 0x20) throw NO;
      hash = asciiHashStep(hash, c);
    }
    throw NO;
  }

  /** The rest of a string with escapes below U+0100 (Java's properties): unescaped in one buffer, one string; else strRuns. */
  strSlow(start: number, at: number): string {
    const length = this.end - start;
    if (unescaped.length < length) unescaped = Buffer.alloc(Math.max(length, unescaped.length * 2));
    const out = unescaped;
    const b = this.b;
    let n = at - start;
    b.copy(out, 0, start, at);
    for (let i = at; i < this.end; i++) {
      const c = b[i]!;
      if (c === Q) {
        this.pos = i + 1;
        return out.toString("latin1", 0, n);
      }
      if (c < 0x20) throw NO;
      if (c >= 0x80) return this.strRuns(start, at);
      if (c !== BACKSLASH) out[n++] = c;
      else if (b[i + 1] !== 0x75) out[n++] = this.escaped(b[++i]).charCodeAt(0);
      else {
        const unit = this.hex4(i + 2);
        if (unit >= 0x100) return this.strRuns(start, at);
        out[n++] = unit;
        i += 5;
      }
    }
    throw NO;
  }

  /** The rest of a string holding escapes or UTF-8: decoded run by run. */
  strRuns(start: number, at: number): string {
    let out = "";
    let run = start;
    let ascii = true;
    for (let i = at; i < this.end; i++) {
      const c = this.b[i]!;
      if (c === Q) {
        this.pos = i + 1;
        return out + this.piece(run, i, ascii);
      }
      if (c < 0x20) throw NO;
      if (c >= 0x80) {
        ascii = false;
        continue;
      }
      if (c !== BACKSLASH) continue;
      out += this.piece(run, i, ascii);
      ascii = true;
      const e = this.b[i + 1];
      if (e === 0x75) {
        out += String.fromCharCode(this.hex4(i + 2));
        i += 5;
      } else {
        out += this.escaped(e);
        i += 1;
      }
      run = i + 1;
    }
    throw NO;
  }

  piece(from: number, to: number, ascii: boolean): string {
    if (from === to) return "";
    return ascii ? this.b.toString("latin1", from, to) : textDecoder.decode(this.b.subarray(from, to));
  }

  escaped(e: number | undefined): string {
    switch (e) {
      case Q: return "\"";
      case BACKSLASH: return "\\";
      case 0x2f: return "/";
      case 0x62: return "\b";
      case 0x66: return "\f";
      case 0x6e: return "\n";
      case 0x72: return "\r";
      case 0x74: return "\t";
      default: throw NO;
    }
  }

  hex4(at: number): number {
    if (at + 4 > this.end) throw NO;
    let n = 0;
    for (let i = at; i < at + 4; i++) {
      const c = this.b[i]!;
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) throw NO;
      n = (n << 4) | d;
    }
    return n;
  }

  /** An integer literal as an int32 (values up to 2^32 - 1 wrap, as Java's unsigned flags do). */
  int32(): number {
    const start = this.pos;
    const negative = this.b[this.pos] === 0x2d;
    if (negative) this.pos++;
    const digitsAt = this.pos;
    let n = 0;
    while (this.pos < this.end && this.b[this.pos]! >= 0x30 && this.b[this.pos]! <= 0x39) n = n * 10 + (this.b[this.pos++]! - 0x30);
    const digits = this.pos - digitsAt;
    if (digits === 0 || digits > 10 || (digits > 1 && this.b[digitsAt] === 0x30) || isNumberPart(this.b[this.pos])) {
      this.pos = start;
      throw NO;
    }
    const value = negative ? -n : n;
    if (value < INT32_MIN || value > UINT32_MAX) throw NO;
    return value | 0;
  }

  /** A JSON number as String(JSON.parse(text)) writes it. */
  numberText(): string {
    const b = this.b;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    if (b[pos] === 0x2d) pos++;
    const digitsAt = pos;
    let hash = HASH_START;
    for (; pos < end; pos++) {
      const c = b[pos]!;
      if (c < 0x30 || c > 0x39) break;
      hash = asciiHashStep(hash, c);
    }
    const digits = pos - digitsAt;
    if (digits === 0 || (digits > 1 && b[digitsAt] === 0x30)) throw NO;
    this.pos = pos;
    const c = b[pos];
    if (c !== 0x2e && c !== 0x65 && c !== 0x45) {
      // Integers: "-0" is 0 to String(); long ones are rounded as a double; short ones are
      // interned (queue ids, flags, "0"), longer ones made once (timestamps, offsets).
      if (start === digitsAt && digits <= INTERNED_DIGITS_MAX) return internedAscii(b, start, digits, hash);
      if (digits <= EXACT_DIGITS_MAX && !(digits === 1 && b[digitsAt] === 0x30)) return b.toString("latin1", start, pos);
      return String(Number(b.toString("latin1", start, pos)));
    }
    if (c === 0x2e) {
      pos++;
      if (!isDigit(b[pos])) throw NO;
      while (pos < end && isDigit(b[pos])) pos++;
    }
    if (b[pos] === 0x65 || b[pos] === 0x45) {
      pos++;
      if (b[pos] === 0x2b || b[pos] === 0x2d) pos++;
      if (!isDigit(b[pos])) throw NO;
      while (pos < end && isDigit(b[pos])) pos++;
    }
    this.pos = pos;
    return String(Number(b.toString("latin1", start, pos)));
  }

  literal(word: "true" | "false" | "null"): string {
    if (this.pos + word.length > this.end) throw NO;
    for (let i = 0; i < word.length; i++) if (this.b[this.pos + i] !== word.charCodeAt(i)) throw NO;
    this.pos += word.length;
    return word;
  }

  /** Skips any JSON value (a member the header does not use). */
  skipValue(depth: number): void {
    if (depth > SKIP_DEPTH_MAX) throw NO;
    const c = this.b[this.pos];
    if (c === Q) {
      this.str();
    } else if (c === OPEN || c === 0x5b) {
      const close = c === OPEN ? CLOSE : 0x5d;
      this.pos++;
      this.ws();
      if (this.b[this.pos] === close) {
        this.pos++;
        return;
      }
      for (;;) {
        if (c === OPEN) {
          this.str();
          this.ws();
          this.expect(COLON);
          this.ws();
        }
        this.skipValue(depth + 1);
        if (!this.another(close)) return;
      }
    } else if (c === 0x74) {
      this.literal("true");
    } else if (c === 0x66) {
      this.literal("false");
    } else if (c === 0x6e) {
      this.literal("null");
    } else {
      this.numberText();
    }
  }

  ws(): void {
    const b = this.b;
    let pos = this.pos;
    for (;;) {
      const c = b[pos];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  expect(c: number): void {
    if (this.b[this.pos] !== c) throw NO;
    this.pos++;
  }
}

const scanner = new Scanner();

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isNumberPart = (c: number | undefined): boolean => c === 0x2e || c === 0x65 || c === 0x45 || isDigit(c);

