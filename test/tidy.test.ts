// Keeps the style of /work/shared/STYLE.md from eroding: file and function length, the direction
// of imports between src folders, no `any`, no printing outside src/cli and src/main.ts.
// The exception lists may only shrink: a listed file that is back under the limit fails the test
// until it is taken off the list.
import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(import.meta.dir, "..");
const FILE_LINES_MAX = 400;
const FUNCTION_LINES_MAX = 70;

/** Files allowed over FILE_LINES_MAX, with their allowance and the reason. */
const LONG_FILES: Readonly<Record<string, number>> = {};
/** Functions allowed over FUNCTION_LINES_MAX: "path:name" → allowance. */
const LONG_FUNCTIONS: Readonly<Record<string, number>> = {};

/** Which src folders each folder may import (besides itself). main.ts may import cli and common. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  common: [],
  store: ["common"],
  remoting: ["common"],
  ha: ["common", "store", "remoting"],
  // Access control on the wire, checked by the broker and the NameServer.
  auth: ["common", "remoting"],
  namesrv: ["common", "store", "remoting", "auth"],
  controller: ["common", "remoting"],
  // The broker role owns replication: it constructs the ha services over its store.
  broker: ["common", "store", "remoting", "ha", "auth"],
  client: ["common", "remoting"],
  admin: ["common", "remoting", "client"],
  console: ["common", "remoting", "client", "admin", "auth"],
  cli: ["common", "store", "remoting", "ha", "namesrv", "controller", "broker", "client", "admin", "console", "auth"],
  "main.ts": ["cli", "common"],
};

function files(pattern: string): string[] {
  return [...new Glob(pattern).scanSync({ cwd: ROOT })].sort();
}

const sources = files("src/**/*.{ts,tsx}");
const everything = [...sources, ...files("test/**/*.ts")];
const text = (path: string) => readFileSync(join(ROOT, path), "utf8");
const withoutStrings = (line: string) =>
  line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""').replace(/(^|\s)\/\/.*$/, "$1");

/** The top src folder a path belongs to ("store"), or "main.ts". */
function folderOf(path: string): string {
  return path.split("/")[1] ?? "";
}

