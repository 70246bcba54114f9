// Serves the console app over HTTP with Bun.serve. start() resolves to the bound port (0 =
// ephemeral) and starts the dashboard sampler; it throws a ListenError when it cannot bind.
// stop() stops the sampler and closes the listener and its connections.
import type { AdminContext } from "../admin/index.ts";
import { ListenError } from "../remoting/index.ts";
import { consoleParts, type ConsoleParts } from "./app.ts";
import { isLoopbackName } from "./guard.ts";
import type { ConsoleDeps } from "./deps.ts";

export interface ConsoleServerOptions extends ConsoleDeps {
  hostname: string;
  port: number;
  sampleIntervalMs?: number;
}

/** Why binding here needs a warning, or undefined for a loopback address. */
export function exposedAddressWarning(hostname: string): string | undefined {
  if (isLoopbackName(hostname)) return undefined;
  return `the console listens on ${hostname}: anyone who reaches it can create and delete topics, unless the cluster has ACL on (then ` +
    "the console asks for a login; without ACL, changes are refused only when they come from another web site); set consoleAddress=127.0.0.1 unless that is what you want";
}

export class ConsoleServer {
  private server: ReturnType<typeof Bun.serve> | undefined;
  private readonly parts: ConsoleParts;
  readonly admin: AdminContext;

  constructor(private readonly options: ConsoleServerOptions) {
    this.admin = options.admin;
    this.parts = consoleParts(options);
  }

  start(): number {
    const { app } = this.parts;
    const { hostname, port } = this.options;
    try {
      this.server = Bun.serve({ hostname, port, fetch: app.fetch });
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      throw new ListenError(hostname, port, typeof code === "string" ? code : undefined);
    }
    this.parts.sampler.start(this.options.sampleIntervalMs);
    return this.server.port ?? this.options.port;
  }

  async stop(): Promise<void> {
    this.parts.sampler.stop();
    await this.server?.stop(true);
    this.server = undefined;
    this.parts.close();
  }
}
