// The login in front of the console when the cluster has ACL on. Nothing of the cluster is shown
// before a login: a page answers with a redirect to /login, an API call with 401. A login
// (POST /api/login {accessKey, secretKey}) is checked by the brokers themselves (cluster-acl.ts);
// it opens a session whose own admin context signs every request with those keys, so what a
// session may change is what the cluster lets that account change (a non-admin account reads,
// and its changes come back refused). Every change must carry the session's CSRF token
// (x-csrf-token), which the pages send; logout (POST /api/logout) ends the session.
// When the cluster has no ACL (or trusts this console's address), the console is as it was.
import type { Context, Hono as HonoApp } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { adminContext, type AdminContext } from "../../admin/index.ts";
import type { Logger } from "../../common/index.ts";
import type { Credentials, RemotingClient } from "../../remoting/index.ts";
import { parseBody } from "../api/body.ts";
import { loginPage } from "../pages/login.tsx";
import { aclMode, checkLogin, type AclMode, type AclVersion } from "./cluster-acl.ts";
import { newCookieKey, sessionCookieHeader, sessionCookieOf } from "./cookie.ts";
import { csrfRefusal } from "./csrf.ts";
import { LoginLimit, type LoginLimitOptions } from "./login-limit.ts";
import { Sessions } from "./sessions.ts";

export interface LoginOptions {
  /** A remoting client that signs with keys (none: unsigned); closed when its session ends. */
  newClient(keys?: Credentials): RemotingClient;
  ttlMs?: number;
  sessionsMax?: number;
  limit?: LoginLimitOptions;
  now?: () => number;
  log?: Logger;
}

/** Who a page is shown to: the login's account, its CSRF token, and which ACL the cluster runs. */
export interface SessionView {
  user: string;
  csrfToken: string;
  aclVersion: AclVersion;
}

interface SessionValue {
  admin: AdminContext;
  app: HonoApp;
  close(): void;
}

const MODE_RETRY_MS = 1000;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LoginBody = z.object({
  accessKey: z.string().trim().min(1, "give the access key (ACL 2.0: the username)").max(255),
  secretKey: z.string().min(1, "give the secret key (ACL 2.0: the password)").max(1024),
});
const WRONG = "the access key or the secret key is wrong";

/** The address a request came from (Bun.serve hands the server as the fetch's env), if known. */
function clientIp(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== "object" || env === null || !("requestIP" in env) || typeof env.requestIP !== "function") return undefined;
  const info: unknown = env.requestIP(c.req.raw);
  return typeof info === "object" && info !== null && "address" in info && typeof info.address === "string" ? info.address : undefined;
}

export class LoginGate {
  private readonly sessions: Sessions<SessionValue>;
  private readonly limit: LoginLimit;
  /** Unsigned: asks whether ACL is on, and checks logins. */
  private readonly probe: AdminContext;
  private mode: AclMode | undefined;
  private modeTriedMs = -Infinity;
  private readonly now: () => number;

  constructor(private readonly base: AdminContext, private readonly o: LoginOptions) {
    this.now = o.now ?? Date.now;
    this.sessions = new Sessions({ key: newCookieKey(), ttlMs: o.ttlMs, sessionsMax: o.sessionsMax, now: this.now });
    this.limit = new LoginLimit({ now: this.now, ...o.limit });
    this.probe = this.adminWith(o.newClient());
  }

  private adminWith(client: RemotingClient, keys?: Credentials): AdminContext {
    return adminContext(client, this.base.namesrvAddrs.join(";"), this.base.timeoutMs, keys);
  }

  /** Whether the cluster has ACL on, asked once a broker answers (at most once a second till then). */
  async aclMode(): Promise<AclMode | undefined> {
    if (this.mode !== undefined || this.now() - this.modeTriedMs < MODE_RETRY_MS) return this.mode;
    this.modeTriedMs = this.now();
    this.mode = await aclMode(this.probe);
    if (this.mode?.on === true) this.o.log?.info(`the cluster has ACL ${this.mode.version} on: the console asks for a login`);
    return this.mode;
  }

  /** The admin context of the newest session, for the dashboard's background reads. */
  newestAdmin(): AdminContext | undefined {
    return this.sessions.newest()?.value.admin;
  }

  close(): void {
    this.sessions.endAll();
    this.probe.client.close();
  }

  /**
   * The gate's routes; open serves everything when ACL is off, build makes a session's app (its
   * pages and API over the session's admin context).
   */
  routes(open: HonoApp, build: (admin: AdminContext, view: SessionView) => HonoApp): HonoApp {
    const app = new Hono();
    app.post("/api/login", async (c) => this.login(c, build));
    app.all("*", async (c) => {
      const mode = await this.aclMode();
      if (mode?.on !== true) return open.fetch(c.req.raw, c.env);
      if (c.req.path === "/login") return c.html(loginPage(c.req.query("next") ?? "/"));
      const found = this.sessions.find(sessionCookieOf(c.req.header("cookie") ?? null));
      if ("why" in found) {
        if (c.req.path.startsWith("/api/")) return c.json({ error: `${found.why}: POST /api/login {"accessKey","secretKey"} (or open /login)` }, 401);
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 302);
      }
      const { session } = found;
      if (UNSAFE.has(c.req.method)) {
        const refused = csrfRefusal(c.req.header("x-csrf-token"), session.csrfToken);
        if (refused !== undefined) return c.json({ error: refused }, 403);
      }
      if (c.req.path === "/api/logout" && c.req.method === "POST") {
        this.sessions.end(session.id);
        c.header("set-cookie", sessionCookieHeader("", 0));
        return c.json({ loggedOut: session.user });
      }
      return session.value.app.fetch(c.req.raw);
    });
    return app;
  }

  private async login(c: Context, build: (admin: AdminContext, view: SessionView) => HonoApp): Promise<Response> {
    const mode = await this.aclMode();
    if (mode === undefined) return c.json({ error: "no broker answers yet, so no login can be checked: start a broker, then log in" }, 503);
    if (!mode.on) return c.json({ error: "this cluster has no ACL on (or trusts this console's address): no login is needed" }, 400);
    const { accessKey, secretKey } = await parseBody(c, LoginBody);
    const ip = clientIp(c);
    const waitMs = this.limit.waitMs(accessKey, ip);
    if (waitMs > 0) return c.json({ error: `too many failed logins: try again in ${Math.ceil(waitMs / 1000)} s` }, 429);
    const keys = { accessKey, secretKey };
    const check = await checkLogin(this.probe, keys);
    if (check !== "ok") {
      this.limit.failed(accessKey, ip);
      if (check === "unverifiable") {
        this.o.log?.warn("a console login was refused: the brokers take any secret for this access key from the console's address " +
          "(its whiteRemoteAddress), so no login can be checked; remove the console's address from that account's whiteRemoteAddress", { accessKey });
      }
      return c.json({ error: WRONG }, 401);
    }
    this.limit.succeeded(accessKey);
    const client = this.o.newClient(keys);
    const admin = this.adminWith(client, keys);
    const { session, cookie } = this.sessions.open(accessKey, (csrfToken) => ({
      admin, close: () => client.close(), app: build(admin, { user: accessKey, csrfToken, aclVersion: mode.version }),
    }));
    c.header("set-cookie", sessionCookieHeader(cookie, this.sessions.ttlMs / 1000));
    return c.json({ user: accessKey, csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs, acl: mode.version });
  }
}
