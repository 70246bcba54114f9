// The web console as a Service: all-in-one and `mq broker --consoleEnable=true` run it beside the
// broker (its /metrics is that broker's registry), `mq console` alone against any name server.
// start() prints where it listens, and warns when that is not loopback. Beside a broker the
// console is optional: a console port already taken is a warning (the broker serves on without
// it), where `mq console` alone fails.
import { adminContext } from "../admin/index.ts";
import type { Logger, MetricsRegistry, Readiness } from "../common/index.ts";
import { ConsoleServer, exposedAddressWarning } from "../console/index.ts";
import { RemotingClient, type Credentials } from "../remoting/index.ts";
import type { Service } from "./command.ts";
import { explainListenFailure } from "./listen-failure.ts";

export interface ConsoleKeys {
  consoleAddress: string;
  consolePort: number;
  namesrvAddr: string;
  /** ACL: what the dashboard's background reads sign with (a page or change signs with its login's keys). */
  credentials?: Credentials;
}

export const consoleLine = (host: string, port: number) => `The console is at http://${host}:${port}/`;

/** The broker a console runs beside: its registry is the console's /metrics, its readiness /ready. */
export interface BesideBroker {
  metrics: MetricsRegistry;
  readiness: () => Readiness;
  /** With aclEnable: the broker's plain_acl.yml, whose accounts the ACL page lists. */
  aclFile?: string;
}

export function consoleService(keys: ConsoleKeys, log: Logger, beside?: BesideBroker): Service {
  const clientLog = log.child("console");
  const newClient = (credentials?: Credentials) => new RemotingClient({ log: clientLog, ...(credentials ? { credentials } : {}) });
  const client = newClient();
  const sampleClient = keys.credentials ? newClient(keys.credentials) : undefined;
  const server = new ConsoleServer({
    // Unsigned: with ACL on, the console asks for a login, and each session signs with its own keys.
    admin: adminContext(client, keys.namesrvAddr),
    ...(sampleClient ? { sampleAdmin: adminContext(sampleClient, keys.namesrvAddr, undefined, keys.credentials) } : {}),
    login: { newClient, log: clientLog },
    hostname: keys.consoleAddress,
    port: keys.consolePort,
    ...(beside ? { metricsText: () => beside.metrics.expose(), readiness: beside.readiness } : {}),
    ...(beside?.aclFile ? { localAclFile: beside.aclFile } : {}),
  });
  return {
    name: "console",
    async start() {
      let port: number;
      try {
        port = server.start();
      } catch (e) {
        const failure = explainListenFailure(e, { role: "console", key: "consolePort", flag: "--consolePort=N" });
        if (beside === undefined) throw failure;
        log.warn(`running without the console: ${failure instanceof Error ? failure.message : String(failure)}`);
        return;
      }
      const warning = exposedAddressWarning(keys.consoleAddress);
      if (warning !== undefined) log.warn(warning);
      process.stdout.write(`${consoleLine(keys.consoleAddress, port)}\n`);
    },
    async stop() {
      await server.stop();
      client.close();
      sampleClient?.close();
    },
  };
}
