import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CHECKED_ROLES, legacyKeys, loadConfig, rocketmqClasses, schemaOf, type JavaKind, type Role,
} from "../../src/common/config/index.ts";

let dir = "";
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "mq-rocketmq-keys-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SAMPLE: Readonly<Record<JavaKind, string>> = { int: "1", long: "1", double: "0.5", bool: "true", string: "x" };

/** A value the key accepts: mq's default for a key mq reads, else one of its Java type. */
function sampleValue(role: Role, key: string, kind: JavaKind): string {
  const spec = schemaOf(role)[legacyKeys[key] ?? key];
  return spec !== undefined && typeof spec.default !== "function" ? String(spec.default) : SAMPLE[kind];
}

describe("RocketMQ's keys", () => {
  for (const role of CHECKED_ROLES) {
    test(`every key of RocketMQ's ${role} classes loads for ${role}; each one mq does not read has a notice`, () => {
      const kinds = new Map(rocketmqClasses(role).flatMap((cls) => Object.entries(cls.keys)).reverse());
      const keys = [...kinds.keys()];
      const path = file(`${role}-all.conf`, keys.map((k) => `${k}=${sampleValue(role, k, kinds.get(k) ?? "string")}`).join("\n"));
      const outcome = loadConfig([role], { file: path });
      expect(outcome.ok ? [] : outcome.errors).toEqual([]);
      const noticed = new Set(outcome.notices.filter((n) => n.includes("has no effect in mq")).map((n) => n.split(": ")[1]?.split(" ")[0]));
      const unread = keys.filter((k) => {
        const spec = schemaOf(role)[legacyKeys[k] ?? k];
        return spec === undefined || spec.ignored === true;
      });
      expect(keys.filter((k) => noticed.has(k) !== unread.includes(k))).toEqual([]);
      expect(keys.length).toBeGreaterThan(role === "broker" ? 400 : 40);
    });
  }

  test("checkTransactionMessageEnable, a RocketMQ 3 key still in copied broker.conf files, loads with a notice", () => {
    const path = file("v3.conf", "brokerName=broker-a\ncheckTransactionMessageEnable=false\n");
    const outcome = loadConfig(["broker"], { file: path });
    expect(outcome).toEqual({ ok: true, roles: expect.anything(), notices: [
      `${path}:2: checkTransactionMessageEnable is a RocketMQ 3 key (its transaction store, removed in 2014; ` +
        "RocketMQ 4 and 5 skip it); it has no effect in mq",
    ] });
  });

  test("a key mq once declared without reading it loads with a notice naming the fixed path", () => {
    const outcome = loadConfig(["broker"], { flags: [{ key: "storePathConsumeQueue", value: "/elsewhere" }] });
    expect(outcome.notices).toEqual(["command line --storePathConsumeQueue is not a RocketMQ key: consume queues are " +
      "always in <storePathRootDir>/consumequeue; it has no effect in mq"]);
  });

  test("a RocketMQ key mq does not read still has its value checked against its Java type", () => {
    const path = file("bad-type.conf", "heartbeatThreadPoolNums=soon\n");
    const outcome = loadConfig(["broker"], { file: path });
    expect(outcome.ok ? [] : outcome.errors).toEqual([`${path}:1: heartbeatThreadPoolNums = "soon": expected an integer`]);
  });

  test("a key no RocketMQ has is an error with the closest RocketMQ key", () => {
    const path = file("typo-rocketmq.conf", "enableControllerInNamesrvv=true\n");
    const outcome = loadConfig(["namesrv"], { file: path });
    expect(outcome.ok ? [] : outcome.errors)
      .toEqual([`${path}:1: enableControllerInNamesrvv: unknown key (did you mean enableControllerInNamesrv?)`]);
  });

  test("a RocketMQ name server key in a broker file is not read by the broker", () => {
    const outcome = loadConfig(["broker"], { flags: [{ key: "enableControllerInNamesrv", value: "true" }] });
    expect(outcome.notices).toEqual(["command line --enableControllerInNamesrv is not read by broker; ignored"]);
  });

  test("a controller's file is checked against RocketMQ's controller keys; its Raft keys have no effect in mq", () => {
    const path = file("controller.conf", "controllerDLegerGroup=group1\nbrokerName=b\n");
    const outcome = loadConfig(["controller"], { file: path });
    expect(outcome).toEqual({ ok: true, roles: expect.anything(), notices: [
      `${path}:1: controllerDLegerGroup is accepted but has no effect in mq (mq's controller has no Raft group)`,
      `${path}:2: brokerName is not read by controller; ignored`,
    ] });
  });
});

describe("XML comments in a .properties file", () => {
  test("a <!-- … --> block is skipped with one notice, and the keys after it are read", () => {
    const path = file("xml.conf", "<!--\n  Some licence text: it reads as keys\n  to java.util.Properties\n  -->\nlistenPort = 9886\n");
    const outcome = loadConfig(["namesrv"], { file: path });
    expect(outcome.ok && outcome.roles.namesrv.config.listenPort).toBe(9886);
    expect(outcome.notices).toEqual([`${path}:1-4: an XML comment (<!-- … -->), which .properties does not have; skipped`]);
  });

  test("an unclosed <!-- is no comment: its lines are keys as Java reads them", () => {
    const path = file("unclosed.conf", "<!--\nlistenPort = 9886\n");
    const outcome = loadConfig(["namesrv"], { file: path });
    expect(outcome.ok ? [] : outcome.errors).toEqual([`${path}:1: <!--: unknown key`]);
  });
});
