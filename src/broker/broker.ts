// The broker role: one RemotingServer, one store, the topic and group tables, the handlers of
// every request code, and registration with the NameServers.
//
// start(): listen (port 0 = ephemeral, for tests) → open the store with the bound address as its
// storeHost → build the tables (system topics seeded) → register handlers → register with every
// NameServer (the first round is awaited, so the broker is routable once start() resolves).
// stop(): unregister from the NameServers → answer held pulls → stop the server (in-flight
// requests are answered) → close the store (flush, checkpoint).
import { join } from "node:path";
import type { Logger, MetricsRegistry, Readiness } from "../common/index.ts";
import { RuntimeOverrides } from "../common/config/index.ts";
import { RemotingClient, RemotingServer } from "../remoting/index.ts";
import type { MessageStore, StoreOptions } from "../store/index.ts";
import { openStore } from "../store/index.ts";
import { brokerAccess } from "./access.ts";
import { aclConfigHandlers, BROKER_RUNTIME_KEYS, registerAdminHandlers, type BrokerConfigWriter } from "./admin/index.ts";
import { createClientRegistry, registerClientHandlers } from "./clients/index.ts";
import { registerConsumeHandlers } from "./consume/index.ts";
import type { BrokerContext } from "./context.ts";
import { registerLockHandlers } from "./lock/index.ts";
import { registerQueryHandlers } from "./query/index.ts";
import { BrokerMeters, brokerRegistry, meteredRegistry, PromExporter, registerBrokerMetrics } from "./metrics/index.ts";
import { registerReplyHandlers } from "./reply/index.ts";
import { Registrar } from "./registration/index.ts";
import {
  reclaimOffsetsFromSlaves, registerHaStatusHandler, Replication, startSlaveServices, type BrokerHaKeys, type SlaveServices,
} from "./replication/index.ts";
import { prepareReplicaLog, registerReplicaHandlers, type ControllerRole } from "./controller-mode/index.ts";
import { requestKindsOf, type BrokerFlowKeys } from "./request-kinds.ts";
import { registerRetryHandlers } from "./retry/index.ts";
import { registerSendHandlers, ScheduleService } from "./send/index.ts";
import { parseDelayLevels, storeOptionsOf, type BrokerConfigKeys } from "./store-options.ts";
import { createGroupTable, createTopicTable, seedSystemTopics } from "./topics/index.ts";
import { registerTimerHandlers, TimerService } from "./timer/index.ts";
import { registerTransactionHandlers } from "./transaction/index.ts";

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

export interface BrokerDeps {
  /** The store to open; tests inject faulty ones. */
  openStore?: (options: StoreOptions) => MessageStore | Promise<MessageStore>;
}

interface Running {
  server: RemotingServer;
  client: RemotingClient;
  store: MessageStore;
  replication: Replication;
  ctx: BrokerContext;
  registrar: Registrar;
  /** Run in order at stop, before the server and the store close. */
  closers: Array<() => void | Promise<void>>;
}

interface Parts {
  server: RemotingServer;
  client: RemotingClient;
  store: MessageStore;
  replication: Replication;
  /** The bound HA port (a slave's is 0: it listens for no one). */
  haPort: number;
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
  private running: Running | undefined;
  private boundPort = 0;
  private readonly log: Logger;
  /** What the broker counts; exposed by the PROM exporter and read by the console. */
  readonly metrics: MetricsRegistry;
  private metricsPort = 0;
  /** A NameServer has answered a registration since start. */
  private registered = false;

  constructor(
    readonly options: Readonly<BrokerInit>,
    private readonly deps: BrokerDeps = {},
  ) {
    this.log = options.log.child("broker");
    this.metrics = options.metrics ?? brokerRegistry(options);
  }

  /** The bound /metrics port when metricsExporterType=PROM, else 0. */
  get metricsPromPort(): number {
    return this.metricsPort;
  }

  /** The bound remoting port (listenPort, or the ephemeral one when listenPort is 0). */
  get port(): number {
    return this.boundPort;
  }

  /** "brokerIP1:port", as registered with the NameServers and written into every record. */
  get brokerAddr(): string {
    return `${this.options.brokerIP1}:${this.boundPort}`;
  }

  /** Replication of the running broker (the controller-mode agent reads and steers it); throws before start(). */
  get replication(): Replication {
    if (this.running === undefined) throw new Error("the broker is not started");
    return this.running.replication;
  }

  /** The live context (for tests and tools in the same process); throws before start(). */
  get context(): BrokerContext {
    if (this.running === undefined) throw new Error("the broker is not started");
    return this.running.ctx;
  }

