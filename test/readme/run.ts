// Runs the README's marked blocks in order, exactly as written, and prints one `@@result {json}`
// line per block. Meant to run inside a network and pid namespace of its own (see namespace.ts),
// where RocketMQ's default ports are free, the only addresses are loopback and one TEST-NET
// address (as a machine with a LAN card has), and every process it starts dies with it.
//
// The commands run in a fresh directory that holds links to this repository's mq, conf, src,
// scripts and test, with HOME inside it, so ./mq-data, ~/store and ~/logs start empty.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { forEachLine } from "../e2e/lines.ts";
import { checkStep, parseReadme, type Block, type Step } from "./parse.ts";

const ROOT = resolve(import.meta.dir, "../..");
/** What blocks marked `needs: all-in-one` (the default) run against, started at the first of them. */
const SHARED_ALL_IN_ONE: Step = {
  command: "./mq all-in-one", expects: [], exitCode: 0, mode: { kind: "background", until: /The broker\[.*boot success/ }, timeoutMs: 20_000,
};
const STOP_MS_MAX = 20_000;
/** Lines of a step's output reported back (its expectations saw all of them). */
const OUTPUT_LINES_MAX = 60;

export interface StepResult { command: string; exitCode: number | null; output: string[]; failures: string[]; skipped?: string }
export interface BlockResult { index: number; skipped?: string; steps: StepResult[] }

/** A running command: its merged output lines, awaitable. */
class Running {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(readonly child: Subprocess<"ignore", "pipe", "pipe">) {
    const onLine = (line: string) => {
      this.output.push(line);
      for (const w of this.waiters) w();
    };
    const pumped = Promise.all([forEachLine(child.stdout, onLine), forEachLine(child.stderr, onLine)]);
    this.exited = Promise.all([child.exited, pumped]).then(([code]) => code);
  }

  /** True once a line matches; false if the process exits first or timeoutMs passes. */
  async until(re: RegExp, timeoutMs: number): Promise<boolean> {
    const seen = () => this.output.some((l) => re.test(l));
    if (seen()) return true;
    return new Promise((done) => {
      const timer = setTimeout(() => done(seen()), timeoutMs);
      this.waiters.push(() => seen() && (clearTimeout(timer), done(true)));
      void this.exited.then(() => (clearTimeout(timer), done(seen())));
    });
  }

  /** Signals the whole process group, as a terminal's Ctrl-C does. */
  signal(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      // already gone
    }
  }

  /** The exit status, or null (and the group SIGKILLed) if it has not exited within ms. */
  async exitWithin(ms: number): Promise<number | null> {
    const timer = new Promise<"late">((r) => setTimeout(() => r("late"), ms));
    const code = await Promise.race([this.exited, timer]);
    if (code !== "late") return code;
    this.signal("SIGKILL");
    await this.exited;
    return null;
  }
}

function workDir(): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), "mq-readme-"));
  for (const entry of ["mq", "conf", "src", "scripts", "test", "package.json", "dist"]) symlinkSync(join(ROOT, entry), join(cwd, entry));
  // node_modules: the repository's packages, plus this package itself as "mq" (the README imports it so).
  mkdirSync(join(cwd, "node_modules"));
  for (const entry of readdirSync(join(ROOT, "node_modules"))) symlinkSync(join(ROOT, "node_modules", entry), join(cwd, "node_modules", entry));
  symlinkSync(ROOT, join(cwd, "node_modules", "mq"));
  const home = join(cwd, "home");
  mkdirSync(home);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", CI: process.env.CI ?? "" };
  return { cwd, env };
}

function spawn(step: Step, lang: Block["lang"], at: { cwd: string; env: Record<string, string> }, n: number): Running {
  const command = step.drop === undefined ? step.command : step.command.slice(step.drop.length);
  let argv = ["bash", "-c", command];
  if (lang !== "sh") {
    const file = join(at.cwd, `snippet-${n}.${lang === "js" ? "mjs" : "ts"}`);
    writeFileSync(file, command);
    argv = lang === "js" ? ["node", file] : [join(ROOT, "node_modules/.bin/bun"), file];
  }
  const child = Bun.spawn(argv, { cwd: at.cwd, env: at.env, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true });
  return new Running(child);
}

async function runStep(step: Step, lang: Block["lang"], at: ReturnType<typeof workDir>, n: number, background: Background[]): Promise<StepResult> {
  if (step.mode.kind === "skip") return { command: step.command, exitCode: null, output: [], failures: [], skipped: step.mode.reason };
  const running = spawn(step, lang, at, n);
  const result = (exitCode: number | null, extra: string[] = []): StepResult => ({
    command: step.command, exitCode, output: running.output, failures: [...extra, ...checkStep(step, running.output, exitCode)],
  });
  if (step.mode.kind === "run") return result(await running.exitWithin(step.timeoutMs), []);
  const seen = await running.until(step.mode.until, step.timeoutMs);
  if (!seen) {
    running.signal("SIGKILL");
    return result(await running.exited, [`no line matched ${step.mode.until} within ${step.timeoutMs} ms`]);
  }
  if (step.mode.kind === "background") {
    const later: StepResult = { command: step.command, exitCode: null, output: running.output, failures: [] };
    background.push({ running, step, result: later });
    return later;
  }
  running.signal("SIGINT");
  return result(await running.exitWithin(STOP_MS_MAX));
}

/** A command left running by `background until`, checked once it is stopped. */
interface Background { running: Running; step: Step; result: StepResult }

/** Stops what a block left running (SIGTERM, as `kill` or a service manager does); each must exit
 *  as its step says (0, a clean stop, unless told otherwise) with the lines it promised. */
async function stopBackground(background: Background[]): Promise<void> {
  for (const { running, step, result } of background.reverse()) {
    running.signal("SIGTERM");
    result.exitCode = await running.exitWithin(STOP_MS_MAX);
    result.failures.push(...checkStep(step, running.output, result.exitCode).map((f) => `after SIGTERM: ${f}`));
  }
  background.length = 0;
}

async function main(): Promise<void> {
  const blocks = parseReadme(readFileSync(join(ROOT, "README.md"), "utf8"));
  const at = workDir();
  const shared: Background[] = [];
  const emit = (r: BlockResult) => {
    const steps = r.steps.map((s) => ({ ...s, output: s.output.slice(-OUTPUT_LINES_MAX) }));
    process.stdout.write(`@@result ${JSON.stringify({ ...r, steps })}\n`);
  };
  for (const [index, block] of blocks.entries()) {
    if (block.skip !== undefined) {
      emit({ index, skipped: block.skip, steps: [] });
      continue;
    }
    // A block that stopped the shared all-in-one (mq shutdown) leaves it to be started again.
    if (block.needs === "nothing" || shared[0]?.running.child.exitCode !== null) await stopBackground(shared);
    const steps: StepResult[] = [];
    if (block.needs === "all-in-one" && shared.length === 0) {
      const r = await runStep(SHARED_ALL_IN_ONE, "sh", at, -1, shared);
      if (r.failures.length > 0) steps.push({ ...r, command: `(the shared all-in-one) ${r.command}` });
    }
    const background: Background[] = [];
    for (const [n, step] of block.steps.entries()) steps.push(await runStep(step, block.lang, at, index * 100 + n, background));
    await stopBackground(background);
    emit({ index, steps });
  }
  await stopBackground(shared);
}

await main();
process.exit(0);
