// /health and /ready, answered the same way by the broker's metrics port and by the console:
//   GET /health  200 {"status":"alive"}  while the process serves HTTP at all
//   GET /ready   200 {"status":"ready"}  or 503 {"status":"not ready","reason":"..."} saying
//                what is still missing (a load balancer or Kubernetes probe reads the status).

export type Readiness = { ready: true } | { ready: false; reason: string };

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

export const healthResponse = (): Response => new Response(JSON.stringify({ status: "alive" }), { headers: JSON_TYPE });

export function readyResponse(r: Readiness): Response {
  if (r.ready) return new Response(JSON.stringify({ status: "ready" }), { headers: JSON_TYPE });
  return new Response(JSON.stringify({ status: "not ready", reason: r.reason }), { status: 503, headers: JSON_TYPE });
}
