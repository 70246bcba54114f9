// A plain_acl.yml that is wrong stops the role at start with the file, line and key, as a bad
// .properties file does, and no stack trace. (The README's ACL example starts the shipped
// conf/plain_acl.yml.)
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, mq } from "./binary.ts";

ensureBinary();
const dir = mkdtempSync(join(tmpdir(), "mq-acl-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a namesrv whose plain_acl.yml has a short accessKey exits 2 naming the file, line and key", () => {
  const file = join(dir, "plain_acl.yml");
  writeFileSync(file, "accounts:\n  - accessKey: app\n    secretKey: 12345678\n");
  const run = mq(["namesrv", "--aclEnable=true", `--aclFile=${file}`, "--listenPort=1"], { cwd: dir, env: { HOME: dir } });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`mq: ${file}:2: accounts[0].accessKey must be at least 7 characters`);
  expect(run.stderr).not.toContain("    at ");
});
