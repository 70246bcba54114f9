// What a broker runs in one role, on top of the parts that outlive a role change (the
// RemotingServer, the client registry, the queue locks, access control; broker.ts): the store,
// replication, the topic and group tables, the handlers, registration with the NameServers, and
// the services of the role — a master's schedule and timer services, a slave's sync from its
// master. A controller-mode role change stops one and starts the next on the same store
// directory and ports (RocketMQ 5's changeToMaster / changeToSlave).
//
// startRole(): open the store → (controller mode) prepare the log against the master → start
// replication → a master reclaims its slaves' offsets → build the tables → register the handlers.
// The caller opens the handlers and starts the registrar. stopRole(): unregister → close the
// role's services (held pulls are answered) → wait for running requests → stop replication →
// close the store.
import { join } from "node:path";
import type { Logger, MetricsRegistry } from "../common/index.ts";
import type { RuntimeOverrides } from "../common/config/index.ts";
import { RemotingClient, type RemotingServer } from "../remoting/index.ts";
import type { MessageStore, StoreOptions } from "../store/index.ts";
import { openStore } from "../store/index.ts";
import type { BrokerAccess } from "./access.ts";
import { aclConfigHandlers, registerAdminHandlers, type BrokerConfigWriter } from "./admin/index.ts";
import type { BrokerInit } from "./broker.ts";
import { registerClientRequests, type ClientRegistryControl } from "./clients/index.ts";
import { registerConsumeHandlers } from "./consume/index.ts";
import type { BrokerContext } from "./context.ts";
import { prepareReplicaLog, registerReplicaHandlers } from "./controller-mode/index.ts";
import { registerLockHandlers, type QueueLockTable } from "./lock/index.ts";
import { BrokerMeters, meteredRegistry, registerBrokerMetrics } from "./metrics/index.ts";
import { registerQueryHandlers } from "./query/index.ts";
import { Registrar } from "./registration/index.ts";
import { reclaimOffsetsFromSlaves, registerHaStatusHandler, Replication, startSlaveServices, type SlaveServices } from "./replication/index.ts";
import { registerReplyHandlers } from "./reply/index.ts";
import { registerRetryHandlers } from "./retry/index.ts";
import type { RoleHandlers } from "./role-handlers.ts";
import { registerSendHandlers, ScheduleService } from "./send/index.ts";
import { parseDelayLevels, storeOptionsOf } from "./store-options.ts";
import { registerTimerHandlers, TimerService } from "./timer/index.ts";
import { createGroupTable, createTopicTable, seedSystemTopics } from "./topics/index.ts";
import { registerTransactionHandlers } from "./transaction/index.ts";

/** What outlives a role change. */
export interface BrokerShell {
  server: RemotingServer;
  handlers: RoleHandlers;
  clients: ClientRegistryControl;
  locks: QueueLockTable;
  access: BrokerAccess;
  metrics: MetricsRegistry;
  brokerAddr: string;
  port: number;
  log: Logger;
  openStore?: (options: StoreOptions) => MessageStore | Promise<MessageStore>;
  /** A NameServer took a registration. */
  onRegistered(): void;
}

export interface RunningRole {
  client: RemotingClient;
  store: MessageStore;
  replication: Replication;
  ctx: BrokerContext;
  registrar: Registrar;
  /** Run in order at stopRole, before the store closes. */
  closers: Array<() => void | Promise<void>>;
}

export interface LiveOptions {
  options: BrokerInit;
  overrides: RuntimeOverrides;
  /** UPDATE_BROKER_CONFIG's side. */
  writer: (registrar: () => Registrar | undefined) => BrokerConfigWriter;
}

export async function startRole(shell: BrokerShell, live: LiveOptions): Promise<RunningRole> {
  const o = live.options;
  const delayLevelsMs = parseDelayLevels(o.messageDelayLevel);
  const storeOptions = storeOptionsOf(o, { ip: o.brokerIP1, port: shell.port }, delayLevelsMs, o.log.child("store"));
  const store = await (shell.openStore ?? openStore)(storeOptions);
  const client = new RemotingClient({ log: o.log, credentials: shell.access.innerCredentials });
  const role = o.controllerRole;
  const undo = async (): Promise<void> => {
    client.close();
    await store.close();
  };
  try {
    if (role) await prepareReplicaLog({ store, epochFile: role.epochFile, masterEpoch: role.masterEpoch, master: role.master, masterAddr: role.masterAddr, client, log: shell.log });
  } catch (e) {
    await undo();
    throw e;
  }
  const replication = new Replication(o, store, o.log.child("ha"), role);
  let haPort: number;
  try {
    haPort = await replication.start();
  } catch (e) {
    await undo();
    throw new Error(`cannot listen for slaves on haListenPort ${o.haListenPort ?? o.listenPort + 1}: ${String(e)}; free that port or set haListenPort`);
  }
  if (o.brokerRole !== "SLAVE") {
    await reclaimOffsetsFromSlaves({ namesrvAddr: o.namesrvAddr, brokerName: o.brokerName, client, store, log: shell.log.child("ha") });
  }
  shell.access.opened(store.meta);
  const running = compose(shell, { client, store, replication, haPort }, delayLevelsMs, live);
  for (const [code, handler] of aclConfigHandlers(running.ctx, shell.access.source)) shell.handlers.registry.register(code, handler);
  return running;
}

