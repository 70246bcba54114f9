// Shared test fixtures: a logger that records lines, and a started server that is stopped after.
import { afterEach } from "bun:test";
import { silentLogger, type LogFields, type Logger } from "../../src/common/index.ts";
import { RemotingServer, type RemotingServerOptions } from "../../src/remoting/index.ts";
import { RawPeer } from "./raw-peer.ts";

export interface LogLine {
  level: string;
  message: string;
  fields: LogFields | undefined;
}

export function recordingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => void lines.push({ level, message, fields });
  const log: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => log };
  return { log, lines };
}

export async function startServer(
  opts: Partial<RemotingServerOptions> = {},
): Promise<{ server: RemotingServer; port: number; addr: string }> {
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger, ...opts });
  const port = await server.start();
  return { server, port, addr: `127.0.0.1:${port}` };
}

/** Waits until check() holds, re-checking on each turn of the event loop, for up to limitMs. */
export async function until(check: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Servers and peers for a file's tests: whatever a test made is stopped or closed after it. */
export function perTest() {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    async serve(setup: (server: RemotingServer) => void, opts: Partial<RemotingServerOptions> = {}) {
      const started = await startServer(opts);
      setup(started.server);
      cleanups.push(() => started.server.stop());
      return started;
    },
    async peer(port: number): Promise<RawPeer> {
      const p = await RawPeer.connect(port);
      cleanups.push(() => p.close());
      return p;
    },
  };
}
