import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MQ_VERSION } from "../../src/common/index.ts";
import { printedLine } from "../config/printed.ts";
import { ensureBinary, mq, ROOT } from "./binary.ts";

let dir = "";
beforeAll(() => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "mq-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mq's command line", () => {
  test("MQ_VERSION is package.json's version", async () => {
    const pkg = (await Bun.file(join(ROOT, "package.json")).json()) as { version: string };
    expect(MQ_VERSION).toBe(pkg.version);
  });

  test("--help lists the commands and exits 0", () => {
    const run = mq(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage:\n  $ mq <command> [options]");
    expect(run.stdout).toMatch(/^ {2}config <action> /m);
  });

  test("<command> --help shows the command's options", () => {
    const run = mq(["config", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("$ mq config <action>");
    expect(run.stdout).toContain("-c, --config <file>");
  });

  test("an unknown command exits 2 with a suggestion", () => {
    const run = mq(["confgi", "check"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("mq: unknown command confgi (did you mean config?)\nRun `mq --help` for usage.\n");
  });

  test("an unknown option exits 2 with a suggestion", () => {
    const run = mq(["config", "check", "--confg", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("mq: unknown option --confg (did you mean --config?)\nRun `mq config --help` for usage.\n");
    expect(mq(["--verbose"]).code).toBe(2);
  });

  test("no command prints the help and exits 2", () => {
    const run = mq([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Commands:");
    expect(run.stderr).toContain("a command is required");
  });

  test("config check reports a typo with its line and exits 2", () => {
    const file = join(dir, "typo.properties");
    writeFileSync(file, "brokerName=a\nflushDiskTyp=SYNC_FLUSH\n");
    const run = mq(["config", "check", "-c", file, "--role", "broker"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`mq: ${file}:2: flushDiskTyp: unknown key (did you mean flushDiskType?)\n`);
  });

  test("config check -p prints each value's source, environment included", () => {
    const run = mq(["config", "check", "-c", "conf/broker-a.properties", "--role", "broker", "-p"],
      { env: { NAMESRV_ADDR: "10.0.0.1:9876" } });
    expect(run.code).toBe(0);
    const line = (key: string) => printedLine(run.stdout, key);
    expect(line("brokerName")).toBe("brokerName=broker-a # conf/broker-a.properties:7");
    expect(line("namesrvAddr")).toBe("namesrvAddr=10.0.0.1:9876 # env NAMESRV_ADDR");
    expect(line("haListenPort")).toBe("haListenPort=10912 # default (listenPort+1)");
  });

  test("copied alone into an empty directory, it runs and ignores .env and bunfig.toml there", () => {
    const lonely = mkdtempSync(join(dir, "alone-"));
    const binary = join(lonely, "mq");
    copyFileSync(join(ROOT, "mq"), binary);
    writeFileSync(join(lonely, "ok.properties"), "listenPort=9877\n");
    const args = ["config", "check", "-c", "ok.properties", "--role", "namesrv"];
    // Control: the same check fails when MQ_LOG_LEVEL really is set to nonsense.
    expect(mq(args, { cwd: lonely, binary, env: { MQ_LOG_LEVEL: "nonsense" } }).code).toBe(2);
    writeFileSync(join(lonely, ".env"), "MQ_LOG_LEVEL=nonsense\n");
    writeFileSync(join(lonely, "preload.ts"), 'console.log("PRELOADED");\n');
    writeFileSync(join(lonely, "bunfig.toml"), 'preload = ["./preload.ts"]\n');
    const run = mq(args, { cwd: lonely, binary });
    expect(run).toEqual({ code: 0, stdout: "ok.properties: ok for namesrv\n", stderr: "" });
  });
});