export async function stopRole(shell: BrokerShell, r: RunningRole): Promise<void> {
  const idle = shell.handlers.close();
  await r.registrar.stop();
  for (const close of r.closers) await close();
  await idle;
  await r.replication.stop();
  await r.store.close();
  r.client.close();
}

interface Parts {
  client: RemotingClient;
  store: MessageStore;
  replication: Replication;
  /** The bound HA port (a slave's is 0: it listens for no one). */
  haPort: number;
}

function compose(shell: BrokerShell, parts: Parts, delayLevelsMs: number[], live: LiveOptions): RunningRole {
  const { client, store, replication, haPort } = parts;
  const o = live.options;
  const log = shell.log;
  let registrar: Registrar | undefined;
  let slaveServices: SlaveServices | undefined;
  const topics = createTopicTable({ persisted: store.meta.topics, log, autoCreateTopicEnable: o.autoCreateTopicEnable, onChange: () => registrar?.registerSoon() });
  seedSystemTopics(topics, { ...o, delayLevelCount: delayLevelsMs.length });
  const groups = createGroupTable({ persisted: store.meta.subscriptionGroups, log, autoCreateSubscriptionGroup: o.autoCreateSubscriptionGroup });
  const ctx: BrokerContext = {
    options: o, store, log, topics, groups, clients: shell.clients, brokerAddr: shell.brokerAddr, delayLevelsMs, replication,
    meters: new BrokerMeters(shell.metrics, o.metricsEnable !== false),
  };
  registrar = new Registrar({
    namesrvAddr: o.namesrvAddr,
    identity: { brokerName: o.brokerName, brokerAddr: shell.brokerAddr, clusterName: o.brokerClusterName, brokerId: o.brokerId },
    haServerAddr: `${o.brokerIP2 ?? o.brokerIP1}:${haPort}`,
    periodMs: o.registerNameServerPeriod,
    get brokerPermission() { return o.brokerPermission; }, // read at each registration: UPDATE_BROKER_CONFIG may change it
    topics,
    dataVersion: () => store.meta.topicDataVersion(),
    client,
    log: log.child("registration"),
    onRegistered: (_namesrv, result) => {
      shell.onRegistered();
      if (replication.onRegistered(result)) void slaveServices?.syncSoon();
    },
  });
  const roleServer = shell.handlers.registry;
  const server = ctx.meters.enabled ? meteredRegistry(roleServer, ctx.meters) : roleServer;
  registerHaStatusHandler(server, replication);
  registerReplicaHandlers(server, o, store);
  const locks = registerLockHandlers(server, ctx, shell.locks);
  registerSendHandlers(server, ctx, { isLockAllExpired: (group) => locks.isLockAllExpired(group) });
  registerRetryHandlers(server, ctx);
  registerQueryHandlers(server, ctx);
  registerReplyHandlers(server, ctx);
  registerClientRequests(server, ctx, shell.clients);
  const closers: RunningRole["closers"] = [
    registerAdminHandlers(server, ctx, {
      rootDir: o.storePathRootDir, requestQueue: (kind) => shell.server.queues.stats(kind), config: live.writer(() => registrar),
      resetMasterFlushOffset: (offset) => replication.resetMasterFlushOffset(offset),
    }).close,
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
      ctx, client, replication, syncIntervalMs: o.slaveSynchronizeInterval, log: log.child("slave-sync"),
      register: () => registrar?.registerSoon() ?? Promise.resolve(),
    });
    slaveServices = services;
    closers.push(() => services.close());
  }
  registerTimerHandlers(server, ctx, timers);
  let stopRates: () => void = () => {};
  const removeGauges = shell.metrics.gaugesOf(() => {
    stopRates = registerBrokerMetrics(shell.metrics, ctx, { timers, ha: () => replication.runtimeInfo() });
  });
  closers.push(() => {
    stopRates();
    removeGauges();
  });
  return { client, store, replication, ctx, registrar, closers };
}
