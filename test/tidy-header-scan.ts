// The scan behind test/tidy-headers.test.ts: request headers built by hand, as object literals,
// outside their codecs in src/common/protocol.

/** Functions that send a request, and which argument is its header. */
const SENDERS: Readonly<Record<string, number>> = {
  request: 1, invokeOk: 3, invokeNamesrv: 2, invokeAllNamesrvs: 2, offsetCall: 3, offsetOf: 3,
};

/** Source with string and template contents and comments blanked, lengths kept. */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (m) => `"${" ".repeat(m.length - 2).replace(/[^\n]/g, " ")}"`)
    .replace(/\/\/[^\n]*/g, (m) => " ".repeat(m.length));
}

/** The top-level arguments of the call whose "(" is at `open`. */
function argsAt(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args.filter((a, n) => a !== "" || n > 0);
      }
    } else if (c === "," && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

const isLiteral = (arg: string): boolean => arg.startsWith("{") && arg.replace(/\s/g, "") !== "{}";

/** Why the file builds a header by hand, one line each: "line: sender(…) header". */
export function handBuiltHeaders(source: string): string[] {
  const text = code(source);
  const lineOf = (at: number) => text.slice(0, at).split("\n").length;
  const problems = new Map<number, string>();
  const literalVars = new Set([...text.matchAll(/\b(?:const|let|var)\s+(\w+)\s*(?::[^=;]+)?=\s*\{(?!\s*\})/g)].map((m) => m[1] ?? ""));
  for (const [sender, at] of Object.entries(SENDERS)) {
    for (const m of text.matchAll(new RegExp(`(?<![\\w.])${sender}\\s*\\(`, "g"))) {
      if (/\bfunction\s+$|(?:async\s+|private\s+|\.)$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
      const header = argsAt(text, m.index + m[0].length - 1)[at];
      if (header === undefined) continue;
      if (isLiteral(header) || literalVars.has(header)) problems.set(lineOf(m.index), `${sender}(…) ${header.replace(/\s+/g, " ").slice(0, 60)}`);
    }
  }
  // Any other call: a RequestCode followed by an object literal.
  for (const m of text.matchAll(/\bRequestCode\.\w+\s*,\s*\{/g)) {
    const brace = m.index + m[0].length - 1;
    if (isLiteral(argsAt(`(${text.slice(brace)}`, 0)[0] ?? "") && !/\[\s*$/.test(text.slice(Math.max(0, m.index - 10), m.index))) {
      if (!problems.has(lineOf(m.index))) problems.set(lineOf(m.index), `${m[0].replace(/\s+/g, " ")}…`);
    }
  }
  return [...problems].sort(([a], [b]) => a - b).map(([line, what]) => `${line}: ${what}`);
}
