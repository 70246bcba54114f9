import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatConfig, loadConfig, type ConfigInput } from "../../src/common/config/index.ts";
import { printedLine } from "./printed.ts";

let dir = "";
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "mq-config-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function broker(input: ConfigInput) {
  const outcome = loadConfig(["broker"], input);
  if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
  return { ...outcome.roles.broker, notices: outcome.notices };
}

function errorsOf(input: ConfigInput, roles: ("broker" | "namesrv")[] = ["broker"]): string[] {
  const outcome = loadConfig(roles, input);
  return outcome.ok ? [] : outcome.errors;
}

describe("loading a role's configuration", () => {
  test("a typo is an error naming file, line and the closest key", () => {
    const path = file("typo.conf", "brokerClusterName=c\n# comment\nbrokerNmae=broker-a\n");
    expect(errorsOf({ file: path })).toEqual([`${path}:3: brokerNmae: unknown key (did you mean brokerName?)`]);
  });

  test("a key far from every known key gets no suggestion", () => {
    const path = file("far.conf", "zzzzzzzzzzzz=1\n");
    expect(errorsOf({ file: path })).toEqual([`${path}:1: zzzzzzzzzzzz: unknown key`]);
  });

  test("a legacy spelling sets the current key, with a notice", () => {
    const path = file("legacy.conf", "mapedFileSizeCommitLog=1048576\nhaSlaveFallbehindMax=1024\n");
    const { config, notices } = broker({ file: path });
    expect(config.mappedFileSizeCommitLog).toBe(1_048_576);
    expect(config.haMaxGapNotInSync).toBe(1024);
    expect(notices).toEqual([
      `${path}:1: mapedFileSizeCommitLog is the old spelling of mappedFileSizeCommitLog; read as mappedFileSizeCommitLog`,
      `${path}:2: haSlaveFallbehindMax is the old spelling of haMaxGapNotInSync; read as haMaxGapNotInSync`,
    ]);
  });

  test("a bad value says what was expected", () => {
    const path = file("bad.conf", "listenPort=70000\nflushDiskType=SOMETIMES\nautoCreateTopicEnable=yes\nbrokerId=x\n");
    expect(errorsOf({ file: path })).toEqual([
      `${path}:1: listenPort = "70000": expected an integer from 0 to 65535`,
      `${path}:2: flushDiskType = "SOMETIMES": expected one of ASYNC_FLUSH, SYNC_FLUSH`,
      `${path}:3: autoCreateTopicEnable = "yes": expected true or false`,
      `${path}:4: brokerId = "x": expected a whole number of at least -1`,
    ]);
  });

  test("an empty store directory, kvConfigPath or broker name is refused with file, line and key instead of failing later at mkdir", () => {
    const path = file("empty.conf", "storePathRootDir=\nbrokerName=\nbrokerClusterName=\nstorePathCommitLog=\nkvConfigPath=\n");
    const expected = "expected a non-empty value (leave the key out for its default)";
    expect(errorsOf({ file: path }, ["broker", "namesrv"])).toEqual([
      `${path}:1: storePathRootDir = "": ${expected}`,
      `${path}:2: brokerName = "": ${expected}`,
      `${path}:3: brokerClusterName = "": ${expected}`,
      `${path}:4: storePathCommitLog = "": ${expected}`,
      `${path}:5: kvConfigPath = "": ${expected}`,
    ]);
    expect(errorsOf({ file: file("blank.conf", "storePathRootDir=   \n") })).toHaveLength(1);
  });

  test("a missing file is an error", () => {
    expect(errorsOf({ file: join(dir, "absent.conf") })[0]).toStartWith(`cannot read config file ${join(dir, "absent.conf")}`);
  });

  test("keys RocketMQ has but mq ignores load with a notice", () => {
    const path = file("ignored.conf", "transientStorePoolEnable=true\nenableDLegerCommitLog=false\n");
    const { config, notices } = broker({ file: path });
    expect(config.transientStorePoolEnable).toBe(true);
    expect(notices).toEqual([
      `${path}:1: transientStorePoolEnable is accepted but has no effect in mq (mq has no off-heap write buffers)`,
      `${path}:2: enableDLegerCommitLog is accepted but has no effect in mq (mq has no DLedger (Raft) commitlog)`,
    ]);
  });

  test("merges defaults < file < environment < command line", () => {
    const path = file("merge.conf", "namesrvAddr=file:9876\nbrokerName=from-file\nlistenPort=20911\n");
    const { config, sources } = broker({
      file: path,
      env: { NAMESRV_ADDR: "env:9876", MQ_LOG_LEVEL: "debug" },
      flags: [{ key: "listenPort", value: "30911" }],
    });
    expect([config.brokerName, config.namesrvAddr, config.logLevel, config.listenPort, config.fileReservedTime])
      .toEqual(["from-file", "env:9876", "debug", 30911, 72]);
    expect(sources.brokerName).toEqual({ kind: "file", path, line: 2 });
    expect(sources.namesrvAddr).toEqual({ kind: "env", name: "NAMESRV_ADDR" });
    expect(sources.listenPort).toEqual({ kind: "flag" });
    expect(sources.fileReservedTime).toEqual({ kind: "default" });
  });

  test("computed defaults follow the values they derive from", () => {
    const { config } = broker({ flags: [{ key: "listenPort", value: "12000" }, { key: "storePathRootDir", value: "/data/s" }] });
    expect([config.haListenPort, config.storePathCommitLog, config.brokerIP2]).toEqual([12001, "/data/s/commitlog", config.brokerIP1]);
  });

  test("the same key has each role's own default", () => {
    const outcome = loadConfig(["broker", "namesrv"], {});
    expect(outcome.ok && [outcome.roles.broker.config.listenPort, outcome.roles.namesrv.config.listenPort])
      .toEqual([10911, 9876]);
  });

  test("a role prefix sets one role only", () => {
    const path = file("aio.conf", "namesrv.listenPort=19876\nbroker.listenPort=20911\nfileReservedTime=24\n");
    const outcome = loadConfig(["broker", "namesrv"], { file: path });
    if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
    expect([outcome.roles.namesrv.config.listenPort, outcome.roles.broker.config.listenPort]).toEqual([19876, 20911]);
    expect(outcome.roles.broker.config.fileReservedTime).toBe(24);
  });

  test("a key of the other role is ignored with a notice", () => {
    const outcome = loadConfig(["namesrv"], { flags: [{ key: "brokerName", value: "b" }] });
    expect(outcome).toEqual({ ok: true, roles: expect.anything(), notices: ["command line --brokerName is not read by namesrv; ignored"] });
  });

  test("a mistyped flag is an error with a suggestion", () => {
    expect(errorsOf({ flags: [{ key: "listenPrt", value: "1" }] }, ["namesrv"]))
      .toEqual(["command line --listenPrt: unknown key (did you mean listenPort?)"]);
  });

  test("the config object is frozen", () => {
    const { config } = broker({});
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("print-config shows where each value came from", () => {
    const path = file("print.conf", "\n\nbrokerName=printed\n");
    const { config, sources } = broker({ file: path, env: { NAMESRV_ADDR: "h:1" }, flags: [{ key: "brokerId", value: "0" }] });
    const text = formatConfig("broker", { config, sources });
    const line = (key: string) => printedLine(text, key);
    expect(line("brokerName")).toBe(`brokerName=printed # ${path}:3`);
    expect(line("namesrvAddr")).toBe("namesrvAddr=h:1 # env NAMESRV_ADDR");
    expect(line("brokerId")).toBe("brokerId=0 # command line");
    expect(line("fileReservedTime")).toBe("fileReservedTime=72 # default");
    expect(line("haListenPort")).toBe("haListenPort=10912 # default (listenPort+1)");
    expect(line("realTimeNotifyConsumerChange")).toBeUndefined();
    expect(text).toContain("# default, no effect in mq\n#realTimeNotifyConsumerChange=true\n");
  });
});
