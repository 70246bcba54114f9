// The console's login with ACL 1.0 on (RocketMQ's example plain_acl.yml: rocketmq2 is an admin
// account, RocketMQ is not), through app.request(): nothing shown before a login; a login checked
// by the broker, without saying which half was wrong, and rate limited; a signed HttpOnly
// SameSite=Strict cookie that expires; a CSRF token on every change; a non-admin account reads
// but its changes are refused; logout; and without ACL no login at all.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../../src/common/index.ts";
import { startConsoleCluster, type ConsoleCluster } from "./cluster.ts";
import { ConsoleUser } from "./login-client.ts";

const TTL_MS = 60_000;
let nowMs = Date.now();
let cluster: ConsoleCluster;
let aclFile = "";
const logLines: string[] = [];

beforeAll(async () => {
  cluster = await startConsoleCluster({
    broker: (dir) => {
      aclFile = join(dir, "plain_acl.yml");
      copyFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), aclFile);
      return { aclEnable: true, aclFile };
    },
    login: { ttlMs: TTL_MS, now: () => nowMs, log: createLogger({ level: "info", write: (l) => logLines.push(l) }) },
  });
});
afterAll(() => cluster.stop());

const user = () => new ConsoleUser(cluster.app);

describe("console login with ACL 1.0", () => {
  test("before a login a page redirects to /login and the API answers 401 saying how to log in", async () => {
    const page = await cluster.app.request("/topics?kind=ALL");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/topics?kind=ALL")}`);
    const api = await user().call("GET", "/api/topics");
    expect(api.status).toBe(401);
    expect(String(api.json.error)).toContain("POST /api/login");
    const login = await cluster.app.request("/login");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="secretKey"');
    const elsewhere = await (await cluster.app.request(`/login?next=${encodeURIComponent("//evil.example/x")}`)).text();
    expect(elsewhere).toContain('data-go="/"');
    expect((await cluster.app.request("/health")).status).toBe(200);
  });

  test("a wrong secret key and an unknown access key get the same 401 answer, and no cookie", async () => {
    const wrongSecret = await user().login("rocketmq2", "not-the-secret");
    const unknownKey = await user().login("nobody-at-all", "12345678");
    expect(wrongSecret.status).toBe(401);
    expect(unknownKey.status).toBe(401);
    expect(wrongSecret.json).toEqual(unknownKey.json);
    expect(wrongSecret.json).toEqual({ error: "the access key or the secret key is wrong" });
    expect(wrongSecret.headers.get("set-cookie")).toBeNull();
  });

  test("an admin login sets an HttpOnly SameSite=Strict cookie that expires; with it and the CSRF token a topic is created", async () => {
    const admin = user();
    const login = await admin.login("rocketmq2", "12345678");
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ user: "rocketmq2", acl: "1.0" });
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain(`Max-Age=${TTL_MS / 1000}`);
    expect(cookie).not.toContain("12345678");
    const created = await admin.call("POST", "/api/topics", { topic: "LoginTopic" });
    expect([created.status, created.json.topic]).toEqual([200, "LoginTopic"]);
    const topics = await admin.call("GET", "/api/topics");
    expect(JSON.stringify(topics.json)).toContain("LoginTopic");
    const page = await admin.call("GET", "/topics");
    expect(page.status).toBe(200);
    expect(String(page.json.text)).toContain(`<meta name="csrf-token" content="${admin.csrfToken}"/>`);
  });

  test("a change without the session's CSRF token, or with another session's, is refused with 403", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    const other = user();
    await other.login("rocketmq2", "12345678");
    const missing = await admin.call("POST", "/api/topics", { topic: "CsrfTopic" }, { "x-csrf-token": "" });
    expect(missing.status).toBe(403);
    expect(String(missing.json.error)).toContain("needs the session's CSRF token");
    const wrong = await admin.call("POST", "/api/topics", { topic: "CsrfTopic" }, { "x-csrf-token": other.csrfToken });
    expect(wrong.status).toBe(403);
    expect(String(wrong.json.error)).toContain("not this session's");
    expect(cluster.broker.context.topics.get("CsrfTopic")).toBeUndefined();
    expect((await admin.call("POST", "/api/topics", { topic: "CsrfTopic" })).status).toBe(200);
  });

  test("a cookie whose signature was changed, or whose expiry was moved later, names no session", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    const [version, id, expiry, signature] = admin.cookie.split(".") as [string, string, string, string];
    const flipped = signature.startsWith("A") ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    for (const forged of [`${version}.${id}.${expiry}.${flipped}`, `${version}.${id}.${Number(expiry) + 3600_000}.${signature}`, `${version}.${id}.${expiry}.`]) {
      const tampered = user();
      Object.assign(tampered, { cookie: forged, csrfToken: admin.csrfToken });
      const read = await tampered.call("GET", "/api/topics");
      expect(read.status).toBe(401);
      expect(String(read.json.error)).toContain("signature does not match");
    }
    expect((await admin.call("GET", "/api/topics")).status).toBe(200);
  });

  test("a session expires after its time to live: its cookie then answers 401", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    expect((await admin.call("GET", "/api/cluster")).status).toBe(200);
    nowMs += TTL_MS + 1;
    try {
      const late = await admin.call("GET", "/api/cluster");
      expect(late.status).toBe(401);
      expect(String(late.json.error)).toContain("expired");
    } finally {
      nowMs = Date.now() + TTL_MS + 1;
    }
  });

  test("a non-admin account logs in and reads, and its change is refused with 403 naming the account and what to do", async () => {
    const reader = user();
    expect((await reader.login("RocketMQ", "12345678")).status).toBe(200);
    expect((await reader.call("GET", "/api/cluster")).status).toBe(200);
    const refused = await reader.call("POST", "/api/topics", { topic: "ReaderTopic" });
    expect(refused.status).toBe(403);
    expect(String(refused.json.error)).toContain("the cluster's ACL refused this for RocketMQ");
    expect(String(refused.json.error)).toContain("Need admin permission");
    expect(String(refused.json.error)).toContain("log in with an admin account");
    expect(cluster.broker.context.topics.get("ReaderTopic")).toBeUndefined();
  });

  test("logout ends the session: the answer clears the cookie, and the old cookie no longer works", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    const out = await admin.call("POST", "/api/logout", {});
    expect([out.status, out.json.loggedOut]).toEqual([200, "rocketmq2"]);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    const after = await admin.call("POST", "/api/topics", { topic: "AfterLogout" });
    expect(after.status).toBe(401);
    expect(String(after.json.error)).toContain("the session has ended");
  });

  test("the ACL page's API shows ACL 1.0's file versions; an admin creates an account; no secret is ever answered", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    const created = await admin.call("POST", "/api/acl/accounts", { accessKey: "consoleUser1", secretKey: "consoleSecret1", topicPerms: "topicX=PUB" });
    expect([created.status, created.json.brokers]).toEqual([200, [cluster.broker.brokerAddr]]);
    expect(readFileSync(aclFile, "utf8")).toContain("consoleUser1");
    const acl = await admin.call("GET", "/api/acl");
    expect(acl.status).toBe(200);
    expect(acl.json).toMatchObject({ acl: "1.0", cluster: "DefaultCluster" });
    expect(JSON.stringify(acl.json)).not.toContain("consoleSecret1");
    expect(String(acl.json.accountsNote)).toContain("GET_BROKER_CLUSTER_ACL_CONFIG");
    expect((acl.json.versions as unknown[]).length).toBe(1);
    const page = await admin.call("GET", "/acl");
    expect(String(page.json.text)).toContain("File versions");
    const reader = user();
    await reader.login("RocketMQ", "12345678");
    expect((await reader.call("DELETE", "/api/acl/accounts/consoleUser1")).status).toBe(403);
    expect((await admin.call("DELETE", "/api/acl/accounts/consoleUser1")).status).toBe(200);
    expect(readFileSync(aclFile, "utf8")).not.toContain("consoleUser1");
  });

  test("an account the broker takes from the console's address without a signature cannot log in, even with its secret, and the log says why", async () => {
    const admin = user();
    await admin.login("rocketmq2", "12345678");
    const created = await admin.call("POST", "/api/acl/accounts", { accessKey: "whiteListed1", secretKey: "whiteSecret1", whiteRemoteAddress: "127.0.0.1", admin: true });
    expect(created.status).toBe(200);
    const right = await user().login("whiteListed1", "whiteSecret1");
    expect([right.status, right.json.error]).toEqual([401, "the access key or the secret key is wrong"]);
    expect(logLines.join("\n")).toContain("remove the console's address from that account's whiteRemoteAddress");
    expect(logLines.join("\n")).not.toContain("whiteSecret1");
  });

  test("failed logins are rate limited: after five for one access key, even the right secret is refused with 429", async () => {
    const guesser = user();
    for (let i = 0; i < 5; i++) expect((await guesser.login("ratelimited1", `guess-${i}`)).status).toBe(401);
    const sixth = await guesser.login("ratelimited1", "guess-5");
    expect(sixth.status).toBe(429);
    expect(String(sixth.json.error)).toMatch(/too many failed logins: try again in \d+ s/);
  });
});
