// The broker role: one RemotingServer, one store, the topic and group tables, the handlers of
// every request code, and registration with the NameServers.
//
// start(): listen (port 0 = ephemeral, for tests) → start the role (role.ts: open the store with
// the bound address as its storeHost, build the tables, register handlers) → serve → register
// with every NameServer (the first round is awaited, so the broker is routable once start()
// resolves). changeRole() (controller mode) stops the role and starts the next one in place: the
// server, its listening sockets and open connections, the producers and consumers learned from
// heartbeats and the queue locks stay; a request that comes meanwhile waits for the new role.
// stop(): stop the role (unregister, answer held pulls, close the store) → stop the server.
import { join } from "node:path";
import type { Logger, MetricsRegistry, Readiness } from "../common/index.ts";
import { RuntimeOverrides } from "../common/config/index.ts";
import { RemotingServer } from "../remoting/index.ts";
import type { MessageStore, StoreOptions } from "../store/index.ts";
import { brokerAccess } from "./access.ts";
import { BROKER_RUNTIME_KEYS, type BrokerConfigWriter } from "./admin/index.ts";
import { createClientRegistry, watchClients } from "./clients/index.ts";
import type { BrokerContext } from "./context.ts";
import type { ControllerRole } from "./controller-mode/index.ts";
import { QueueLockTable } from "./lock/index.ts";
import { brokerRegistry, PromExporter } from "./metrics/index.ts";
import type { Registrar } from "./registration/index.ts";
import type { BrokerHaKeys, Replication } from "./replication/index.ts";
import { requestKindsOf, type BrokerFlowKeys } from "./request-kinds.ts";
import { RoleHandlers } from "./role-handlers.ts";
import { startRole, stopRole, type BrokerShell, type LiveOptions, type RunningRole } from "./role.ts";
import type { BrokerConfigKeys } from "./store-options.ts";

export interface BrokerInit extends BrokerConfigKeys, BrokerHaKeys, BrokerFlowKeys {
  log: Logger;
  /** HA address host; defaults to brokerIP1. */
  brokerIP2?: string;
  /** The registry the broker's meters and gauges go into (made by the caller, passed down like
   *  the configuration); a fresh one when absent. */
  metrics?: MetricsRegistry;
  /** Controller mode: the role the controller gave (the agent sets brokerRole and brokerId to match). */
  controllerRole?: ControllerRole;
}

/** What a role change sets: the role, the id registered with, whom to follow. */
export type BrokerRole = Pick<BrokerInit, "brokerRole" | "brokerId" | "haMasterAddress" | "controllerRole">;

export interface BrokerDeps {
  /** The store to open; tests inject faulty ones. */
  openStore?: (options: StoreOptions) => MessageStore | Promise<MessageStore>;
}

/** UPDATE_BROKER_CONFIG's side: sets the live options; a new brokerPermission is announced at once. */
function configWriter(live: { options: BrokerInit; overrides: RuntimeOverrides }, registrar: () => Registrar | undefined): BrokerConfigWriter {
  return {
    overrides: live.overrides,
    apply: (values) => {
      Object.assign(live.options, values);
      if ("brokerPermission" in values) void registrar()?.registerSoon();
    },
  };
}


export class Broker {
  private shell: BrokerShell | undefined;
  private shellClosers: Array<() => void | Promise<void>> = [];
  private role: RunningRole | undefined;
  private init: BrokerInit;
  private readonly log: Logger;
  /** What the broker counts; exposed by the PROM exporter and read by the console. */
  readonly metrics: MetricsRegistry;
  private metricsPort = 0;
  /** A NameServer has answered a registration since the role started. */
  private registered = false;
  /** changeRole() has begun. */
  private changing = false;

  constructor(
    options: Readonly<BrokerInit>,
    private readonly deps: BrokerDeps = {},
  ) {
    this.init = { ...options };
    this.log = options.log.child("broker");
    this.metrics = options.metrics ?? brokerRegistry(options);
  }

  /** The options of the role running now (changeRole() replaces its role keys). */
  get options(): Readonly<BrokerInit> {
    return this.init;
  }

  /** The bound /metrics port when metricsExporterType=PROM, else 0. */
  get metricsPromPort(): number {
    return this.metricsPort;
  }

  /** The bound remoting port (listenPort, or the ephemeral one when listenPort is 0). */
  get port(): number {
    return this.shell?.port ?? 0;
  }

  /** "brokerIP1:port", as registered with the NameServers and written into every record. */
  get brokerAddr(): string {
    return `${this.init.brokerIP1}:${this.port}`;
  }

  /** Replication of the running role (the controller-mode agent reads and steers it); throws without one. */
  get replication(): Replication {
    if (this.role === undefined) throw new Error("the broker is not serving a role");
    return this.role.replication;
  }

  /** The live context (for tests and tools in the same process); throws without a role. */
  get context(): BrokerContext {
    if (this.role === undefined) throw new Error("the broker is not serving a role");
    return this.role.ctx;
  }

  /** A role serves (false before start(), during a role change and after a failed one). */
  get serving(): boolean {
    return this.role !== undefined;
  }

  /** Ready: the store is recovered (the role started) and a NameServer took the registration. */
  readiness(): Readiness {
    if (this.changing && this.role === undefined) return { ready: false, reason: "the broker is changing its role" };
    if (this.role === undefined) return { ready: false, reason: "the broker is starting: its store is not recovered yet" };
    if (!this.init.namesrvAddr) return { ready: false, reason: "no NameServer to register with: set namesrvAddr" };
    if (!this.registered) return { ready: false, reason: `not yet registered with a NameServer (${this.init.namesrvAddr})` };
    return { ready: true };
  }

