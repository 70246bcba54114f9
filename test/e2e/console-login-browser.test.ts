// The console's login in chromium against `mq all-in-one` with ACL 1.0 on (RocketMQ's example
// plain_acl.yml): a page sends the visitor to the login page, a wrong secret is refused there, the
// admin account logs in and reaches every page, creates a topic and an account (the ACL page),
// logs out, and a change is then refused; a non-admin account reads, and its change is refused
// with what to do. Screenshots of the login and ACL pages are saved in the test's temp directory
// (MQ_CONSOLE_SCREENSHOTS=dir copies them there, for the README).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { allInOne } from "./all-in-one.ts";
import { chromiumReady, launchChromium, screenshots } from "./browser.ts";
import { killAll, tempDir } from "./harness.ts";

const ready = chromiumReady();
const dir = tempDir("mq-console-login-");
const shots = join(dir, "screenshots");
const aclFile = join(dir, "plain_acl.yml");
const STEP_TIMEOUT_MS = 60_000;

let browser: Browser;
let page: Page;
let base: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(shots, { recursive: true });
  copyFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), aclFile);
  const aio = await allInOne(dir, ["--aclEnable=true", `--aclFile=${aclFile}`]);
  base = `http://127.0.0.1:${aio.consolePort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

const shot = screenshots(() => page, shots, ["login", "acl"]);

const text = (selector: string) => page.locator(selector).innerText();

async function logIn(accessKey: string, secretKey: string): Promise<void> {
  await page.fill("#login-form input[name=accessKey]", accessKey);
  await page.fill("#login-form input[name=secretKey]", secretKey);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.click("#login-form button[type=submit]")]);
}

/** What a change sent from the page (same origin, as the page script would, with no CSRF token) answers. */
const changeStatus = () =>
  page.evaluate<number>(`fetch("/api/topics", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic: "AfterLogout" }) }).then((r) => r.status)`);

describe.skipIf(!ready)("the console's login in a browser", () => {
  test("a page sends the visitor to the login page; a wrong secret is refused there without saying which half was wrong", async () => {
    await page.goto(`${base}/topics`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await text("h1")).toBe("Log in");
    await shot("login");
    await page.fill("#login-form input[name=accessKey]", "rocketmq2");
    await page.fill("#login-form input[name=secretKey]", "not-the-secret");
    await page.click("#login-form button[type=submit]");
    await page.locator("#result.bad").waitFor();
    expect(await text("#result")).toBe("the access key or the secret key is wrong");
  }, STEP_TIMEOUT_MS);

  test("the admin account logs in, lands on the page it asked for, and every page answers", async () => {
    await logIn("rocketmq2", "12345678");
    expect(new URL(page.url()).pathname).toBe("/topics");
    expect(await text("#user")).toBe("rocketmq2");
    for (const path of ["/", "/cluster", "/topics", "/consumers", "/producers", "/messages", "/dlq", "/trace", "/acl", "/ops"]) {
      const res = await page.goto(`${base}${path}`);
      expect([path, res?.status()]).toEqual([path, 200]);
    }
  }, STEP_TIMEOUT_MS);

  test("the admin creates a topic from the topic page and an account from the ACL page, which lists accounts without secrets", async () => {
    await page.goto(`${base}/topics`);
    await page.fill("input[name=topic]", "LoginBrowserTopic");
    await Promise.all([page.waitForEvent("load"), page.click("form[data-api] button[type=submit]")]);
    await page.locator("a", { hasText: /^LoginBrowserTopic$/ }).waitFor();
    await page.goto(`${base}/acl`);
    await page.fill("#account-form input[name=accessKey]", "browserUser");
    await page.fill("#account-form input[name=secretKey]", "browserSecret1");
    await page.fill("#account-form input[name=topicPerms]", "LoginBrowserTopic=PUB|SUB");
    await page.click("#account-form button[type=submit]");
    await page.locator("#account-result.ok").waitFor();
    expect(readFileSync(aclFile, "utf8")).toContain("browserUser");
    await page.reload();
    const accounts = await text("#accounts");
    expect(accounts).toContain("browserUser");
    expect(accounts).toContain("LoginBrowserTopic=PUB|SUB");
    expect(await page.content()).not.toContain("browserSecret1");
    expect(await page.content()).not.toContain("12345678");
    await shot("acl");
  }, STEP_TIMEOUT_MS);

  test("logout goes to the login page, and a change from the page is then refused", async () => {
    await page.goto(`${base}/topics`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.click("#logout")]);
    expect(await changeStatus()).toBe(401);
    await page.goto(`${base}/topics`);
    expect(new URL(page.url()).pathname).toBe("/login");
  }, STEP_TIMEOUT_MS);

  test("a non-admin account reads the topics, and its change is refused with the account and what to do", async () => {
    await page.goto(`${base}/login?next=/topics`);
    await logIn("RocketMQ", "12345678");
    await page.locator("a", { hasText: /^LoginBrowserTopic$/ }).waitFor();
    await page.fill("input[name=topic]", "ReaderBrowserTopic");
    await page.click("form[data-api] button[type=submit]");
    await page.locator("#result.bad").waitFor();
    const refusal = await text("#result");
    expect(refusal).toContain("the cluster's ACL refused this for RocketMQ");
    expect(refusal).toContain("log in with an admin account");
    await shot("refused");
    expect(pageErrors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
