// Runs the compiled ./mq, building it first when it is missing.
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(ROOT, "mq");

export function ensureBinary(): void {
  if (existsSync(BINARY)) return;
  const build = Bun.spawnSync(["npm", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`npm run build failed: ${build.stderr.toString()}`);
}

export interface Run { code: number | null; stdout: string; stderr: string }

export function mq(args: string[], opts: { cwd?: string; env?: Record<string, string>; binary?: string } = {}): Run {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" };
  const result = Bun.spawnSync([opts.binary ?? BINARY, ...args], {
    cwd: opts.cwd ?? ROOT, env: { ...env, ...opts.env }, stdin: "ignore", timeout: 20_000,
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}