  /** The line RocketMQ prints once the broker is up. */
  bootMessage(): string {
    const o = this.init;
    return `The broker[${o.brokerName}, ${this.brokerAddr}] boot success. serializeType=JSON` +
      (o.namesrvAddr ? ` and name server is ${o.namesrvAddr}` : "");
  }

  async start(): Promise<void> {
    if (this.shell !== undefined) throw new Error("the broker is already started");
    await this.openShell();
    try {
      await this.startRole();
    } catch (e) {
      await this.closeShell();
      throw e;
    }
    await this.startExporter();
    this.log.info("started", { brokerAddr: this.brokerAddr, brokerName: this.init.brokerName, namesrvAddr: this.init.namesrvAddr });
  }

  /** Stops the running role and starts the given one on the same server, store directory and
   *  client registry. A failed start leaves the broker up without a role (requests are answered
   *  SYSTEM_BUSY); changeRole() may be called again. */
  async changeRole(role: BrokerRole): Promise<void> {
    if (this.shell === undefined) throw new Error("the broker is not started");
    this.changing = true;
    await this.stopRole();
    this.init = { ...this.init, ...role };
    await this.startRole();
  }

  async stop(): Promise<void> {
    const shell = this.shell;
    if (shell === undefined) return;
    await this.stopRole();
    shell.handlers.end();
    await this.closeShell();
    this.log.info("stopped", { brokerAddr: this.brokerAddr });
  }

  /** The server, the access guard, the client registry and the queue locks: what outlives a role. */
  private async openShell(): Promise<BrokerShell> {
    const o = this.init;
    // Java clients up to 4.4 send most requests to the "VIP channel", listenPort-2, by default.
    const vipPorts = o.listenPort > 2 ? [o.listenPort - 2] : [];
    const access = brokerAccess(o, this.log);
    let handlers: RoleHandlers | undefined;
    const server = new RemotingServer({
      port: o.listenPort, log: o.log, name: "broker", extraPorts: vipPorts, requestKinds: requestKindsOf(o),
      beforeRequest: (req, conn) => handlers?.beforeRequest(req, conn),
    });
    handlers = new RoleHandlers(server, { guard: access.guard });
    const port = await server.start();
    const clients = createClientRegistry({
      log: this.log.child("clients"), channelExpiredTimeoutMs: o.channelExpiredTimeout, notifyConsumerIdsChangedEnable: o.notifyConsumerIdsChangedEnable,
      groups: { get: (group) => this.role?.ctx.groups.get(group) },
    });
    this.shellClosers = [watchClients(server, clients).close];
    if (access.source !== undefined) {
      access.source.start();
      this.shellClosers.push(() => access.source?.stop());
    }
    this.shell = {
      server, handlers, clients, locks: new QueueLockTable(), access, metrics: this.metrics, port,
      brokerAddr: `${o.brokerIP1}:${port}`, log: this.log, openStore: this.deps.openStore,
      onRegistered: () => (this.registered = true),
    };
    return this.shell;
  }

  private async closeShell(): Promise<void> {
    const shell = this.shell;
    if (shell === undefined) return;
    for (const close of this.shellClosers.splice(0).reverse()) await close();
    await shell.server.stop();
    this.shell = undefined;
  }

  private async startRole(): Promise<void> {
    const shell = this.shell;
    if (shell === undefined) throw new Error("the broker is not started");
    let role: RunningRole;
    try {
      role = await startRole(shell, this.liveOptions());
    } catch (e) {
      await shell.handlers.close(0);
      throw e;
    }
    this.role = role;
    shell.handlers.open();
    await role.registrar.start();
  }

  private async stopRole(): Promise<void> {
    const r = this.role;
    const shell = this.shell;
    if (r === undefined || shell === undefined) return;
    this.role = undefined;
    this.registered = false;
    await stopRole(shell, r);
  }

  /** metricsExporterType=PROM: /metrics on its own port; a port in use fails start(). */
  private async startExporter(): Promise<void> {
    const o = this.init;
    if (o.metricsExporterType !== "PROM") return;
    const exporter = new PromExporter(this.metrics, o.metricsPromExporterHost || o.brokerIP1, o.metricsPromExporterPort ?? 5557, () => this.readiness());
    try {
      this.metricsPort = exporter.start();
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.shellClosers.push(() => exporter.stop());
    this.log.info("metrics exporter listening", { port: this.metricsPort, path: "/metrics" });
  }

  /** The options the handlers read, with the run-time changes persisted by UPDATE_BROKER_CONFIG
   *  applied; the one object that request changes (BROKER_RUNTIME_KEYS only). */
  private liveOptions(): LiveOptions {
    const file = join(this.init.storePathRootDir, "config", "broker.properties");
    const overrides = new RuntimeOverrides(file, "broker", BROKER_RUNTIME_KEYS);
    const persisted = overrides.load();
    for (const notice of persisted.notices) this.log.warn(notice);
    if (Object.keys(persisted.values).length > 0) this.log.info("run-time config changes applied", { file, ...persisted.values });
    const live = { options: { ...this.init, ...persisted.values }, overrides };
    return { ...live, writer: (registrar) => configWriter(live, registrar) };
  }
}
