// The JSON header scanner against JSON.parse: wherever the scanner answers, its command is the one
// JSON.parse + the walk would make (extFields in the same key order); where it declines, the
// frame decoder falls back to JSON.parse, so the answer or the error is JSON.parse's.
import { describe, expect, test } from "bun:test";
import { scanJsonHeader } from "../../src/remoting/json-scan.ts";
import { decodeJsonHeader, encodeJsonHeader, parseJsonHeader } from "../../src/remoting/json-header.ts";
import { SerializeType, type RemotingCommand } from "../../src/remoting/index.ts";
import { seededRandom } from "../seeded-random.ts";

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");
const scan = (text: string | Buffer) => {
  const buf = typeof text === "string" ? bytes(text) : text;
  return scanJsonHeader(buf, 0, buf.length);
};

type Outcome = { ok: Omit<RemotingCommand, "body">; keys: string[] } | { error: true };
function reference(buf: Buffer): Outcome {
  try {
    const ok = parseJsonHeader(buf);
    return { ok, keys: Object.keys(ok.extFields) };
  } catch {
    return { error: true };
  }
}

/** The scanner agrees with JSON.parse or declines; returns whether it answered. */
function agrees(buf: Buffer): boolean {
  const scanned = scanJsonHeader(buf, 0, buf.length);
  if (scanned === undefined) return false;
  const ref = reference(buf);
  if ("error" in ref) throw new Error(`scanner accepted what JSON.parse refuses: ${buf.toString("latin1")}`);
  expect(scanned).toEqual(ref.ok);
  expect(Object.keys(scanned.extFields)).toEqual(ref.keys);
  return true;
}

describe("the JSON header scanner reads what clients send", () => {
  test("Java 4.9 SEND_MESSAGE_V2: escaped \\u0001/\\u0002 properties, fastjson's field order", () => {
    const text = '{"code":310,"extFields":{"a":"PG","b":"TopicTest","c":"TBW102","d":"4","e":"1","f":"0","g":"1700000000000",' +
      '"h":"0","i":"UNIQ_KEY\\u00017F00\\u0002WAIT\\u0001true\\u0002TAGS\\u0001TagA","j":"0","k":"false","m":"false","n":"broker-a"},' +
      '"flag":0,"language":"JAVA","opaque":42,"serializeTypeCurrentRPC":"JSON","version":409}';
    const cmd = scan(text)!;
    expect(cmd.extFields.i).toBe("UNIQ_KEY\u00017F00\u0002WAIT\u0001true\u0002TAGS\u0001TagA");
    expect(cmd).toMatchObject({ code: 310, opaque: 42, version: 409, language: "JAVA", serializeType: SerializeType.JSON });
    expect(agrees(bytes(text))).toBe(true);
  });

  test("ali-ons: numbers and booleans become their text, null fields are left out", () => {
    const text = '{"code":11,"language":"JAVA","opaque":5,"version":121,"flag":0,"extFields":{"queueId":0,"k":false,"g":1700000000000,"n":null,"x":-0,"y":1.50,"z":12345678901234567890}}';
    expect(scan(text)!.extFields).toEqual({ queueId: "0", k: "false", g: "1700000000000", x: "0", y: "1.5", z: "12345678901234567000" });
    expect(agrees(bytes(text))).toBe(true);
  });

  test("Go: whitespace, fields in any order, unknown members of any shape skipped", () => {
    const text = ' {\n "extFields" : { "topic" : "T" } , "future": {"a":[1,{"b":null}],"c":"\\"x"}, "code" : 10 ,"language":"GO","opaque":3,"version":317}\r\n';
    expect(scan(text)).toEqual({ code: 10, language: "GO", version: 317, opaque: 3, flag: 0, extFields: { topic: "T" }, serializeType: SerializeType.JSON });
    expect(agrees(bytes(text))).toBe(true);
  });

  test("UTF-8, surrogate pairs written as escapes, and a leading U+FEFF inside a string", () => {
    const text = '{"code":0,"extFields":{"标签":"值 \\ud83d\\ude00 ✓","k":"\\ufeffa","bom":"\ufeffb"},"remark":"héllo\\n\\t\\/"}';
    expect(scan(text)!.extFields).toEqual({ 标签: "值 \ud83d\ude00 ✓", k: "\ufeffa", bom: "\ufeffb" });
    expect(agrees(bytes(text))).toBe(true);
  });

  test("what the scanner declines falls back to JSON.parse, with its answer or its error", () => {
    for (const text of ['{"code":1e2}', '{"code":10,"extFields":{"a":{"b":1}}}', '{"code":10,"extFields":{"a":"x","a":null}}', '{"code":"10"}',
      '{"code":10} x', '\ufeff{"code":10}', '{"code":10,"language":7}', '{"code":10,"remark":1}', '{"code":1.0,"version":2.0}', '{}', '[]']) {
      expect(scan(text)).toBeUndefined();
      const ref = reference(bytes(text));
      if ("error" in ref) expect(() => decodeJsonHeader(bytes(text))).toThrow();
      else expect(decodeJsonHeader(bytes(text))).toEqual(ref.ok);
    }
  });

  test("int fields out of int32 and uint32 range are refused; up to 2^32 - 1 they wrap as Java's do", () => {
    expect(scan('{"code":4294967295}')!.code).toBe(-1);
    expect(scan('{"code":4294967296}')).toBeUndefined();
    expect(() => decodeJsonHeader(bytes('{"code":4294967296}'))).toThrow();
  });
});

