// The web console: a Hono app over src/admin (pages, their JSON under /api, /metrics, /health)
// and the HTTP server that serves it.
export { consoleApp, consoleParts, type ConsoleParts } from "./app.ts";
export { ConsoleServer, exposedAddressWarning, type ConsoleServerOptions } from "./server.ts";
export type { ConsoleDeps } from "./deps.ts";
export { Sampler, SAMPLE_INTERVAL_MS_DEFAULT } from "./api/dashboard.ts";
export type { LoginOptions, SessionView } from "./session/gate.ts";
