// What keeps a web page elsewhere from driving the console through the user's browser:
//  - bound to loopback, the console answers only requests whose Host is a loopback name
//    (localhost, 127.x.x.x, [::1]), so a DNS-rebinding page cannot reach it by its own name;
//  - every change (POST, PUT, PATCH, DELETE) must come from the console's own pages: a browser's
//    Origin must be the console's origin and Sec-Fetch-Site "same-origin"; a request without
//    either (curl, scripts) must send a JSON body for POST, which no cross-site form can send.
// A refusal is 403 with what to do. This is CSRF protection without ACL; it is not a login.
import type { MiddlewareHandler } from "hono";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const isLoopbackName = (host: string): boolean =>
  host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]" || host === "::1";

/** The host name of a Host header ("127.0.0.1:8080" → "127.0.0.1", "[::1]:8080" → "[::1]"). */
const hostNameOf = (hostHeader: string): string => (hostHeader.startsWith("[") ? hostHeader.slice(0, hostHeader.indexOf("]") + 1) : hostHeader.split(":")[0] ?? "");

/** Why the request is refused, or undefined to let it through. */
export function refusal(req: Request, loopbackOnly: boolean): string | undefined {
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host;
  if (loopbackOnly && !isLoopbackName(hostNameOf(host))) {
    return `this console listens on loopback and answers only to localhost or 127.0.0.1, not to ${host}`;
  }
  if (!UNSAFE.has(req.method)) return undefined;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `a change must come from the console's own pages (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    return origin === `${url.protocol}//${host}` ? undefined : `a change must come from the console's own pages, not from ${origin}`;
  }
  if (site === null && req.method === "POST" && !(req.headers.get("content-type") ?? "").startsWith("application/json")) {
    return "send changes as JSON (content-type: application/json)";
  }
  return undefined;
}

export function changeGuard(loopbackOnly: boolean): MiddlewareHandler {
  return async (c, next) => {
    const why = refusal(c.req.raw, loopbackOnly);
    if (why !== undefined) return c.json({ error: why }, 403);
    await next();
  };
}
