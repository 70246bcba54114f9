// Run-time configuration changes: only declared run-time keys, never a path-like key, all or
// nothing; the persisted file gives back only valid run-time keys.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkConfigUpdate, isPathLikeKey, RuntimeOverrides } from "../../src/common/config/index.ts";

const RUNTIME = ["brokerPermission", "maxMessageSize"];

describe("checkConfigUpdate", () => {
  test("every path-like key is refused as such, known to RocketMQ or not", () => {
    for (const key of ["rocketmqHome", "storePathRootDir", "storePathCommitLog", "brokerConfigPath", "configStorePath", "kvConfigPath",
      "configBlackList", "abortFile", "someNewDir", "pluginHome", "dataFiles", "storePathEpochFile"]) {
      expect(isPathLikeKey(key)).toBe(true);
      expect(checkConfigUpdate("broker", `${key}=/tmp/x\n`, RUNTIME)).toMatchObject({ ok: false, refusal: "path" });
    }
    for (const key of ["brokerPermission", "fileReservedTime", "deleteWhen", "maxMessageSize"]) expect(isPathLikeKey(key)).toBe(false);
  });

  test("a key holding a secret is never changed at run time", () => {
    for (const key of ["secretKey", "innerClientAuthenticationCredentials", "sslPassword", "accessToken"]) {
      expect(checkConfigUpdate("broker", `${key}=x`, [...RUNTIME, key])).toMatchObject({ ok: false, refusal: "secret" });
    }
  });

  test("one refused key refuses the whole update", () => {
    expect(checkConfigUpdate("broker", "brokerPermission=4\nrocketmqHome=/tmp\n", RUNTIME)).toMatchObject({ ok: false, refusal: "path" });
    expect(checkConfigUpdate("broker", "brokerPermission=4\nlistenPort=1\n", RUNTIME)).toMatchObject({ ok: false, refusal: "start-only" });
  });

  test("run-time keys come back typed; unknown keys get did-you-mean; bad values say what is expected", () => {
    expect(checkConfigUpdate("broker", "brokerPermission=4\nmaxMessageSize=1024\n", RUNTIME)).toEqual({ ok: true, values: { brokerPermission: 4, maxMessageSize: 1024 } });
    const typo = checkConfigUpdate("broker", "brokerPermision=4", RUNTIME);
    expect(typo.ok === false && typo.remark).toContain("did you mean brokerPermission?");
    const bad = checkConfigUpdate("broker", "brokerPermission=all", RUNTIME);
    expect(bad.ok === false && bad.remark).toBe("brokerPermission=all: expected an integer from 0 to 7");
  });
});

describe("RuntimeOverrides", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "mq-overrides-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("save merges and load gives the values back", () => {
    const o = new RuntimeOverrides(join(dir, "config", "broker.properties"), "broker", RUNTIME);
    o.save({ brokerPermission: 4 });
    o.save({ maxMessageSize: 2048 });
    expect(o.load()).toEqual({ values: { brokerPermission: 4, maxMessageSize: 2048 }, notices: [] });
  });

  test("a file edited to hold a path-like or start-only key gives back only the run-time keys, with notices", () => {
    const file = join(dir, "broker.properties");
    writeFileSync(file, "brokerPermission=2\nrocketmqHome=/tmp/evil\nlistenPort=1\n");
    const loaded = new RuntimeOverrides(file, "broker", RUNTIME).load();
    expect(loaded.values).toEqual({ brokerPermission: 2 });
    expect(loaded.notices).toHaveLength(2);
  });
});
