// The checks of scripts/console-reference-acl.sh: `mq console -n` in front of Apache RocketMQ with
// ACL on (RMQ_REF_CONSOLE_ACL: 1.0 or 2.0; RMQ_REF_CONSOLE: the console's URL). One line per check
// on stdout; exit 1 when any failed.
const base = process.env.RMQ_REF_CONSOLE ?? "";
const acl = process.env.RMQ_REF_CONSOLE_ACL ?? "";
if (!base || (acl !== "1.0" && acl !== "2.0")) throw new Error("run scripts/console-reference-acl.sh (it sets RMQ_REF_CONSOLE and RMQ_REF_CONSOLE_ACL)");
const ADMIN = acl === "1.0" ? { accessKey: "rocketmq2", secretKey: "12345678" } : { accessKey: "rocketmq", secretKey: "12345678" };
const READER = acl === "1.0" ? { accessKey: "RocketMQ", secretKey: "12345678" } : { accessKey: "console-reader", secretKey: "readerPass1" };

let failed = 0;
function check(what: string, ok: boolean, shown: string): void {
  if (!ok) failed++;
  process.stdout.write(`${ok ? "ok  " : "FAIL"}  ${what}: ${shown}\n`);
}

interface Session {
  headers: Record<string, string>;
}
const JSON_TYPE = { "content-type": "application/json" };

async function call(path: string, init: { method?: string; body?: unknown; session?: Session } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? "GET", redirect: "manual",
    headers: { ...JSON_TYPE, ...init.session?.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, json, headers: res.headers };
}

async function login(keys: { accessKey: string; secretKey: string }) {
  const a = await call("/api/login", { method: "POST", body: keys });
  const cookie = (a.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { ...a, session: { headers: { cookie, "x-csrf-token": String(a.json.csrfToken ?? "") } } };
}

const before = await call("/topics");
check("a page before a login sends to /login", before.status === 302 && (before.headers.get("location") ?? "").startsWith("/login"),
  `HTTP ${before.status} ${before.headers.get("location") ?? ""}`);
const wrong = await login({ accessKey: ADMIN.accessKey, secretKey: "not-the-secret" });
check("a wrong secret is refused without saying which half", wrong.status === 401 && wrong.json.error === "the access key or the secret key is wrong",
  `HTTP ${wrong.status} ${String(wrong.json.error)}`);
const admin = await login(ADMIN);
check(`the admin account logs in (ACL ${acl})`, admin.status === 200 && admin.json.acl === acl, `HTTP ${admin.status} ${JSON.stringify(admin.json.acl ?? admin.json.error)}`);

const created = await call("/api/topics", { method: "POST", body: { topic: "ConsoleRefAclTopic" }, session: admin.session });
check("the admin creates a topic", created.status === 200, `HTTP ${created.status} ${JSON.stringify(created.json)}`);
const sent = await call("/api/topics/ConsoleRefAclTopic/send", { method: "POST", body: { body: "hello with ACL", keys: "acl-ref-1" }, session: admin.session });
check("the admin sends a test message", sent.status === 200 && sent.json.sendStatus === "SEND_OK", `HTTP ${sent.status} ${String(sent.json.sendStatus ?? sent.json.error)}`);
const topics = await call("/api/topics", { session: admin.session });
check("the topic list shows it", JSON.stringify(topics.json).includes("ConsoleRefAclTopic"), `HTTP ${topics.status}`);

const view = await call("/api/acl", { session: admin.session });
const shown = JSON.stringify(view.json);
check("the ACL API answers without any secret", view.status === 200 && view.json.acl === acl && !shown.includes("12345678"), shown.slice(0, 200));
if (acl === "1.0") {
  // 4.9.7 and older list plain_acl.yml's accounts (GET_BROKER_CLUSTER_ACL_CONFIG); 4.9.8 says it does not.
  const accounts = Array.isArray(view.json.accounts) ? (view.json.accounts as Array<{ accessKey: string; admin: boolean }>) : undefined;
  check("the ACL API lists the accounts, or says why not", accounts?.some((a) => a.accessKey === "rocketmq2" && a.admin) ?? String(view.json.accountsNote).includes("GET_BROKER_CLUSTER_ACL_CONFIG"),
    accounts ? accounts.map((a) => `${a.accessKey}${a.admin ? " (admin)" : ""}`).join(", ") : String(view.json.accountsNote));
}
if (acl === "2.0") {
  const made = await call("/api/acl/users", { method: "POST", body: { username: READER.accessKey, password: READER.secretKey }, session: admin.session });
  check("the Super user creates a Normal user", made.status === 200, `HTTP ${made.status} ${JSON.stringify(made.json)}`);
}
const reader = await login(READER);
check("a non-admin account logs in", reader.status === 200, `HTTP ${reader.status} ${String(reader.json.error ?? "")}`);
const refused = await call("/api/topics", { method: "POST", body: { topic: "ConsoleRefReaderTopic" }, session: reader.session });
check("its change is refused with 403 and the broker's reason", refused.status === 403 && String(refused.json.error).includes("log in with an admin account"),
  `HTTP ${refused.status} ${String(refused.json.error)}`);
const noCsrf = await call("/api/topics", { method: "POST", body: { topic: "ConsoleRefNoCsrf" }, session: { headers: { cookie: admin.session.headers.cookie } } });
check("a change without the CSRF token is refused", noCsrf.status === 403, `HTTP ${noCsrf.status}`);
const out = await call("/api/logout", { method: "POST", body: {}, session: admin.session });
const after = await call("/api/topics", { method: "POST", body: { topic: "ConsoleRefAfter" }, session: admin.session });
check("after logout the session's change answers 401", out.status === 200 && after.status === 401, `logout HTTP ${out.status}, then HTTP ${after.status}`);

process.stdout.write(`${failed === 0 ? "all checks passed" : `${failed} checks failed`}\n`);
process.exit(failed === 0 ? 0 : 1);
export {};