describe("the JSON header writer", () => {
  test("writes what JSON.stringify would: control characters, quotes, backslashes, non-ASCII and lone surrogates", () => {
    const values = ["plain", "a\u0001b\u0002c", '"q"\\', "\b\f\n\r\t\u001f\u007f", "héllo ✓ 消息", "\ud800x", ""];
    for (const value of values) {
      const cmd: RemotingCommand = { code: 1, language: "JAVA", version: 409, opaque: 2, flag: 0, remark: value, extFields: { [value || "k"]: value }, serializeType: SerializeType.JSON };
      const text = Buffer.from(encodeJsonHeader(cmd)).toString("utf8");
      const expected = `{"code":1,"extFields":{${JSON.stringify(value || "k")}:${JSON.stringify(value)}},"flag":0,"language":"JAVA","opaque":2,` +
        `"remark":${JSON.stringify(value)},"serializeTypeCurrentRPC":"JSON","version":409}`;
      expect(text).toBe(expected);
      expect(decodeJsonHeader(encodeJsonHeader(cmd))).toEqual({ ...cmd, extFields: { [value || "k"]: value } });
    }
  });
});

// Random headers: the shapes clients write, with random strings (escapes, UTF-8, control
// characters), numbers, whitespace, duplicates and unknown members; then the same bytes mutated.
const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\u0001', '\u0002', '\n', 'é', '消', '\ud83d\ude00', '\ufeff', '\ud800', '\u007f'];
function randomText(rnd: () => number): string {
  let s = "";
  const n = Math.floor(rnd() * 12);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
}
function randomJsonString(rnd: () => number): string {
  const s = JSON.stringify(randomText(rnd));
  // Sometimes escape more than JSON.stringify does (\u0041, \/), as other writers do.
  return rnd() < 0.3 ? s.replace(/[a/]/g, (c) => (c === "/" ? "\\/" : "\\u0061")) : s;
}
function randomValue(rnd: () => number): string {
  const r = rnd();
  if (r < 0.5) return randomJsonString(rnd);
  if (r < 0.6) return ["true", "false", "null"][Math.floor(rnd() * 3)]!;
  if (r < 0.9) return ["0", "-0", "17", "-5", "1700000000000", "12345678901234567890", "1.5", "2e3", "-1.25E-2", "007"][Math.floor(rnd() * 10)]!;
  return ['{"x":[1,2]}', "[]", '[{"y":null}]'][Math.floor(rnd() * 3)]!;
}
function randomHeader(rnd: () => number): string {
  const ws = () => (rnd() < 0.2 ? [" ", "\n", "\t ", "\r\n"][Math.floor(rnd() * 4)]! : "");
  const ext: string[] = [];
  const keys = ["a", "b", "topic", "queueId", "1", "__proto__", "toString"];
  for (let i = Math.floor(rnd() * 8); i > 0; i--) {
    const key = rnd() < 0.7 ? JSON.stringify(keys[Math.floor(rnd() * keys.length)]) : randomJsonString(rnd);
    ext.push(`${ws()}${key}${ws()}:${ws()}${randomValue(rnd)}${ws()}`);
  }
  const members = [
    `"code":${["10", "310", "-1", "4294967295", "1e1"][Math.floor(rnd() * 5)]}`,
    `"extFields":${rnd() < 0.1 ? "null" : `{${ext.join(",")}}`}`,
    `"flag":${rnd() < 0.9 ? "0" : "null"}`,
    `"language":${rnd() < 0.9 ? '"JAVA"' : "null"}`,
    `"opaque":${Math.floor(rnd() * 1e6) - 1000}`,
    `"remark":${rnd() < 0.5 ? randomJsonString(rnd) : "null"}`,
    `"serializeTypeCurrentRPC":"JSON"`,
    `"version":409`,
    `"extra":${randomValue(rnd)}`,
  ].filter(() => rnd() < 0.9);
  if (rnd() < 0.3) members.reverse();
  return `${ws()}{${ws()}${members.map((m) => ws() + m + ws()).join(",")}}${ws()}`;
}

describe("fuzzed against JSON.parse", () => {
  test("random headers: the scanner agrees with JSON.parse wherever it answers, and answers most", () => {
    const rnd = seededRandom(19);
    let answered = 0;
    const runs = 20_000;
    for (let i = 0; i < runs; i++) if (agrees(bytes(randomHeader(rnd)))) answered++;
    expect(answered).toBeGreaterThan(runs / 4);
  });

  test("random headers with bytes flipped, cut or inserted: never a different answer than JSON.parse", () => {
    const rnd = seededRandom(1319);
    for (let i = 0; i < 20_000; i++) {
      const buf = Buffer.from(bytes(randomHeader(rnd)));
      const at = Math.floor(rnd() * buf.length);
      const r = rnd();
      let mutated: Buffer;
      if (r < 0.4) {
        buf[at] = Math.floor(rnd() * 256);
        mutated = buf;
      } else if (r < 0.7) {
        mutated = buf.subarray(0, at);
      } else {
        mutated = Buffer.concat([buf.subarray(0, at), Buffer.from([[0x22, 0x5c, 0x2c, 0x7d, 0x80, 0x00][Math.floor(rnd() * 6)]!]), buf.subarray(at)]);
      }
      agrees(mutated);
    }
  });
});