const FUNCTION_START = [
  /\bfunction\b[\s\w$*]*(<.*>)?\(/,
  /=>\s*\{\s*$/,
  /^\s*(?:(?:export|public|private|protected|static|async|override|readonly|get|set)\s+)*(?!(?:if|for|while|switch|catch|return|function|constructor)\b)[\w$#]+\s*(?:<.*>)?\(.*\)\s*(?::\s*[^{;=]+)?\{\s*$/,
  /^\s*constructor\s*\(/,
];

interface Span { name: string; start: number; end: number }

/** Every function the scan finds, as a line span, by counting braces from its first line. */
function functionSpans(source: string): Span[] {
  const lines = source.split("\n").map(withoutStrings);
  const spans: Span[] = [];
  lines.forEach((line, start) => {
    if (!FUNCTION_START.some((re) => re.test(line))) return;
    let depth = 0;
    let opened = false;
    for (let i = start; i < lines.length && (opened || i < start + 10); i++) {
      for (const c of lines[i] ?? "") depth += c === "{" ? 1 : c === "}" ? -1 : 0;
      opened ||= depth > 0;
      if (opened && depth <= 0) {
        spans.push({ name: line.trim().slice(0, 60), start, end: i });
        return;
      }
    }
  });
  return spans;
}

/**
 * Functions longer than the limit: [name, own lines]. Lines of functions nested inside (the
 * methods a factory returns, say) count for the nested function, as methods do for a class.
 */
function longFunctions(source: string): [string, number][] {
  const spans = functionSpans(source);
  const inside = (a: Span, b: Span) => a !== b && a.start >= b.start && a.end <= b.end;
  return spans.flatMap((span): [string, number][] => {
    const children = spans.filter((c) => inside(c, span) && !spans.some((m) => inside(c, m) && inside(m, span)));
    const own = span.end - span.start + 1 - children.reduce((sum, c) => sum + c.end - c.start + 1, 0);
    return own > FUNCTION_LINES_MAX ? [[span.name, own]] : [];
  });
}

function relativeImports(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] ?? "");
  return specifiers.filter((s) => s !== "");
}

describe("tidy", () => {
  test(`files are at most ${FILE_LINES_MAX} lines, or listed with an allowance`, () => {
    const problems: string[] = [];
    for (const path of everything) {
      const count = text(path).split("\n").length;
      const allowance = LONG_FILES[path];
      if (allowance === undefined && count > FILE_LINES_MAX) problems.push(`${path}: ${count} lines`);
      if (allowance !== undefined && count > allowance) problems.push(`${path}: ${count} lines, allowance ${allowance}`);
      if (allowance !== undefined && count <= FILE_LINES_MAX) problems.push(`${path} is short now: remove it from LONG_FILES`);
    }
    for (const path of Object.keys(LONG_FILES)) if (!everything.includes(path)) problems.push(`${path} is gone: remove it from LONG_FILES`);
    expect(problems).toEqual([]);
  });

  test(`functions in src are at most ${FUNCTION_LINES_MAX} lines`, () => {
    const problems: string[] = [];
    for (const path of sources) {
      for (const [name, length] of longFunctions(text(path))) {
        const allowance = LONG_FUNCTIONS[`${path}:${name}`];
        if (allowance === undefined || length > allowance) problems.push(`${path}: ${name} … is ${length} lines`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("the function scan sees a long function, but not one made long by its nested functions", () => {
    const body = Array.from({ length: FUNCTION_LINES_MAX }, (_, i) => `  const a${i} = { x: "}" };`).join("\n");
    expect(longFunctions(`export function big(o: { a: number }): void {\n${body}\n}\n`)).toEqual([
      ["export function big(o: { a: number }): void {", FUNCTION_LINES_MAX + 2],
    ]);
    const methods = Array.from({ length: 3 }, (_, m) => `    m${m}() {\n${body.slice(0, 1200)}\n    },`).join("\n");
    expect(longFunctions(`function factory() {\n  return {\n${methods}\n  };\n}\n`)).toEqual([]);
  });

  test("src folders import only the folders below them, and only through index.ts", () => {
    const problems: string[] = [];
    for (const path of sources) {
      const from = folderOf(path);
      for (const specifier of relativeImports(text(path))) {
        const target = relative(ROOT, resolve(ROOT, dirname(path), specifier));
        if (!target.startsWith("src/")) continue;
        const to = folderOf(target);
        if (to === from) continue;
        if (!(MAY_IMPORT[from] ?? []).includes(to)) problems.push(`${path} imports ${target}: ${from} may not depend on ${to}`);
        else if (!target.endsWith("/index.ts")) problems.push(`${path} imports ${target}: import ${to}'s index.ts instead`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("no `any`", () => {
    const anyType = /(?:[:<,|&(]|\bas)\s*any\b(?!\s*[a-z])/;
    const problems = everything.flatMap((path) => text(path).split("\n")
      .map((line, i) => (anyType.test(withoutStrings(line)) ? `${path}:${i + 1}: ${line.trim()}` : ""))
      .filter((p) => p !== ""));
    expect(problems).toEqual([]);
  });

  test("only src/cli and src/main.ts print to the console or exit", () => {
    const printing = /\bconsole\.(log|info|warn|error|debug)\b|\bprocess\.exit\b/;
    const problems = sources.filter((p) => !p.startsWith("src/cli/") && p !== "src/main.ts")
      .flatMap((path) => text(path).split("\n")
        .map((line, i) => (printing.test(withoutStrings(line)) ? `${path}:${i + 1}: ${line.trim()}` : ""))
        .filter((p) => p !== ""));
    expect(problems).toEqual([]);
  });
});
