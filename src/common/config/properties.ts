// A reader and a writer for Java .properties files. The reader reads as java.util.Properties.load:
// - a line whose first non-blank character is `#` or `!` is a comment; blank lines are skipped;
// - a line ending in an odd number of backslashes continues on the next line, whose leading
//   blanks are dropped;
// - the key ends at the first unescaped `=`, `:` or blank; blanks, then one optional `=` or `:`,
//   then blanks separate it from the value (`k=v`, `k = v`, `k: v`, `k v`);
// - escapes: \t \n \r \f \uXXXX, and a backslash before any other character stands for it (\\ \= \:).
// Unlike Java, unescaped blanks at the end of a value are dropped: RocketMQ would fail to parse
// `listenPort=10911 ` and silently ignore it, which is never what was meant.
// The writer escapes so that both this reader and Java's read back exactly the text written.

export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line where the entry starts. */
  readonly line: number;
}

export type PropertiesResult =
  | { ok: true; entries: PropertyEntry[] }
  | { ok: false; line: number; message: string };

interface LogicalLine { text: string; line: number }

const BLANK = new Set([" ", "\t", "\f"]);

function endsInOddBackslashes(text: string): boolean {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && BLANK.has(text[i] ?? "")) i++;
  return i;
}

/** Joins continued lines; drops comments and blank lines. */
function logicalLines(source: string): LogicalLine[] {
  const physical = source.split(/\r\n|\r|\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let text = (physical[i] ?? "").slice(skipBlanks(physical[i] ?? "", 0));
    if (text === "" || text.startsWith("#") || text.startsWith("!")) continue;
    while (endsInOddBackslashes(text) && i + 1 < physical.length) {
      i++;
      const next = physical[i] ?? "";
      text = text.slice(0, -1) + next.slice(skipBlanks(next, 0));
    }
    if (endsInOddBackslashes(text)) text = text.slice(0, -1); // continuation at end of file
    out.push({ text, line: start + 1 });
  }
  return out;
}

type Unescaped = { ok: true; text: string } | { ok: false; message: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", f: "\f" };

function unescape(raw: string, trimEnd: boolean): Unescaped {
  let text = "";
  let keep = 0; // length of text up to the last character that is not an unescaped blank
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? "";
    if (c !== "\\") {
      text += c;
      if (!BLANK.has(c)) keep = text.length;
      continue;
    }
    const e = raw[++i] ?? "";
    if (e === "u") {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { ok: false, message: `malformed \\uXXXX escape "\\u${hex}"` };
      text += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      text += SIMPLE_ESCAPES[e] ?? e;
    }
    keep = text.length;
  }
  return { ok: true, text: trimEnd ? text.slice(0, keep) : text };
}

/** Where the key ends: the first unescaped `=`, `:` or blank. */
function keyEnd(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "\\") i++;
    else if (c === "=" || c === ":" || BLANK.has(c)) return i;
  }
  return text.length;
}

function valueStart(text: string, from: number): number {
  let i = skipBlanks(text, from);
  if (text[i] === "=" || text[i] === ":") i = skipBlanks(text, i + 1);
  return i;
}

export function parseProperties(source: string): PropertiesResult {
  const entries: PropertyEntry[] = [];
  for (const { text, line } of logicalLines(source)) {
    const end = keyEnd(text);
    const key = unescape(text.slice(0, end), false);
    const value = unescape(text.slice(valueStart(text, end)), true);
    if (!key.ok) return { ok: false, line, message: key.message };
    if (!value.ok) return { ok: false, line, message: value.message };
    entries.push({ key: key.text, value: value.text, line });
  }
  return { ok: true, entries };
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f" };

/** Backslashes, tab/newline/return/form feed, other control characters; non-ASCII stays as is (UTF-8). */
function escapeCommon(c: string): string | undefined {
  if (c === "\\") return "\\\\";
  const simple = CONTROL_ESCAPES[c];
  if (simple !== undefined) return simple;
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `\\u${code.toString(16).padStart(4, "0")}`;
  return undefined;
}

/** A key: every blank, `=` and `:` escaped, and a leading `#` or `!` (which would start a comment). */
export function escapeKey(key: string): string {
  return [...key].map((c, i) => escapeCommon(c) ??
    (c === " " || c === "=" || c === ":" || (i === 0 && (c === "#" || c === "!")) ? `\\${c}` : c)).join("");
}

/** A value: spaces escaped only where a reader would drop them, at the start and (this reader) the end. */
export function escapeValue(value: string): string {
  const escaped = [...value].map((c) => escapeCommon(c) ?? c).join("");
  return escaped.replace(/^ +| +$/g, (blanks) => "\\ ".repeat(blanks.length));
}

/** One `key=value` line that parseProperties (and java.util.Properties) reads back exactly. */
export function formatProperty(key: string, value: string): string {
  return `${escapeKey(key)}=${escapeValue(value)}`;
}
