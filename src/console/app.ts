// The console as a Hono app: pages at /, their JSON under /api, uPlot under /assets, /metrics,
// /health and /ready; every request passes guard.ts. It opens no socket (tests call
// app.request()); server.ts serves it.
import { Hono } from "hono";
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import { clusterInfo } from "../admin/index.ts";
import { healthResponse, PROMETHEUS_CONTENT_TYPE, readyResponse, type Readiness } from "../common/index.ts";
import { clusterApi } from "./api/cluster.ts";
import { consumersApi } from "./api/consumers.ts";
import { dashboardApi, Sampler } from "./api/dashboard.ts";
import { errorResponse } from "./api/errors.ts";
import { producersApi } from "./api/producers.ts";
import { traceApi } from "./api/trace.ts";
import { messagesApi } from "./api/messages.ts";
import { topicsApi } from "./api/topics.ts";
import type { ConsoleDeps } from "./deps.ts";
import { changeGuard, isLoopbackName } from "./guard.ts";
import { pageRoutes } from "./pages/routes.tsx";

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

export function consoleApp(deps: ConsoleDeps, sampler = new Sampler(deps.admin, deps.samplesMax, deps.now)): Hono {
  const { admin } = deps;
  const app = new Hono();
  app.onError(errorResponse);
  app.use(changeGuard(deps.hostname === undefined || isLoopbackName(deps.hostname)));
  app.route("/api/cluster", clusterApi(admin));
  app.route("/api/topics", topicsApi(admin));
  app.route("/api/consumers", consumersApi(admin));
  app.route("/api/messages", messagesApi(admin));
  app.route("/api/dashboard", dashboardApi(sampler));
  app.route("/api/producers", producersApi(admin));
  app.route("/api/trace", traceApi(admin));
  app.get("/api/ops", (c) => c.json({ namesrvAddrs: admin.namesrvAddrs }));
  app.get("/api/*", (c) => c.json({ error: `no API at ${c.req.path}; see /api/cluster, /api/topics, /api/consumers, /api/producers, /api/messages, /api/trace` }, 404));
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
  app.route("/", pageRoutes(admin));
  return app;
}
