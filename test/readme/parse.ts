// The README's code blocks and the doctest marker each one carries.
//
// Every ```sh, ```js and ```ts block is preceded by an HTML comment (invisible when rendered):
//
//   <!-- doctest: skip REASON -->         not run; the reason says why (a benchmark, this test's
//                                         own command …)
//   <!-- doctest                          run, with expectations per command:
//   needs: nothing                        the block starts its own servers (default: the shared
//                                         `./mq all-in-one` is running before the block)
//   1: /regex/; /regex/ x10; no /re/      some output line matches; exactly 10 match; none does
//   2: exit 1                             the exit status (default 0)
//   3: background until /re/              leave it running once a line matches; at the block's end
//                                         it gets SIGTERM and must exit 0
//   4: interrupt after /re/               Ctrl-C (SIGINT) once a line matches, then check the rest
//   5: drop "npm ci && ": REASON          run the command without that prefix
//   6: skip: REASON                       this command is not run
//   7: timeout 40s
//   -->
//
// A shell block's commands are its lines that are neither blank nor comments (a line ending in a
// backslash continues on the next). A js or ts block is one command, run by node or bun.

export type Lang = "sh" | "js" | "ts";

export interface Expect { re: RegExp; count?: number; absent?: boolean }

export interface Step {
  command: string;
  expects: Expect[];
  exitCode: number;
  mode: { kind: "run" } | { kind: "background" | "interrupt"; until: RegExp } | { kind: "skip"; reason: string };
  drop?: string;
  timeoutMs: number;
}

export interface Block {
  /** 1-based line of the opening fence in the README. */
  line: number;
  section: string;
  lang: Lang;
  needs: "all-in-one" | "nothing";
  skip?: string;
  steps: Step[];
}

const LANGS: Readonly<Record<string, Lang>> = { sh: "sh", bash: "sh", shell: "sh", js: "js", javascript: "js", ts: "ts", typescript: "ts" };
const STEP_TIMEOUT_MS = 30_000;

/** Every marked or runnable-language block of the README, in order; throws on a malformed marker. */
export function parseReadme(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^#{1,6} /.test(line)) section = line.replace(/^#+ /, "");
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence === null) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end < 0) throw new Error(`README:${i + 1}: code block never closed`);
    const lang = LANGS[fence[1] ?? ""];
    if (lang !== undefined) blocks.push(makeBlock(lines, i, end, lang, section));
    i = end;
  }
  return blocks;
}

function makeBlock(lines: string[], open: number, close: number, lang: Lang, section: string): Block {
  const where = `README:${open + 1}`;
  const marker = markerAbove(lines, open);
  if (marker === undefined) throw new Error(`${where}: a ${lang} block without a <!-- doctest … --> marker`);
  const body = lines.slice(open + 1, close);
  const commands = lang === "sh" ? shellCommands(body) : [body.join("\n")];
  const block: Block = { line: open + 1, section, lang, needs: "all-in-one", steps: commands.map(plainStep) };
  const skip = /^skip\b:?\s*(.*)$/s.exec(marker.trim());
  if (skip !== null) {
    if (!skip[1]) throw new Error(`${where}: doctest skip needs a reason`);
    return { ...block, skip: skip[1].trim() };
  }
  for (const raw of marker.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const needs = /^needs:\s*(all-in-one|nothing)$/.exec(raw);
    if (needs !== null) {
      block.needs = needs[1] as Block["needs"];
      continue;
    }
    const item = /^(\d+):\s*(.+)$/.exec(raw);
    const step = item === null ? undefined : block.steps[Number(item[1]) - 1];
    if (item === null || step === undefined) throw new Error(`${where}: doctest line not understood: ${raw}`);
    for (const part of itemsOf(item[2] ?? "")) applyItem(step, part, where);
  }
  return block;
}

/** The text of the `<!-- doctest … -->` comment ending on the line above the fence (blank lines allowed). */
function markerAbove(lines: string[], open: number): string | undefined {
  let end = open - 1;
  while (end >= 0 && (lines[end] ?? "").trim() === "") end--;
  if (!(lines[end] ?? "").trim().endsWith("-->")) return undefined;
  let start = end;
  while (start >= 0 && !(lines[start] ?? "").includes("<!--")) start--;
  const comment = lines.slice(start, end + 1).join("\n");
  const m = /<!--\s*doctest:?([\s\S]*?)-->\s*$/.exec(comment);
  return m?.[1];
}

