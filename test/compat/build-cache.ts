// Builds of the compat scenarios are reused while their inputs are unchanged: a SHA-256 of the
// input files' paths and contents is kept beside the output, and a build runs only when it differs.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { spawnProc } from "../e2e/harness.ts";

/** Every file under dir, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

export function inputsHash(root: string, inputs: string[]): string {
  const hash = createHash("sha256");
  for (const path of [...inputs].sort()) hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
  return hash.digest("hex");
}

/** Runs build() unless stampPath holds hash and outputsOk() holds; then records hash. */
export async function buildUnlessFresh(stampPath: string, hash: string, outputsOk: () => boolean, build: () => Promise<void>): Promise<void> {
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === hash && outputsOk()) return;
  await build();
  mkdirSync(dirname(stampPath), { recursive: true });
  writeFileSync(stampPath, hash);
}

/** Runs a build tool to completion within timeoutMs; throws with the end of its output if it fails. */
export async function runTool(cmd: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<void> {
  const proc = spawnProc(cmd[0] as string, cmd, { cwd: opts.cwd, env: opts.env });
  const timer = setTimeout(() => void proc.kill("SIGKILL"), opts.timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${cmd.join(" ")} in ${opts.cwd} exited ${code}:\n${proc.tail(60)}`);
}
