// ACL 2.0's decisions as pure functions: password logins (for the console), resource matching and
// the order of policy entries (literal before prefix, longer prefix first, Custom before Default).
import { describe, expect, test } from "bun:test";
import type { AuthAcl, AuthUser } from "../../src/common/index.ts";
import { authorize, covers, ipInRange, parseResource, verifyPassword } from "../../src/auth/index.ts";

const users: Record<string, AuthUser> = {
  alice: { username: "alice", password: "alicePass1", userType: "Normal", userStatus: "enable" },
  off: { username: "off", password: "offPass123", userType: "Normal", userStatus: "disable" },
};
const userOf = (name: string) => users[name];

test("verifyPassword: right, wrong, unknown and disabled users, in RocketMQ's words", () => {
  expect(verifyPassword("alice", "alicePass1", userOf)).toEqual({ allowed: true });
  expect(verifyPassword("alice", "alicePass2", userOf)).toEqual({ allowed: false, reason: "check signature failed." });
  expect(verifyPassword("alice", "alicePass", userOf)).toEqual({ allowed: false, reason: "check signature failed." });
  expect(verifyPassword("bob", "x", userOf)).toEqual({ allowed: false, reason: "User:bob is not found." });
  expect(verifyPassword("off", "offPass123", userOf)).toEqual({ allowed: false, reason: "User:off is disabled." });
});

describe("resources", () => {
  test("parse literal, prefixed, any-of-type and anything; match only what they cover", () => {
    const t = parseResource("Topic:orders")!;
    expect(covers(parseResource("Topic:orders")!, t)).toBe(true);
    expect(covers(parseResource("topic:ord*")!, t)).toBe(true);
    expect(covers(parseResource("Topic:*")!, t)).toBe(true);
    expect(covers(parseResource("*")!, t)).toBe(true);
    expect(covers(parseResource("Group:orders")!, t)).toBe(false);
    expect(covers(parseResource("Topic:orders2")!, t)).toBe(false);
    expect(parseResource("Queue:x")).toBeUndefined();
  });

  test("source IPs: exact or CIDR", () => {
    expect(ipInRange("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(ipInRange("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(ipInRange("127.0.0.1", "127.0.0.1")).toBe(true);
  });
});

test("the most specific entry decides; Default policies count only when no Custom entry matches", () => {
  const acl: AuthAcl = {
    subject: "User:alice",
    policies: [
      { policyType: "Custom", entries: [
        { resource: "Topic:a*", actions: ["Pub"], sourceIps: [], decision: "Deny" },
        { resource: "Topic:ab*", actions: ["Pub"], sourceIps: [], decision: "Allow" },
        { resource: "Topic:abc", actions: ["Pub"], sourceIps: [], decision: "Deny" },
      ] },
      { policyType: "Default", entries: [{ resource: "*", actions: ["All"], sourceIps: [], decision: "Allow" }] },
    ],
  };
  const pub = (topic: string) => authorize({
    username: "alice", ip: "127.0.0.1", userOf, aclOf: () => acl,
    needs: [{ resource: parseResource(`Topic:${topic}`)!, actions: ["Pub"] }],
  }).allowed;
  expect([pub("abx"), pub("abc"), pub("ax"), pub("zzz")]).toEqual([true, false, false, true]);
});
