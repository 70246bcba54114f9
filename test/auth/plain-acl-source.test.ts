// plain_acl.yml hot reload: a changed file replaces the rules; a broken one keeps the rules in
// force and logs what is wrong (never the secret).
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/common/index.ts";
import { PlainAclSource } from "../../src/auth/index.ts";

const sample = readFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), "utf8");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "mq-acl-source-"));
  dirs.push(dir);
  const file = join(dir, "plain_acl.yml");
  writeFileSync(file, sample);
  const lines: string[] = [];
  const source = new PlainAclSource(file, createLogger({ level: "info", write: (l) => lines.push(l) }), 60_000);
  return { file, lines, source };
}

test("a changed file replaces the rules at the next check", () => {
  const { file, source } = setup();
  expect(source.rules.accounts.get("RocketMQ")!.resources.get("topicC")).toBeDefined();
  writeFileSync(file, sample.replace("      - topicC=SUB\n", "      - topicC=PUB\n      - topicD=PUB\n"));
  const results: boolean[] = [];
  source.onReload((ok) => results.push(ok));
  source.poll();
  expect(results).toEqual([true]);
  expect(source.rules.accounts.get("RocketMQ")!.resources.get("topicD")).toBeDefined();
});

test("a broken file keeps the previous rules and logs the key and line that are wrong", () => {
  const { file, lines, source } = setup();
  const before = source.rules;
  writeFileSync(file, sample.replace("admin: true", "admin: sometimes").replace("secretKey: 12345678\n    whiteRemoteAddress:\n    admin: s", "secretKey: s3cr3t-value\n    whiteRemoteAddress:\n    admin: s"));
  const results: boolean[] = [];
  source.onReload((ok) => results.push(ok));
  source.poll();
  expect(results).toEqual([false]);
  expect(source.rules).toBe(before);
  const logged = lines.join("");
  expect(logged).toContain("previous rules stay in force");
  expect(logged).toContain("accounts[1](rocketmq2).admin must be true or false");
  expect(logged).toContain("plain_acl.yml:21:");
  expect(logged).not.toContain("s3cr3t-value");
  // Unchanged since: nothing more happens.
  source.poll();
  expect(results).toEqual([false]);
});

test("a missing file at start says what to write", () => {
  expect(() => new PlainAclSource("/nonexistent/conf/plain_acl.yml", createLogger({ level: "error" }))).toThrow(/aclEnable=true but the ACL file/);
});
