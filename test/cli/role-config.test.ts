import { describe, expect, test } from "bun:test";
import { splitArgs } from "../../src/cli/args.ts";
import { loadRoleConfig, loadRoleConfigs } from "../../src/cli/index.ts";

const declared = (name: string) => ["config", "namesrvAddr", "printConfig", "help", "c", "n", "p", "h"].includes(name);
const longNames = ["config", "namesrv-addr", "print-config", "help"];

describe("a role command's arguments", () => {
  test("config keys become settings with their text intact; declared options stay for cac", () => {
    const split = splitArgs(["-c", "f.conf", "--deleteWhen=04", "--brokerName", "b1", "--autoCreateTopicEnable", "-p"],
      declared, longNames, true);
    expect(split).toEqual({
      forCac: ["-c", "f.conf", "-p"],
      settings: [{ key: "deleteWhen", value: "04" }, { key: "brokerName", value: "b1" }, { key: "autoCreateTopicEnable", value: "true" }],
      errors: [],
    });
  });

  test("a misspelt option suggests a config key or a declared option", () => {
    expect(splitArgs(["--brokerNme=x", "--print-confg"], declared, longNames, true).errors).toEqual([
      "unknown option --brokerNme (did you mean --brokerName?)",
      "unknown option --print-confg (did you mean --print-config?)",
    ]);
  });

  test("a tool command does not take config keys", () => {
    expect(splitArgs(["--brokerName=x"], declared, longNames, false).errors).toEqual(["unknown option --brokerName"]);
  });

  test("-n sets namesrvAddr, and a later --namesrvAddr wins over it", () => {
    const one = loadRoleConfig("broker", { namesrvAddr: "a:1", settings: [] }, {});
    const two = loadRoleConfig("broker", { namesrvAddr: "a:1", settings: [{ key: "namesrvAddr", value: "b:2" }] }, {});
    expect(one.kind === "ok" && one.configs.broker.namesrvAddr).toBe("a:1");
    expect(two.kind === "ok" && two.configs.broker.namesrvAddr).toBe("b:2");
  });

  test("-p returns the effective configuration instead of configs", () => {
    const outcome = loadRoleConfig("namesrv", { printConfig: true, settings: [{ key: "listenPort", value: "9999" }] }, {});
    expect(outcome.kind).toBe("print");
    expect(outcome.kind === "print" && outcome.text).toContain("# command line\nlistenPort=9999\n");
  });

  test("printing several roles prefixes each key with its role", () => {
    const outcome = loadRoleConfigs(["namesrv", "broker"], { printConfig: true, settings: [] }, {});
    const text = outcome.kind === "print" ? outcome.text : "";
    expect(text).toContain("# default\nnamesrv.listenPort=9876\n");
    expect(text).toContain("# default\nbroker.listenPort=10911\n");
  });

  test("a bad value is an error, not a config", () => {
    const outcome = loadRoleConfig("broker", { settings: [{ key: "brokerRole", value: "MASTER" }] }, {});
    expect(outcome).toEqual({
      kind: "error", notices: [],
      errors: ['command line --brokerRole = "MASTER": expected one of ASYNC_MASTER, SYNC_MASTER, SLAVE'],
    });
  });
});
