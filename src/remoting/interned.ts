// Short header strings seen before (field names, and values such as "0", "false", a topic or a
// group), looked up by a hash of their bytes; a hit is checked byte by byte. The first
// NAMES_MAX distinct ones stay: the vocabulary that repeats shows up in the first frames. Both
// header codecs (binary-header.ts, json-scan.ts) read their short ASCII strings through here.

/** Strings longer than this are decoded each time. */
export const INTERN_BYTES_MAX = 32;
const NAMES_MAX = 4096;
const names = new Map<number, string>();

/** buf[pos, pos + length) as a string; bytes at or over 0x80 are decoded as UTF-8. */
export function interned(buf: Buffer, pos: number, length: number): string {
  if (length > INTERN_BYTES_MAX) return buf.toString("utf8", pos, pos + length);
  let hash = HASH_START;
  for (let i = 0; i < length; i++) {
    const b = buf[pos + i]!;
    if (b >= 0x80) return buf.toString("utf8", pos, pos + length);
    hash = asciiHashStep(hash, b);
  }
  return internedAscii(buf, pos, length, hash);
}

/** As interned(), for bytes known to be ASCII whose hash the caller computed (asciiHash). */
export function internedAscii(buf: Buffer, pos: number, length: number, bytesHash: number): string {
  const hash = asciiHashStep(bytesHash, length);
  const known = names.get(hash);
  if (known !== undefined && known.length === length && sameAscii(known, buf, pos)) return known;
  const name = buf.toString("latin1", pos, pos + length);
  if (known === undefined && names.size < NAMES_MAX) names.set(hash, name);
  return name;
}

/** Printable ASCII but the quote and the backslash, each as a one-character string, by byte: the
 *  Java client's SEND_MESSAGE_V2 names ("a" … "n") and short values ("0", "4") without a lookup. */
export const ONE_CHAR: ReadonlyArray<string | undefined> = Array.from({ length: 256 }, (_, c) =>
  (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : undefined));

/** The hash internedAscii expects, one byte at a time: start with HASH_START, fold each byte. */
export const HASH_START = 0x811c9dc5 | 0;
export const asciiHashStep = (hash: number, b: number): number => Math.imul(hash ^ b, 0x01000193);

function sameAscii(s: string, buf: Buffer, pos: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[pos + i]) return false;
  return true;
}