  /** Ready: the store is recovered (start() opened it) and a NameServer took the registration. */
  readiness(): Readiness {
    if (this.running === undefined) return { ready: false, reason: "the broker is starting: its store is not recovered yet" };
    if (!this.options.namesrvAddr) return { ready: false, reason: "no NameServer to register with: set namesrvAddr" };
    if (!this.registered) return { ready: false, reason: `not yet registered with a NameServer (${this.options.namesrvAddr})` };
    return { ready: true };
  }

  /** The line RocketMQ prints once the broker is up. */
  bootMessage(): string {
    const o = this.options;
    return `The broker[${o.brokerName}, ${this.brokerAddr}] boot success. serializeType=JSON` +
      (o.namesrvAddr ? ` and name server is ${o.namesrvAddr}` : "");
  }

  async start(): Promise<void> {
    if (this.running !== undefined) throw new Error("the broker is already started");
    const o = this.options;
    const delayLevelsMs = parseDelayLevels(o.messageDelayLevel);
    // Java clients up to 4.4 send most requests to the "VIP channel", listenPort-2, by default.
    const vipPorts = o.listenPort > 2 ? [o.listenPort - 2] : [];
    const access = brokerAccess(o, this.log);
    const server = new RemotingServer({
      port: o.listenPort, log: o.log, name: "broker", extraPorts: vipPorts, requestKinds: requestKindsOf(o),
      beforeRequest: access.guard,
    });
    this.boundPort = await server.start();
    let store: MessageStore;
    try {
      const storeOptions = storeOptionsOf(o, { ip: o.brokerIP1, port: this.boundPort }, delayLevelsMs, o.log.child("store"));
      store = await (this.deps.openStore ?? openStore)(storeOptions);
    } catch (e) {
      await server.stop();
      throw e;
    }
    const client = new RemotingClient({ log: o.log, credentials: access.innerCredentials });
    const role = o.controllerRole;
    try {
      if (role) await prepareReplicaLog({ store, epochFile: role.epochFile, masterEpoch: role.masterEpoch, master: role.master, masterAddr: role.masterAddr, client, log: this.log });
    } catch (e) {
      client.close();
      await server.stop();
      await store.close();
      throw e;
    }
    const replication = new Replication(o, store, o.log.child("ha"), role);
    let haPort: number;
    try {
      haPort = await replication.start();
    } catch (e) {
      client.close();
      await server.stop();
      await store.close();
      throw new Error(`cannot listen for slaves on haListenPort ${o.haListenPort ?? o.listenPort + 1}: ${String(e)}; ` +
        "free that port or set haListenPort");
    }
    if (o.brokerRole !== "SLAVE") {
      await reclaimOffsetsFromSlaves({ namesrvAddr: o.namesrvAddr, brokerName: o.brokerName, client, store, log: this.log.child("ha") });
    }
    access.opened(store.meta);
    this.running = this.compose({ server, client, store, replication, haPort }, delayLevelsMs, this.liveOptions());
    for (const [code, handler] of aclConfigHandlers(this.running.ctx, access.source)) server.register(code, handler);
    if (access.source !== undefined) {
      access.source.start();
      this.running.closers.push(() => access.source?.stop());
    }
    await this.startExporter(this.running);
    await this.running.registrar.start();
    this.log.info("started", { brokerAddr: this.brokerAddr, brokerName: o.brokerName, namesrvAddr: o.namesrvAddr });
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (r === undefined) return;
    this.running = undefined;
    this.registered = false;
    await r.registrar.stop();
    for (const close of r.closers) await close();
    await r.server.stop();
    await r.replication.stop();
    await r.store.close();
    r.client.close();
    this.log.info("stopped", { brokerAddr: this.brokerAddr });
  }

  /** metricsExporterType=PROM: /metrics on its own port; a port in use fails start(). */
  private async startExporter(r: Running): Promise<void> {
    const o = this.options;
    if (o.metricsExporterType !== "PROM") return;
    const exporter = new PromExporter(this.metrics, o.metricsPromExporterHost || o.brokerIP1, o.metricsPromExporterPort ?? 5557, () => this.readiness());
    try {
      this.metricsPort = exporter.start();
    } catch (e) {
      await this.stop();
      throw e;
    }
    r.closers.push(() => exporter.stop());
    this.log.info("metrics exporter listening", { port: this.metricsPort, path: "/metrics" });
  }

