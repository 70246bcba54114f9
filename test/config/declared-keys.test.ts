// Keeps the key tables honest: a key declared as read is read by something in src, and a declared
// key is RocketMQ's (so a RocketMQ file means the same to mq) unless it is one of mq's own, listed
// here. A new key that nothing reads fails the first test until it is wired or marked ignored.
import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rocketmqKey, ROLES, schemaOf, type Role } from "../../src/common/config/index.ts";

const ROOT = join(import.meta.dir, "..", "..");

/** Keys mq has that RocketMQ does not, and why. */
const MQ_OWN_KEYS: Readonly<Record<string, string>> = {
  adminAllowedAddresses: "who may change topics and groups (RocketMQ uses ACL)",
  slaveSynchronizeInterval: "how often a slave copies its master's metadata (RocketMQ fixes it at 10 s; tests need less)",
  logLevel: "mq's log level (RocketMQ uses logback.xml)",
  logsDir: "mq's log directory (RocketMQ uses logback.xml)",
  consoleEnable: "the web console in the binary (RocketMQ ships rocketmq-dashboard separately)",
  consolePort: "the web console's port",
  consoleAddress: "the web console's listen address",
  metricsEnable: "the broker's meters on or off (RocketMQ has none without an exporter; mq's console reads them)",
  aclEnable: "a broker key in RocketMQ 4.x; mq's NameServer checks signatures too",
  aclFile: "where plain_acl.yml is (RocketMQ: the system property rocketmq.acl.plain.file)",
  aclFileCheckInterval: "how often plain_acl.yml is checked for changes (RocketMQ: 5 s, fixed)",
  brokerChannelExpiredTime: "a name server constant in RocketMQ, a key in mq so tests can shorten it",
  controllerEtcdEndpoints: "controllerType=etcd's endpoints: mq keeps the controller's state in etcd where RocketMQ runs DLedger or jRaft",
};

const withoutComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

/** The code of src outside src/common/config, where configuration is declared, not used. */
const code = [...new Glob("src/**/*.ts").scanSync({ cwd: ROOT })]
  .filter((path) => !path.startsWith("src/common/config/"))
  .map((path) => withoutComments(readFileSync(join(ROOT, path), "utf8")))
  .join("\n");

/** Names taken apart in `const { a, b: c } = …`. */
const destructured = new Set([...code.matchAll(/\b(?:const|let|var)\s*\{([^}]*)\}\s*=/g)]
  .flatMap((m) => (m[1] ?? "").split(",").map((part) => part.split(":")[0]?.trim() ?? "")));

/** A key is read when some code outside the config module takes it from an object: `o.key`, or
 *  `const { key } = o`. Declaring it in an interface is not reading it. */
function isRead(key: string): boolean {
  return new RegExp(`\\.${key}\\b`).test(code) || destructured.has(key);
}

const declared = (role: Role) => Object.entries(schemaOf(role));

describe("the declared configuration keys", () => {
  test("the check finds a key read as a property, destructured, and not one only declared", () => {
    expect([isRead("storePathRootDir"), isRead("maxTransferCountOnMessageInMemory"), isRead("noSuchKeyAnywhere")])
      .toEqual([true, true, false]);
  });

  for (const role of ROLES) {
    test(`every ${role} key declared as read is read somewhere in src, or is marked ignored`, () => {
      const unread = declared(role).filter(([key, spec]) => !spec.ignored && !isRead(key)).map(([key]) => key);
      expect(unread).toEqual([]);
    });

    test(`every ${role} key is a key of RocketMQ's ${role}, or one of mq's own`, () => {
      const invented = declared(role).map(([key]) => key).filter((key) => !rocketmqKey(role, key) && !(key in MQ_OWN_KEYS));
      expect(invented).toEqual([]);
    });
  }
});
