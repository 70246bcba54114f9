// The console as a Hono app: pages at /, their JSON under /api, uPlot under /assets, /metrics,
// /health and /ready; every request passes guard.ts. With deps.login, the cluster's pages and
// API sit behind the login gate (session/gate.ts) once the cluster turns out to have ACL on, each
// session with its own app over an admin context that signs with its keys. It opens no socket
// (tests call app.request()); server.ts serves it.
import { Hono } from "hono";
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import { clusterInfo, type AdminContext } from "../admin/index.ts";
import { healthResponse, PROMETHEUS_CONTENT_TYPE, readyResponse, type Readiness } from "../common/index.ts";
import { aclApi } from "./api/acl.ts";
import { clusterApi } from "./api/cluster.ts";
import { consumersApi } from "./api/consumers.ts";
import { dashboardApi, Sampler } from "./api/dashboard.ts";
import { errorResponse, sessionErrorResponse } from "./api/errors.ts";
import { producersApi } from "./api/producers.ts";
import { traceApi } from "./api/trace.ts";
import { messagesApi } from "./api/messages.ts";
import { topicsApi } from "./api/topics.ts";
import type { ConsoleDeps } from "./deps.ts";
import { changeGuard, isLoopbackName } from "./guard.ts";
import { pageRoutes } from "./pages/routes.tsx";
import { LoginGate, type SessionView } from "./session/gate.ts";

const ASSET_CACHE = "public, max-age=86400";

/** A console alone is ready when a NameServer answers it. */
async function namesrvAnswers(deps: ConsoleDeps): Promise<Readiness> {
  try {
    await clusterInfo(deps.admin);
    return { ready: true };
  } catch (e) {
    return { ready: false, reason: `no NameServer answers (${deps.admin.namesrvAddrs.join(";")}): ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The cluster's pages and their API, over one admin context (the console's, or a session's). */
function clusterApp(deps: ConsoleDeps, admin: AdminContext, sampler: Sampler, session?: SessionView): Hono {
  const app = new Hono();
  app.onError(session === undefined ? errorResponse : sessionErrorResponse(session.user));
  app.route("/api/cluster", clusterApi(admin));
  app.route("/api/topics", topicsApi(admin));
  app.route("/api/consumers", consumersApi(admin));
  app.route("/api/messages", messagesApi(admin));
  app.route("/api/dashboard", dashboardApi(sampler));
  app.route("/api/producers", producersApi(admin));
  app.route("/api/trace", traceApi(admin));
  app.route("/api/acl", aclApi(admin, session, deps.localAclFile));
  app.get("/api/ops", (c) => c.json({ namesrvAddrs: admin.namesrvAddrs }));
  app.get("/api/*", (c) => c.json({ error: `no API at ${c.req.path}; see /api/cluster, /api/topics, /api/consumers, /api/producers, /api/messages, /api/trace, /api/acl` }, 404));
  app.get("/login", (c) => c.redirect("/", 302));
  app.route("/", pageRoutes(admin, session, deps.localAclFile));
  return app;
}

export interface ConsoleParts {
  app: Hono;
  sampler: Sampler;
  /** Ends every session and closes what the console opened. */
  close(): void;
}

export function consoleParts(deps: ConsoleDeps, given?: Sampler): ConsoleParts {
  const gate = deps.login === undefined ? undefined : new LoginGate(deps.admin, deps.login);
  // With ACL on, the dashboard reads with the console's own keys if it has them, else the newest session's.
  const sampler = given ?? new Sampler(() => deps.sampleAdmin ?? gate?.newestAdmin() ?? deps.admin, deps.samplesMax, deps.now);
  const app = new Hono();
  app.onError(errorResponse);
  app.use(changeGuard(deps.hostname === undefined || isLoopbackName(deps.hostname)));
  app.get("/assets/uplot.js", (c) => c.body(uplotJs, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": ASSET_CACHE }));
  app.get("/assets/uplot.css", (c) => c.body(uplotCss, 200, { "content-type": "text/css; charset=utf-8", "cache-control": ASSET_CACHE }));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/health", () => healthResponse());
  app.get("/ready", async () => readyResponse(await (deps.readiness?.() ?? namesrvAnswers(deps))));
  app.get("/metrics", (c) => {
    if (deps.metricsText === undefined) {
      return c.text("this console runs no broker: scrape each broker's /metrics (metricsExporterType=PROM, port metricsPromExporterPort)\n", 404);
    }
    return c.body(deps.metricsText(), 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
  });
  const open = clusterApp(deps, deps.admin, sampler);
  app.route("/", gate === undefined ? open : gate.routes(open, (admin, view) => clusterApp(deps, admin, sampler, view)));
  return { app, sampler, close: () => gate?.close() };
}

export function consoleApp(deps: ConsoleDeps, sampler?: Sampler): Hono {
  return consoleParts(deps, sampler).app;
}