  /** The options the handlers read, with the run-time changes persisted by UPDATE_BROKER_CONFIG
   *  applied; the one object that request changes (BROKER_RUNTIME_KEYS only). */
  private liveOptions(): { options: BrokerInit; overrides: RuntimeOverrides } {
    const file = join(this.options.storePathRootDir, "config", "broker.properties");
    const overrides = new RuntimeOverrides(file, "broker", BROKER_RUNTIME_KEYS);
    const persisted = overrides.load();
    for (const notice of persisted.notices) this.log.warn(notice);
    if (Object.keys(persisted.values).length > 0) this.log.info("run-time config changes applied", { file, ...persisted.values });
    return { options: { ...this.options, ...persisted.values }, overrides };
  }

  private compose(parts: Parts, delayLevelsMs: number[], live: { options: BrokerInit; overrides: RuntimeOverrides }): Running {
    const { server: remoting, client, store, replication, haPort } = parts;
    const o = live.options;
    let registrar: Registrar | undefined;
    let slaveServices: SlaveServices | undefined;
    const topics = createTopicTable({
      persisted: store.meta.topics,
      log: this.log,
      autoCreateTopicEnable: o.autoCreateTopicEnable,
      onChange: () => registrar?.registerSoon(),
    });
    seedSystemTopics(topics, { ...o, delayLevelCount: delayLevelsMs.length });
    const groups = createGroupTable({ persisted: store.meta.subscriptionGroups, log: this.log, autoCreateSubscriptionGroup: o.autoCreateSubscriptionGroup });
    const clients = createClientRegistry({
      log: this.log.child("clients"),
      channelExpiredTimeoutMs: o.channelExpiredTimeout,
      notifyConsumerIdsChangedEnable: o.notifyConsumerIdsChangedEnable,
      groups,
    });
    const ctx: BrokerContext = {
      options: o, store, log: this.log, topics, groups, clients, brokerAddr: this.brokerAddr, delayLevelsMs, replication,
      meters: new BrokerMeters(this.metrics, o.metricsEnable !== false),
    };
    registrar = new Registrar({
      namesrvAddr: o.namesrvAddr,
      identity: { brokerName: o.brokerName, brokerAddr: this.brokerAddr, clusterName: o.brokerClusterName, brokerId: o.brokerId },
      haServerAddr: `${o.brokerIP2 ?? o.brokerIP1}:${haPort}`,
      periodMs: o.registerNameServerPeriod,
      get brokerPermission() { return o.brokerPermission; }, // read at each registration: UPDATE_BROKER_CONFIG may change it
      topics,
      dataVersion: () => store.meta.topicDataVersion(),
      client,
      log: this.log.child("registration"),
      onRegistered: (_namesrv, result) => {
        this.registered = true;
        if (replication.onRegistered(result)) void slaveServices?.syncSoon();
      },
    });
    const server = ctx.meters.enabled ? meteredRegistry(remoting, ctx.meters) : remoting;
    registerHaStatusHandler(server, replication);
    registerReplicaHandlers(server, o, store);
    const locks = registerLockHandlers(server, ctx);
    registerSendHandlers(server, ctx, { isLockAllExpired: (group) => locks.isLockAllExpired(group) });
    registerRetryHandlers(server, ctx);
    registerQueryHandlers(server, ctx);
    registerReplyHandlers(server, ctx);
    const closers: Running["closers"] = [
      registerAdminHandlers(server, ctx, {
        rootDir: o.storePathRootDir, requestQueue: (kind) => remoting.queues.stats(kind), config: configWriter(live, () => registrar),
        resetMasterFlushOffset: (offset) => replication.resetMasterFlushOffset(offset),
      }).close,
      registerClientHandlers(server, ctx, clients).close,
      registerConsumeHandlers(server, ctx).close,
      registerTransactionHandlers(server, ctx).close,
    ];
    let timers: TimerService | undefined;
    if (o.brokerRole !== "SLAVE") {
      const schedule = new ScheduleService(ctx);
      closers.push(() => schedule.close());
      const service = new TimerService(ctx, { dbFile: join(o.storePathRootDir, "timer.db") });
      closers.push(() => service.close());
      timers = service;
    } else {
      const services = startSlaveServices({
        ctx, client, replication, syncIntervalMs: o.slaveSynchronizeInterval, log: this.log.child("slave-sync"),
        register: () => registrar?.registerSoon() ?? Promise.resolve(),
      });
      slaveServices = services;
      closers.push(() => services.close());
    }
    registerTimerHandlers(server, ctx, timers);
    let stopRates: () => void = () => {};
    const removeGauges = this.metrics.gaugesOf(() => {
      stopRates = registerBrokerMetrics(this.metrics, ctx, { timers, ha: () => replication.runtimeInfo() });
    });
    closers.push(() => {
      stopRates();
      removeGauges();
    });
    return { server: remoting, client, store, replication, ctx, registrar, closers };
  }
}
