// plain_acl.yml read as RocketMQ reads it, and mistakes reported by key and line without the secret.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addressMatcher, AclFileError, parsePlainAcl, Perm, retryTopic } from "../../src/auth/index.ts";

const sample = readFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), "utf8");

describe("parsePlainAcl", () => {
  test("reads RocketMQ's own example file: accounts, default and per-resource permissions, globals", () => {
    const rules = parsePlainAcl(sample);
    const user = rules.accounts.get("RocketMQ")!;
    expect(user.secretKey).toBe("12345678");
    expect(user.admin).toBe(false);
    expect(user.defaultTopicPerm).toBe(Perm.DENY);
    expect(user.defaultGroupPerm).toBe(Perm.SUB);
    expect(user.resources.get("topicB")).toBe(Perm.PUB | Perm.SUB);
    expect(user.resources.get(retryTopic("groupA"))).toBe(Perm.DENY);
    expect(rules.accounts.get("rocketmq2")!.admin).toBe(true);
    expect(rules.globalWhiteRemoteAddresses[0]!("10.10.103.7")).toBe(true);
    expect(rules.globalWhiteRemoteAddresses[0]!("10.10.104.7")).toBe(false);
  });

  test("a wrong permission names the key, the account and the line", () => {
    const bad = sample.replace("topicC=SUB", "topicC=READ");
    expect(() => parsePlainAcl(bad, "plain_acl.yml")).toThrow(
      new AclFileError('plain_acl.yml:13: accounts[0](RocketMQ).topicPerms has "topicC=READ"; write name=PUB, SUB, PUB|SUB or DENY (e.g. topicA=SUB)'),
    );
  });

  test("a short secret is refused without the secret in the message", () => {
    const bad = sample.replace("secretKey: 12345678\n    whiteRemoteAddress:\n    admin: true", "secretKey: abc\n    whiteRemoteAddress:\n    admin: true");
    let message = "";
    try {
      parsePlainAcl(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("accounts[1].secretKey (account rocketmq2) must be at least 7 characters");
    expect(message).not.toContain("abc");
  });

  test("a file that is not YAML says near which line", () => {
    expect(() => parsePlainAcl("accounts:\n  - accessKey: [RocketMQ\n", "f.yml")).toThrow(/^f\.yml:2: not valid YAML/);
  });
});

describe("addressMatcher", () => {
  test("takes RocketMQ's patterns: *, exact, trailing wildcards, a range, a list, blank for no one", () => {
    expect(addressMatcher("*")!("1.2.3.4")).toBe(true);
    expect(addressMatcher("192.168.1.*")!("192.168.1.77")).toBe(true);
    expect(addressMatcher("192.168.*.*")!("192.169.1.77")).toBe(false);
    expect(addressMatcher("192.168.1.10-20")!("192.168.1.15")).toBe(true);
    expect(addressMatcher("192.168.1.10-20")!("192.168.1.21")).toBe(false);
    expect(addressMatcher("192.168.1.{1,2}")!("192.168.1.2")).toBe(true);
    expect(addressMatcher("192.168.1.{1,2}")!("192.168.1.3")).toBe(false);
    expect(addressMatcher("")!("127.0.0.1")).toBe(false);
    expect(addressMatcher("192.168.1")).toBeUndefined();
  });
});
