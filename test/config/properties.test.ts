import { describe, expect, test } from "bun:test";
import { formatProperty, parseProperties } from "../../src/common/config/index.ts";

function entries(source: string): Record<string, string> {
  const result = parseProperties(source);
  if (!result.ok) throw new Error(result.message);
  return Object.fromEntries(result.entries.map((e) => [e.key, e.value]));
}

describe("the .properties reader", () => {
  test("accepts every separator Java accepts", () => {
    expect(entries("a=1\nb = 2\nc: 3\nd 4\ne\t=\t5\nf:=6\n")).toEqual({ a: "1", b: "2", c: "3", d: "4", e: "5", f: "=6" });
  });

  test("skips # and ! comments and blank lines, even when indented", () => {
    expect(entries("# one\n  ! two\n\n   \nkey=value # not a comment\n")).toEqual({ key: "value # not a comment" });
  });

  test("drops trailing blanks but keeps an escaped one", () => {
    expect(entries("a=10911   \nb=x\\ \n")).toEqual({ a: "10911", b: "x " });
  });

  test("joins continued lines and drops the continuation's leading blanks", () => {
    expect(entries("levels=1s 5s \\\n      10s\\\n30s\nnext=1\n")).toEqual({ levels: "1s 5s 10s30s", next: "1" });
  });

  test("an even number of trailing backslashes does not continue the line", () => {
    expect(entries("path=C:\\\\\nnext=1\n")).toEqual({ path: "C:\\", next: "1" });
  });

  test("decodes escapes in keys and values", () => {
    expect(entries("a\\=b=c\\=d\nt=x\\ty\\nz\nu=\\u00e9\\u4e2d\nbs=a\\\\b\nother=\\q\n")).toEqual({
      "a=b": "c=d", t: "x\ty\nz", u: "é中", bs: "a\\b", other: "q",
    });
  });

  test("a key with no value has the empty string", () => {
    expect(entries("empty\nalso=\n")).toEqual({ empty: "", also: "" });
  });

  test("reports the line where each entry starts, with CRLF and continuations", () => {
    const result = parseProperties("# c\r\na=1\r\nb=2\\\r\n  3\r\n\r\nc=4");
    expect(result.ok && result.entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ["a", "1", 2], ["b", "23", 3], ["c", "4", 6],
    ]);
  });

  test("a malformed \\u escape is an error naming its line", () => {
    const result = parseProperties("ok=1\nbad=\\u12g4\n");
    expect(result).toEqual({ ok: false, line: 2, message: 'malformed \\uXXXX escape "\\u12g4"' });
  });
});

describe("the .properties writer", () => {
  const awkward: [string, string][] = [
    ["plain", "127.0.0.1:9876"],
    ["a=b:c d", "v"],
    ["#hash", "!bang"],
    ["!bang", "#hash"],
    ["blanks", "  two leading, two trailing  "],
    ["only-blanks", "   "],
    ["controls", "tab\tnl\ncr\rff\fbell\u0007del\u007f"],
    ["leading-tab", "\tx"],
    ["backslashes", "C:\\dir\\ \\"],
    ["unicode", "üñí 汉 😀"],
    ["empty", ""],
  ];

  test("every key and value reads back exactly as written", () => {
    for (const [key, value] of awkward) {
      expect(entries(formatProperty(key, value))).toEqual({ [key]: value });
    }
    const file = awkward.map(([k, v]) => formatProperty(k, v)).join("\n");
    expect(entries(file)).toEqual(Object.fromEntries(awkward));
  });

  test("leaves separators in values and non-ASCII letters as they are, for people to read", () => {
    expect(formatProperty("namesrvAddr", "a:9876;b:9876")).toBe("namesrvAddr=a:9876;b:9876");
    expect(formatProperty("k", "x=y # z")).toBe("k=x=y # z");
    expect(formatProperty("k", "汉")).toBe("k=汉");
    expect(formatProperty("k", " a b ")).toBe("k=\\ a b\\ ");
    expect(formatProperty("k", "\u0001")).toBe("k=\\u0001");
  });
});
