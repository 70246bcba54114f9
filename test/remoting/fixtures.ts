// Shared test fixtures: a logger that records lines, and a started server that is stopped after.
import { silentLogger, type LogFields, type Logger } from "../../src/common/index.ts";
import { RemotingServer, type RemotingServerOptions } from "../../src/remoting/index.ts";

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
