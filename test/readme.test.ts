// The README, tested: every ```sh, ```js and ```ts block carries a doctest marker (test/readme/
// parse.ts), and the marked blocks run in order, exactly as written, against the compiled ./mq,
// inside namespaces of their own (test/readme/namespace.ts) so RocketMQ's default ports are free.
// Each block is one test below, with the command, its exit status and the lines the README promises.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { ensureBinary, ROOT } from "./cli/binary.ts";
import { forEachLine } from "./e2e/lines.ts";
import { namespacesUnavailable, spawnInNamespace } from "./readme/namespace.ts";
import { parseReadme } from "./readme/parse.ts";
import type { BlockResult } from "./readme/run.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = parseReadme(README);
const BLOCK_MS_MAX = 180_000;

const unavailable = namespacesUnavailable();
if (unavailable !== undefined) {
  const say = `README doctest skipped: it needs network and pid namespaces (run as root): ${unavailable}`;
  if (process.env.CI === "true") throw new Error(say);
  process.stderr.write(`\n*** ${say} ***\n\n`);
}

const results = new Map<number, BlockResult>();
const waiting = new Map<number, () => void>();
let runner: Subprocess<"ignore", "pipe", "pipe"> | undefined;
let runnerLog: string[] = [];
let runnerDone: Promise<void> = Promise.resolve();

beforeAll(() => {
  if (unavailable !== undefined) return;
  ensureBinary();
  runner = spawnInNamespace([process.execPath, join(ROOT, "test/readme/run.ts")], ROOT);
  const onLine = (line: string) => {
    if (!line.startsWith("@@result ")) {
      runnerLog = [...runnerLog.slice(-40), line];
      return;
    }
    const result = JSON.parse(line.slice("@@result ".length)) as BlockResult;
    results.set(result.index, result);
    waiting.get(result.index)?.();
  };
  runnerDone = Promise.all([forEachLine(runner.stdout, onLine), forEachLine(runner.stderr, onLine), runner.exited]).then(() => {
    for (const resolve of waiting.values()) resolve();
  });
});

afterAll(async () => {
  runner?.kill("SIGKILL");
  await runnerDone;
});

function resultOf(index: number): Promise<BlockResult | undefined> {
  if (results.has(index) || runner?.exitCode !== null) return Promise.resolve(results.get(index));
  return new Promise((resolve) => waiting.set(index, () => resolve(results.get(index))));
}

test("every shell and code block of the README is marked as run or skipped with a reason", () => {
  // parseReadme throws on an unmarked block or a skip without a reason; this names the count.
  expect(blocks.length).toBeGreaterThan(10);
  expect(blocks.filter((b) => b.skip === undefined).length).toBeGreaterThan(blocks.length / 2);
});

describe.skipIf(unavailable !== undefined)("README", () => {
  for (const [index, block] of blocks.entries()) {
    const first = block.steps[0]?.command.split("\n")[0]?.slice(0, 60) ?? "";
    const name = `line ${block.line} (${block.section}): ${first}${block.skip ? ` — skipped: ${block.skip}` : ""}`;
    test(name, async () => {
      const result = await resultOf(index);
      if (result === undefined) throw new Error(`the README runner ended before this block; its last output:\n${runnerLog.join("\n")}`);
      if (block.skip !== undefined) return expect(result.skipped).toBe(block.skip);
      const failures = result.steps.flatMap((s) =>
        s.failures.length === 0 ? [] : [`$ ${s.command}\n  ${s.failures.join("\n  ")}\n  output:\n    ${s.output.slice(-25).join("\n    ")}`]);
      expect(failures.join("\n")).toBe("");
    }, BLOCK_MS_MAX);
  }
});
