// RocketMQ 4.9's ACL files: plain_acl.yml and every *.yml / *.yaml under conf/acl are in force at
// once (PlainPermissionManager); each file reloads alone when it changes, files come and go with
// the directory, and a broken file names its file:line and keeps its previous rules.
import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/common/index.ts";
import { PlainAclSource } from "../../src/auth/index.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const account = (key: string, extra = "") => `  - accessKey: ${key}\n    secretKey: secret-of-${key}\n${extra}`;
const yml = (accounts: string[], globals: string[] = []) =>
  `${globals.length ? `globalWhiteRemoteAddresses:\n${globals.map((g) => `  - ${g}\n`).join("")}` : ""}accounts:\n${accounts.join("")}`;

function setup(files: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), "mq-acl-files-"));
  dirs.push(home);
  mkdirSync(join(home, "conf", "acl", "team"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(home, "conf", name), text);
  const lines: string[] = [];
  const log = createLogger({ level: "info", write: (l) => lines.push(l) });
  const make = () => new PlainAclSource(join(home, "conf", "plain_acl.yml"), log, 60_000, join(home, "conf", "acl"));
  return { home, lines, make, path: (name: string) => join(home, "conf", name) };
}

test("every *.yml and *.yaml under conf/acl, subdirectories too, is in force with plain_acl.yml; global white lists add up", () => {
  const { make } = setup({
    "plain_acl.yml": yml([account("mainUser1")], ["10.0.0.*"]),
    "acl/a.yml": yml([account("teamUserA")], ["192.168.1.*"]),
    "acl/team/b.yaml": yml([account("teamUserB")]),
    "acl/notes.txt": "not an ACL file",
  });
  const source = make();
  expect([...source.rules.accounts.keys()].sort()).toEqual(["mainUser1", "teamUserA", "teamUserB"]);
  expect(source.rules.globalWhiteRemoteAddresses).toHaveLength(2);
  expect(source.versions().map(([f]) => f.split("/conf/")[1])).toEqual(["acl/a.yml", "acl/team/b.yaml", "plain_acl.yml"]);
  expect(source.fileOf("teamUserB")).toEndWith("/conf/acl/team/b.yaml");
  expect(source.fileOf("someoneNew")).toEndWith("/conf/plain_acl.yml");
});

test("an accessKey defined in two files belongs to the first (the directory's before plain_acl.yml), with a warning", () => {
  const { make, lines } = setup({
    "plain_acl.yml": yml([account("sharedKey1", "    admin: true\n")]),
    "acl/a.yml": yml([account("sharedKey1")]),
  });
  const source = make();
  expect(source.rules.accounts.get("sharedKey1")?.admin).toBe(false);
  expect(source.fileOf("sharedKey1")).toEndWith("/conf/acl/a.yml");
  expect(lines.join("")).toContain("ACL accessKey defined in more than one ACL file");
});

test("a changed file reloads alone; a broken one names its file:line and keeps its rules while another file's change applies", () => {
  const { make, path, lines } = setup({ "plain_acl.yml": yml([account("mainUser1")]), "acl/a.yml": yml([account("teamUserA")]) });
  const source = make();
  const results: boolean[] = [];
  source.onReload((ok) => results.push(ok));
  writeFileSync(path("acl/a.yml"), yml([account("teamUserA", "    admin: sometimes\n")]));
  writeFileSync(path("plain_acl.yml"), yml([account("mainUser1"), account("mainUser2")]));
  source.poll();
  expect(results).toEqual([false]);
  expect(source.rules.accounts.has("teamUserA")).toBe(true);
  expect(source.rules.accounts.has("mainUser2")).toBe(true);
  expect(lines.join("")).toMatch(/conf\/acl\/a\.yml:4: accounts\[0\]\(teamUserA\)\.admin must be true or false/);
  source.poll(); // nothing changed since: nothing happens
  expect(results).toEqual([false]);
  writeFileSync(path("acl/a.yml"), yml([account("teamUserA", "    admin: true\n")]));
  source.poll();
  expect(results).toEqual([false, true]);
  expect(source.rules.accounts.get("teamUserA")?.admin).toBe(true);
});

test("a file added to conf/acl joins the rules at the next check, and one removed leaves them", () => {
  const { make, path } = setup({ "plain_acl.yml": yml([account("mainUser1")]) });
  const source = make();
  writeFileSync(path("acl/team/new.yml"), yml([account("newcomer1")]));
  source.poll();
  expect(source.rules.accounts.has("newcomer1")).toBe(true);
  unlinkSync(path("acl/team/new.yml"));
  source.poll();
  expect(source.rules.accounts.has("newcomer1")).toBe(false);
  expect(source.rules.accounts.has("mainUser1")).toBe(true);
});

test("without plain_acl.yml the directory's files are enough; a broken one at start names its file:line", () => {
  const ok = setup({ "acl/a.yml": yml([account("teamUserA")]) });
  expect([...ok.make().rules.accounts.keys()]).toEqual(["teamUserA"]);
  const bad = setup({ "plain_acl.yml": yml([account("mainUser1")]), "acl/a.yml": yml([account("short")]) });
  expect(() => bad.make()).toThrow(/conf\/acl\/a\.yml:2: accounts\[0\]\.accessKey must be at least 7 characters/);
});

test("change() writes the file named, and a new file only when asked", () => {
  const { make, path } = setup({ "acl/a.yml": yml([account("teamUserA")]) });
  const source = make();
  source.change((doc) => ({ ...doc, globalWhiteRemoteAddresses: ["10.1.1.*"] }), path("acl/a.yml"));
  expect(source.rules.globalWhiteRemoteAddresses).toHaveLength(1);
  source.change((doc) => ({ ...doc, accounts: [{ accessKey: "mainUser1", secretKey: "secret-of-main" }] }));
  expect(source.fileOf("mainUser1")).toEndWith("/conf/plain_acl.yml");
  expect(source.versions()).toHaveLength(2);
});
