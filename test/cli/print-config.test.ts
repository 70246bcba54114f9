// `-p` prints a .properties file: fed back through -c (or `mq config check -c`) it loads without an
// error or notice and gives the same effective values, for each role command.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseProperties } from "../../src/common/config/index.ts";
import { ensureBinary, mq, ROOT } from "./binary.ts";

let dir = "";
beforeAll(() => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "mq-print-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function values(text: string): Record<string, string> {
  const parsed = parseProperties(text);
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.message}`);
  return Object.fromEntries(parsed.entries.map((e) => [e.key, e.value]));
}

/** The comment line right above `key=`. */
function sourceOf(text: string, key: string): string | undefined {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.startsWith(`${key}=`));
  return i > 0 ? lines[i - 1] : undefined;
}

/** -p, then the output fed back through -c and through `config check`. */
function roundTrip(command: string, args: string[]) {
  const first = mq([command, ...args, "-p"], { cwd: dir });
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  const file = join(dir, `${command}-eff.properties`);
  writeFileSync(file, first.stdout);
  const check = mq(["config", "check", "-c", file], { cwd: dir });
  const second = mq([command, "-c", file, "-p"], { cwd: dir });
  return { first, file, check, second };
}

const TRICKY = " lead\\back#hash=eq:colon\tüñí 汉 trail  ";

describe("-p output loads back to the same configuration", () => {
  test("broker -c conf/broker-a.properties -p: config check passes and a second -p gives the same values", () => {
    const { first, file, check, second } = roundTrip("broker", ["-c", join(ROOT, "conf", "broker-a.properties")]);
    expect(check).toEqual({ code: 0, stdout: `${file}: ok for broker and namesrv\n`, stderr: "" });
    expect(second.stderr).toBe("");
    expect(values(second.stdout)).toEqual(values(first.stdout));
    expect(values(first.stdout).brokerId).toBe("0");
    expect(sourceOf(first.stdout, "brokerName")).toBe(`# ${join(ROOT, "conf", "broker-a.properties")}:7`);
    expect(sourceOf(second.stdout, "brokerName")).toMatch(new RegExp(`^# ${file}:\\d+$`));
  });

  test("namesrv -p: config check passes and a second -p gives the same values", () => {
    const { first, check, second } = roundTrip("namesrv", ["--listenPort=19876"]);
    expect(check.code).toBe(0);
    expect(check.stderr).toBe("");
    expect(values(second.stdout)).toEqual(values(first.stdout));
    expect(values(first.stdout).listenPort).toBe("19876");
    expect(sourceOf(first.stdout, "listenPort")).toBe("# command line");
  });

  test("all-in-one -p: role-prefixed keys that config check and all-in-one -c read back", () => {
    const { first, check, second } = roundTrip("all-in-one", ["--namesrv-port", "19877"]);
    expect(check.code).toBe(0);
    expect(check.stderr).toBe("");
    expect(values(second.stdout)).toEqual(values(first.stdout));
    expect(values(first.stdout)["namesrv.listenPort"]).toBe("19877");
    expect(values(first.stdout)["broker.namesrvAddr"]).toBe("127.0.0.1:19877");
    expect(sourceOf(first.stdout, "namesrv.listenPort")).toBe("# default (all-in-one)");
  });

  test("a value with blanks, backslashes, separators, a tab and non-ASCII letters survives the round trip", () => {
    const { first, check, second } = roundTrip("broker", [`--brokerClusterName=${TRICKY}`]);
    expect(check.code).toBe(0);
    expect(values(first.stdout).brokerClusterName).toBe(TRICKY);
    expect(values(second.stdout).brokerClusterName).toBe(TRICKY);
    expect(first.stdout).toContain("üñí 汉"); // UTF-8 as is, not \uXXXX
  });

  test("keys mq accepts but ignores are printed commented out while at their default, so reading back says nothing", () => {
    const run = mq(["namesrv", "-p"], { cwd: dir });
    expect(run.stdout).toMatch(/^# default, no effect in mq\n#productEnvName=center$/m);
  });
});
