// `npm run build`: compiles ./mq with the git commit it is built from baked in, for `mq --version`.
// Outside a git checkout of this repository (a tarball, git missing) the commit is "unknown": the
// build never fails for want of git.
import { realpathSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");

function git(cwd: string, ...args: string[]): string | undefined {
  try {
    const run = Bun.spawnSync(["git", ...args], { cwd, stdout: "pipe", stderr: "ignore" });
    return run.exitCode === 0 ? run.stdout.toString().trim() : undefined;
  } catch {
    return undefined; // no git on this machine
  }
}

/** HEAD's short hash when `root` is the top of a git work tree, else "unknown" (not another repository's). */
export function sourceCommit(root: string): string {
  const top = git(root, "rev-parse", "--show-toplevel");
  if (top === undefined || realpathSync(top) !== realpathSync(root)) return "unknown";
  return git(root, "rev-parse", "--short", "HEAD") ?? "unknown";
}

if (import.meta.main) {
  const commit = sourceCommit(ROOT);
  const build = Bun.spawnSync([
    process.execPath, "build", "--compile", "--bytecode", "--format=esm",
    "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig",
    "--define", `MQ_BUILD_COMMIT=${JSON.stringify(commit)}`,
    "src/main.ts", "src/store/index-worker.ts", "--outfile", "mq",
  ], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  process.exit(build.exitCode ?? 1);
}
