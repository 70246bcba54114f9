// The login's parts on their own: the session cookie (signature, expiry), the failed-login limit,
// the session table's bound, and which broker answers count as an ACL refusal.
import { describe, expect, test } from "bun:test";
import { newCookieKey, openCookie, sealCookie } from "../../src/console/session/cookie.ts";
import { aclRefusal } from "../../src/console/session/cluster-acl.ts";
import { LoginLimit } from "../../src/console/session/login-limit.ts";
import { Sessions } from "../../src/console/session/sessions.ts";

describe("session cookie", () => {
  test("opens with the key it was sealed with, not with another console's key, and not once expired", () => {
    const key = newCookieKey();
    const cookie = sealCookie(key, "abc123", 2000);
    expect(openCookie(key, cookie, 1000)).toEqual({ ok: true, sessionId: "abc123", expiresAtMs: 2000 });
    expect(openCookie(newCookieKey(), cookie, 1000)).toMatchObject({ ok: false, why: expect.stringContaining("signature does not match") });
    expect(openCookie(key, cookie, 2000)).toEqual({ ok: false, why: "the session has expired" });
    expect(openCookie(key, cookie.replace("abc123", "abc124"), 1000).ok).toBe(false);
    expect(openCookie(key, "v1.abc123.2000", 1000).ok).toBe(false);
  });
});

describe("session table", () => {
  test("holds at most sessionsMax: the oldest is ended, and what it held is closed", () => {
    const closed: string[] = [];
    const sessions = new Sessions<{ close(): void }>({ key: newCookieKey(), sessionsMax: 2 });
    const made = ["a", "b", "c"].map((user) => sessions.open(user, () => ({ close: () => closed.push(user) })));
    expect(sessions.size).toBe(2);
    expect(closed).toEqual(["a"]);
    expect("why" in sessions.find(made[0]?.cookie)).toBe(true);
    expect(sessions.find(made[2]?.cookie)).toMatchObject({ session: { user: "c" } });
  });
});

describe("failed-login limit", () => {
  test("five failures for one key make it wait until the first leaves the window; other keys are not held up; a success forgets", () => {
    let nowMs = 0;
    const limit = new LoginLimit({ failuresMax: 5, windowMs: 60_000, now: () => nowMs });
    for (let i = 0; i < 5; i++, nowMs += 1000) limit.failed("k", "10.0.0.1");
    expect(limit.waitMs("k", undefined)).toBe(60_000 - 5000);
    expect(limit.waitMs("other", "10.0.0.1")).toBe(55_000);
    expect(limit.waitMs("other", "10.0.0.2")).toBe(0);
    nowMs = 60_001;
    expect(limit.waitMs("k", undefined)).toBe(0);
    limit.failed("j", undefined);
    limit.succeeded("j");
    expect(limit.waitMs("j", undefined)).toBe(0);
  });

  test("thirty failures in all hold up every key", () => {
    const limit = new LoginLimit({ now: () => 0 });
    for (let i = 0; i < 30; i++) limit.failed(`key-${i}`, undefined);
    expect(limit.waitMs("fresh", undefined)).toBeGreaterThan(0);
  });
});

describe("ACL refusal", () => {
  test("ACL 1.0's AclException and ACL 2.0's NO_PERMISSION are refusals; a handler's own failure after the check is not", () => {
    expect(aclRefusal({ code: 1, remark: "org.apache.rocketmq.acl.common.AclException: No accessKey is configured" })).toBe("1.0");
    expect(aclRefusal({ code: 16, remark: "username cannot be null." })).toBe("2.0");
    expect(aclRefusal({ code: 1, remark: "java.util.NoSuchElementException, java.base/java.util.LinkedList.getLast(LinkedList.java:261)" })).toBeUndefined();
    expect(aclRefusal({ code: 0, remark: undefined })).toBeUndefined();
  });
});
