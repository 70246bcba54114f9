import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig, type Role } from "../../src/common/config/index.ts";

const CONF = join(import.meta.dir, "..", "..", "conf");
const files: [string, Role[]][] = [
  ["namesrv.properties", ["namesrv"]],
  ["broker-a.properties", ["broker"]],
  ["all-in-one.properties", ["namesrv", "broker"]],
  ["controller/controller.properties", ["controller"]],
  ["controller/broker-n0.properties", ["broker"]],
  ["controller/broker-n1.properties", ["broker"]],
  ["controller/broker-n2.properties", ["broker"]],
];

describe("the shipped conf files", () => {
  for (const [name, roles] of files) {
    test(`${name} loads for ${roles.join(" and ")} without errors or notices`, () => {
      const outcome = loadConfig(roles, { file: join(CONF, name) });
      expect(outcome.ok ? [] : outcome.errors).toEqual([]);
      expect(outcome.notices).toEqual([]);
    });
  }

  test("all-in-one gives the two roles their usual ports", () => {
    const outcome = loadConfig(["namesrv", "broker"], { file: join(CONF, "all-in-one.properties") });
    expect(outcome.ok && [outcome.roles.namesrv.config.listenPort, outcome.roles.broker.config.listenPort])
      .toEqual([9876, 10911]);
  });
});
