// `mq --version`: mq's release, then the Bun runtime and the git commit baked in by the build.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MQ_VERSION } from "../../src/common/index.ts";
import { sourceCommit } from "../../scripts/build.ts";
import { ensureBinary, mq, ROOT } from "./binary.ts";

let dir = "";
beforeAll(() => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "mq-version-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdout: "pipe", stderr: "pipe" });

describe("mq --version", () => {
  test("--version, -v and version print mq's version, then Bun's and the commit it was built from", async () => {
    const run = mq(["--version"]);
    expect(run.code).toBe(0);
    const [first, second, rest] = run.stdout.split("\n");
    expect(first).toBe(`mq ${MQ_VERSION}`);
    const pkg = (await Bun.file(join(ROOT, "package.json")).json()) as { devDependencies: { bun: string } };
    const match = /^bun (\S+), commit (\S+)$/.exec(second ?? "");
    expect(match?.[1]).toBe(pkg.devDependencies.bun);
    expect(rest).toBe("");
    expect(mq(["-v"])).toEqual(run);
    expect(mq(["version"])).toEqual(run);

    const commit = match?.[2] ?? "";
    if (sourceCommit(ROOT) === "unknown") {
      expect(commit).toBe("unknown");
    } else {
      expect(commit).toMatch(/^[0-9a-f]{7,}$/);
      expect(git(ROOT, "cat-file", "-e", `${commit}^{commit}`).exitCode).toBe(0); // a commit of this repository
    }
  });

  test("the build's commit is HEAD's short hash at the top of a git work tree", () => {
    const repo = join(dir, "repo");
    mkdirSync(repo);
    expect(git(repo, "init", "-q").exitCode).toBe(0);
    expect(git(repo, "commit", "-q", "--allow-empty", "-m", "one").exitCode).toBe(0);
    expect(sourceCommit(repo)).toBe(git(repo, "rev-parse", "--short", "HEAD").stdout.toString().trim());
  });

  test("the build's commit is unknown outside git, and not taken from a repository the sources merely sit in", () => {
    const plain = join(dir, "plain");
    mkdirSync(plain);
    expect(sourceCommit(plain)).toBe("unknown");
    const outer = join(dir, "outer");
    mkdirSync(outer);
    expect(git(outer, "init", "-q").exitCode).toBe(0);
    expect(git(outer, "commit", "-q", "--allow-empty", "-m", "outer").exitCode).toBe(0);
    const nested = join(outer, "unpacked-tarball");
    mkdirSync(nested);
    expect(sourceCommit(nested)).toBe("unknown");
  });
});