function shellCommands(body: string[]): string[] {
  const commands: string[] = [];
  let pending = "";
  for (const line of body) {
    if (pending === "" && (line.trim() === "" || line.trim().startsWith("#"))) continue;
    pending += line;
    if (line.endsWith("\\")) {
      pending = pending.slice(0, -1) + "\n";
      continue;
    }
    commands.push(pending);
    pending = "";
  }
  if (pending) commands.push(pending);
  return commands;
}

function plainStep(command: string): Step {
  return { command, expects: [], exitCode: 0, mode: { kind: "run" }, timeoutMs: STEP_TIMEOUT_MS };
}

/** A command's items; a `skip:` reason runs to the end of the line, semicolons and all. */
function itemsOf(text: string): string[] {
  const parts = splitItems(text);
  const skip = parts.findIndex((p) => p.startsWith("skip:"));
  return skip < 0 ? parts : [...parts.slice(0, skip), parts.slice(skip).join("; ")];
}

/** What may stand before a /regex/ in an item (a slash elsewhere is just a character). */
const REGEX_BEFORE = new Set(["", "no", "background until", "interrupt after"]);

/** Splits on `;` outside /regex/ and drop's "prefix". */
function splitItems(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let inside: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inside !== undefined) {
      if (c === "\\") {
        current += c + (text[++i] ?? "");
        continue;
      }
      if (c === inside) inside = undefined;
    } else if ((c === "/" && REGEX_BEFORE.has(current.trim())) || (c === '"' && current.trim() === "drop")) inside = c;
    else if (c === ";") {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function regex(text: string, where: string): RegExp {
  const m = /^\/(.*)\/$/.exec(text.trim());
  if (m === null) throw new Error(`${where}: expected /regex/, got ${text}`);
  return new RegExp(m[1] ?? "");
}

function applyItem(step: Step, item: string, where: string): void {
  let m: RegExpExecArray | null;
  if ((m = /^(\/.*\/)\s*(?:[x×]\s*(\d+))?$/.exec(item))) {
    step.expects.push({ re: regex(m[1] ?? "", where), count: m[2] === undefined ? undefined : Number(m[2]) });
  } else if ((m = /^no\s+(\/.*\/)$/.exec(item))) {
    step.expects.push({ re: regex(m[1] ?? "", where), absent: true });
  } else if ((m = /^exit\s+(\d+)$/.exec(item))) {
    step.exitCode = Number(m[1]);
  } else if ((m = /^(background until|interrupt after)\s+(\/.*\/)$/.exec(item))) {
    step.mode = { kind: m[1] === "background until" ? "background" : "interrupt", until: regex(m[2] ?? "", where) };
  } else if ((m = /^skip:\s*(.+)$/.exec(item))) {
    step.mode = { kind: "skip", reason: m[1] ?? "" };
  } else if ((m = /^drop\s+"([^"]+)":\s*(.+)$/.exec(item))) {
    if (!step.command.startsWith(m[1] ?? "")) throw new Error(`${where}: the command does not start with "${m[1]}"`);
    step.drop = m[1];
  } else if ((m = /^timeout\s+(\d+)s$/.exec(item))) {
    step.timeoutMs = Number(m[1]) * 1000;
  } else {
    throw new Error(`${where}: doctest item not understood: ${item}`);
  }
}

/** What is wrong with a finished step's output and exit status; empty when it did what was promised. */
export function checkStep(step: Step, output: string[], exitCode: number | null): string[] {
  const failures: string[] = [];
  if (exitCode !== step.exitCode) failures.push(`exit status ${exitCode}, expected ${step.exitCode}`);
  for (const e of step.expects) {
    const matching = output.filter((l) => e.re.test(l)).length;
    if (e.absent && matching > 0) failures.push(`${matching} lines match ${e.re}, expected none`);
    else if (!e.absent && e.count !== undefined && matching !== e.count) failures.push(`${matching} lines match ${e.re}, expected ${e.count}`);
    else if (!e.absent && e.count === undefined && matching === 0) failures.push(`no line matches ${e.re}`);
  }
  return failures;
}
