// JSON as RocketMQ's Java side writes it (fastjson 1.2.x), in both directions.
//
// fastjson writes a map whose keys are not strings with the raw key in key position:
//   Integer/Long keys unquoted        {0:"10.0.0.5:10911"}
//   object keys as a JSON object      {{"brokerName":"b","queueId":0,"topic":"t"}:5}
// Standard JSON (BrowserCompatible) quotes the numeric ones: {"0":"10.0.0.5:10911"}.
//
// Writing: a JS Map stands for such a map. Number keys are quoted only when `quoteNumericKeys`;
// object keys are always written in the fastjson object-key form (there is no standard form).
// Plain objects are written as standard JSON; undefined and null fields are left out, as
// fastjson does. Output is compact (no whitespace), which the Go client's hand parser needs.
//
// Reading: parseFastjson accepts standard JSON plus numeric keys (returned as their decimal
// text) and object/array keys (returned as their compact JSON text, to be JSON.parse'd by the
// caller). Bodies stay small (route tables, stats), so a recursive-descent parser is plenty.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject | JsonMap;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}
export type JsonMap = Map<number | string | JsonObject, JsonValue>;

export interface StringifyOptions {
  /** true: {"0":..} (standard JSON); false: {0:..} (fastjson default). */
  quoteNumericKeys: boolean;
}

export function stringifyFastjson(value: JsonValue, opts: StringifyOptions): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stringifyFastjson(v, opts)).join(",")}]`;
  const parts: string[] = [];
  if (value instanceof Map) {
    for (const [k, v] of value) {
      if (v === null || v === undefined) continue;
      parts.push(`${stringifyKey(k, opts)}:${stringifyFastjson(v, opts)}`);
    }
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${stringifyFastjson(v, opts)}`);
    }
  }
  return `{${parts.join(",")}}`;
}

function stringifyKey(key: number | string | JsonObject, opts: StringifyOptions): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number") return opts.quoteNumericKeys ? `"${key}"` : String(key);
  return stringifyFastjson(key, opts);
}

/** Parse fastjson output (or standard JSON). Throws SyntaxError on malformed input. */
export function parseFastjson(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail("trailing characters");
  }

  value(): unknown {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, result] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail("unexpected character");
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    if (this.peekAfterSpace() === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.key();
      this.expect(":");
      const value = this.value();
      if (key !== "__proto__") out[key] = value; // a peer's body must not reach our prototypes
      if (this.commaOr("}")) return out;
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    if (this.peekAfterSpace() === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      if (this.commaOr("]")) return out;
    }
  }

  /** A string key as is; a number key as its text; an object or array key as compact JSON. */
  private key(): string {
    const c = this.peekAfterSpace();
    if (c === '"') return this.string();
    if (c === "{" || c === "[") return JSON.stringify(this.value());
    return String(this.number());
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail("unterminated string");
      if (c === "\\") this.pos += 2;
      else if (c === '"') break;
      else this.pos++;
    }
    this.pos++; // closing quote
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number {
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 32));
    if (!match) return this.fail("bad number");
    this.pos += match[0].length;
    return Number(match[0]);
  }

  /** After a member: true at the closing bracket, false after a comma. */
  private commaOr(close: string): boolean {
    const c = this.peekAfterSpace();
    this.pos++;
    if (c === close) return true;
    if (c === ",") return false;
    return this.fail(`expected , or ${close}`);
  }

  private expect(c: string): void {
    if (this.peekAfterSpace() !== c) this.fail(`expected ${c}`);
    this.pos++;
  }

  private peekAfterSpace(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos] as string)) this.pos++;
  }

  private fail(what: string): never {
    throw new SyntaxError(`fastjson: ${what} at ${this.pos}`);
  }
}

const LITERALS: ReadonlyArray<readonly [string, unknown]> = [
  ["true", true],
  ["false", false],
  ["null", null],
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body as standard JSON bytes (no non-string map keys involved). */
export function jsonBody(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** A body parsed leniently (standard JSON or fastjson); throws SyntaxError when malformed. */
export function parseBody(body: Uint8Array | undefined): unknown {
  if (body === undefined || body.length === 0) throw new SyntaxError("fastjson: empty body");
  return parseFastjson(decoder.decode(body));
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
