// JSON bodies the way RocketMQ's Java side (fastjson) writes and reads them. Headers are strict
// JSON; bodies are opaque bytes to the transport, and the broker and namesrv use these helpers.
//
// fastjson writes a map key that is not a string raw:
//   integer keys unquoted        {0:"10.0.0.1:10911"}
//   object keys as JSON objects  {{"brokerName":"b","queueId":0,"topic":"t"}:5}
// parseLooseJson reads both (an object key comes back as its JSON text, exactly as written);
// toFastJson writes them from a Map whose keys are numbers or objects. Plain objects are
// written in their own key order with null and undefined fields left out, as fastjson does.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What toFastJson accepts: JSON values, bigints, undefined fields, and Maps with raw keys. */
export type JsonBodyValue =
  | JsonValue
  | bigint
  | undefined
  | JsonBodyValue[]
  | { [key: string]: JsonBodyValue }
  | Map<string | number | bigint | { [key: string]: JsonBodyValue }, JsonBodyValue>;

const textEncoder = new TextEncoder();
const DEPTH_MAX = 256;

/** Parses standard JSON or fastjson's non-string-key form. Throws SyntaxError. */
export function parseLooseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return new LooseParser(text).parseDocument();
  }
}

export function toJsonBody(value: JsonBodyValue): Uint8Array {
  return textEncoder.encode(toFastJson(value));
}

export function toFastJson(value: JsonBodyValue): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toFastJson).join(",")}]`;
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [key, v] of value) {
      if (v === undefined || v === null) continue;
      parts.push(`${rawKey(key)}:${toFastJson(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    parts.push(`${JSON.stringify(key)}:${toFastJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A map key as fastjson writes it: strings quoted, numbers bare, objects with sorted fields. */
function rawKey(key: string | number | bigint | { [key: string]: JsonBodyValue }): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number" || typeof key === "bigint") return String(key);
  const sorted: { [key: string]: JsonBodyValue } = {};
  for (const name of Object.keys(key).sort()) sorted[name] = key[name];
  return toFastJson(sorted);
}

class LooseParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail("trailing characters");
    return value;
  }

  private value(depth: number): JsonValue {
    if (depth > DEPTH_MAX) this.fail("nesting too deep");
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    return this.scalar();
  }

  private object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.key(depth);
      this.skipSpace();
      this.expect(":");
      const value = this.value(depth + 1);
      if (key !== "__proto__") out[key] = value;
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("}");
      return out;
    }
  }

  private key(depth: number): string {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '"') return this.string();
    const start = this.pos;
    if (c === "{" || c === "[") this.value(depth + 1);
    else this.scalar();
    return this.text.slice(start, this.pos);
  }

  private array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("]");
      return out;
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "\\") this.pos += 2;
      else if (c === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    return this.fail("unterminated string");
  }

  private scalar(): JsonValue {
    const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!match) return this.fail("unexpected character");
    this.pos += match[0].length;
    return JSON.parse(match[0]) as JsonValue;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos]!)) this.pos++;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.pos} of body JSON`);
  }
}
