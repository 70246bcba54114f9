// A broker in controller mode (RocketMQ 5's ReplicasManager): it takes its brokerId from the
// controller, registers, heartbeats every brokerHeartbeatInterval, and runs a Broker in the role
// the controller gives — a master registers as brokerId 0 with the NameServers, a slave under
// its own id, following the master's HA address. When the master changes (a
// NOTIFY_BROKER_ROLE_CHANGED, or its own look at CONTROLLER_GET_REPLICA_INFO every
// syncBrokerMetadataPeriod) the Broker changes role in place (Broker.changeRole, as RocketMQ 5's
// changeToMaster / changeToSlave): its remoting server, client connections and registered
// producers and consumers stay; the store is reopened in the new role, and a returning old
// master cuts what the new master never had on the way (replica-log.ts). As master it checks its SyncStateSet every checkSyncStateSetPeriod and asks
// the controller to change it; a change is used only once the controller accepted it, so a master
// cut off from the controller cannot drop its slaves and go on acknowledging alone.
//
// Role changes run one at a time, in order. A failed change (the master unreachable to compare
// epochs) is tried again at the next look. While the controller is down the broker keeps serving
// in its role; only elections wait.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ResponseCode, type Logger, type MasterInfo, type MetricsRegistry, type Readiness, type SyncStateSet } from "../../common/index.ts";
import { RemotingClient } from "../../remoting/index.ts";
import { Broker, type BrokerDeps, type BrokerInit, type BrokerRole } from "../broker.ts";
import { brokerRegistry } from "../metrics/index.ts";
import type { Replication } from "../replication/index.ts";
import { ControllerLink, type GroupView } from "./controller-link.ts";
import { EpochFile } from "./epoch-file.ts";

/** How long a starting broker waits for a controller to answer as the active one. */
const JOIN_WAIT_MS = 30_000;

/** The broker.conf keys controller mode reads besides the Broker's. */
export interface ControllerModeKeys {
  controllerAddr: string;
  controllerHeartBeatTimeoutMills: number;
  brokerHeartbeatInterval: number;
  syncBrokerMetadataPeriod: number;
  checkSyncStateSetPeriod: number;
  brokerElectionPriority: number;
  storePathEpochFile: string;
}

export class ControllerAgent {
  private broker: Broker | undefined;
  private readonly client: RemotingClient;
  private readonly link: ControllerLink;
  private readonly epochFile: EpochFile;
  private readonly log: Logger;
  private brokerId = 0;
  private view: GroupView = { info: { masterEpoch: 0, syncStateSetEpoch: 0 }, syncStateSet: { syncStateSet: [], syncStateSetEpoch: 0 } };
  private chain: Promise<void> = Promise.resolve();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private stopped = false;
  private heartbeatFailing = false;
  /** What every Broker this agent runs counts into (the caller's, or one made here, once). */
  readonly metrics: MetricsRegistry;

  constructor(
    private readonly options: Readonly<BrokerInit & ControllerModeKeys>,
    private readonly deps: BrokerDeps = {},
  ) {
    this.log = options.log.child("controller-mode");
    this.metrics = options.metrics ?? brokerRegistry(options);
    if (options.listenPort === 0) throw new Error("enableControllerMode=true needs a fixed listenPort (the controller names each broker by its address)");
    this.client = new RemotingClient({ log: options.log });
    const haPort = options.haListenPort ?? options.listenPort + 1;
    this.link = new ControllerLink(options.controllerAddr, this.client, {
      clusterName: options.brokerClusterName, brokerName: options.brokerName, rootDir: options.storePathRootDir,
      brokerAddr: `${options.brokerIP1}:${options.listenPort}`, haAddr: `${options.brokerIP2 ?? options.brokerIP1}:${haPort}`,
    });
    mkdirSync(options.storePathRootDir, { recursive: true });
    this.epochFile = new EpochFile(options.storePathEpochFile || join(options.storePathRootDir, "epochFileCheckpoint"));
  }

  get brokerAddr(): string {
    return `${this.options.brokerIP1}:${this.options.listenPort}`;
  }

  get metricsPromPort(): number {
    return this.broker?.metricsPromPort ?? 0;
  }

  /** The Broker (tests): one from the first role on, changing role in place. */
  get running(): Broker | undefined {
    return this.broker;
  }

  /** The running Broker's readiness; not ready while the controller has given no role. */
  readiness(): Readiness {
    return this.broker?.readiness() ?? { ready: false, reason: "controller mode: waiting for the controller to give this broker its role" };
  }

  bootMessage(): string {
    const role = this.view.info.masterBrokerId === this.brokerId ? "master" : "slave";
    return `${this.broker?.bootMessage() ?? ""} (controller mode: brokerId ${this.brokerId}, ${role} at epoch ${this.view.info.masterEpoch})`;
  }

  async start(): Promise<void> {
    await this.become(await this.join());
    const o = this.options;
    this.timers.push(setInterval(() => void this.heartbeat(), o.brokerHeartbeatInterval));
    this.timers.push(setInterval(() => void this.look(), o.syncBrokerMetadataPeriod));
    this.timers.push(setInterval(() => void this.checkSyncStateSet(), o.checkSyncStateSetPeriod));
  }

  /** Takes the brokerId, registers and, in a group without a master, asks to be elected. A
   *  controller not up (or not active) yet is asked again for up to JOIN_WAIT_MS. */
  private async join(): Promise<GroupView> {
    const deadline = Date.now() + JOIN_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        this.brokerId = await this.link.brokerId();
        await this.heartbeat();
        const view = await this.link.register(this.brokerId);
        if (view.info.masterBrokerId !== undefined) return view;
        const elected = await this.link.elect(this.brokerId);
        return elected?.masterBrokerId !== undefined ? await this.link.replicaInfo() : view;
      } catch (e) {
        if (Date.now() > deadline || this.stopped) throw e;
        if (attempt === 0) this.log.warn("no controller to join yet; asking again", { error: String(e) });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.chain;
    await this.broker?.stop();
    this.broker = undefined;
    this.client.close();
  }

  /** A role serves (the Broker is started and not between roles). */
  private get serving(): boolean {
    return this.broker?.serving === true;
  }

  private get isMaster(): boolean {
    return this.serving && this.view.info.masterBrokerId === this.brokerId;
  }

  /** Replication of the role serving now (none between roles). */
  private get replication(): Replication | undefined {
    return this.serving ? this.broker?.replication : undefined;
  }

  /** The role the Broker had, serving or not (for the log line of a change). */
  private get wasMaster(): boolean {
    return this.broker?.options.controllerRole?.master === true;
  }

  /** Queues a role change (or a SyncStateSet update) behind the ones before it. */
  private apply(view: GroupView): Promise<void> {
    this.chain = this.chain.then(() => this.applyNow(view)).catch((e: unknown) => {
      this.log.error("role change failed; trying again at the next look at the controller", { error: String(e) });
    });
    return this.chain;
  }

  private async applyNow(view: GroupView): Promise<void> {
    if (this.stopped) return;
    const now = this.view.info;
    if (view.info.masterEpoch < now.masterEpoch) return; // stale news
    const sameMaster = view.info.masterBrokerId === now.masterBrokerId && view.info.masterEpoch === now.masterEpoch;
    if (sameMaster && this.serving) {
      if (this.isMaster && view.syncStateSet.syncStateSetEpoch > this.view.syncStateSet.syncStateSetEpoch) this.useSyncStateSet(view.syncStateSet);
      this.view = { info: view.info, syncStateSet: view.syncStateSet.syncStateSetEpoch >= this.view.syncStateSet.syncStateSetEpoch ? view.syncStateSet : this.view.syncStateSet };
      return;
    }
    if (view.info.masterBrokerId === undefined && !sameMaster) {
      const elected = await this.link.elect(this.brokerId).catch(() => undefined);
      if (elected?.masterBrokerId !== undefined) return this.applyNow(await this.link.replicaInfo());
    }
    await this.become(view);
  }

  /** Puts the Broker in the role view gives: the first time it starts it; after that it changes
   *  the role in place (its remoting server, connections and registered clients stay). */
  private async become(view: GroupView): Promise<void> {
    const master = view.info.masterBrokerId === this.brokerId;
    const role: BrokerRole = {
      brokerRole: master ? "SYNC_MASTER" : "SLAVE",
      brokerId: master ? 0 : this.brokerId,
      haMasterAddress: master ? "" : (view.info.masterHaAddress ?? ""),
      controllerRole: {
        master, brokerId: this.brokerId, masterEpoch: view.info.masterEpoch, masterAddr: master ? undefined : view.info.masterAddress,
        syncStateSet: master ? view.syncStateSet.syncStateSet : [], epochFile: this.epochFile,
        onRoleChanged: (info: MasterInfo, syncStateSet: SyncStateSet) => void this.apply({ info, syncStateSet }),
      },
    };
    if (this.broker === undefined) {
      // One registry across role changes: the counters go on counting, a console or exporter beside it keeps reading it.
      const broker = new Broker({ ...this.options, metrics: this.metrics, ...role }, this.deps);
      this.view = view;
      await broker.start();
      this.broker = broker;
    } else {
      this.log.info("changing role", { from: this.wasMaster ? "master" : "slave", to: master ? "master" : "slave", masterEpoch: view.info.masterEpoch });
      this.view = view;
      await this.broker.changeRole(role);
    }
    this.log.info(master ? "serving as master" : "serving as slave", {
      brokerId: this.brokerId, masterEpoch: view.info.masterEpoch, master: view.info.masterAddress ?? "none", syncStateSet: view.syncStateSet.syncStateSet.join(","),
    });
  }

  private useSyncStateSet(set: SyncStateSet): void {
    this.view = { ...this.view, syncStateSet: set };
    this.replication?.setSyncStateSet(set.syncStateSet);
  }

  private async heartbeat(): Promise<void> {
    const replication = this.replication;
    try {
      await this.link.heartbeat({
        brokerId: this.brokerId, epoch: this.epochFile.lastEpoch(), maxOffset: this.serving ? (this.broker?.context.store.maxPhysicalOffset() ?? 0) : 0,
        confirmOffset: replication?.confirmOffset() ?? 0, timeoutMs: this.options.controllerHeartBeatTimeoutMills, priority: this.options.brokerElectionPriority,
      });
      if (this.heartbeatFailing) this.log.info("heartbeats reach the controller again");
      this.heartbeatFailing = false;
    } catch (e) {
      if (!this.heartbeatFailing) this.log.warn("heartbeat to the controller failed; the broker keeps serving, elections wait", { error: String(e) });
      this.heartbeatFailing = true;
    }
  }

  /** The periodic look at the controller's view of the group (a missed notification; a failed change). */
  private async look(): Promise<void> {
    if (this.stopped) return;
    const view = await this.link.replicaInfo().catch(() => undefined);
    if (view !== undefined) await this.apply(view);
    else if (!this.serving) await this.apply(this.view);
  }

  private async checkSyncStateSet(): Promise<void> {
    const replication = this.replication;
    if (!this.isMaster || replication === undefined || this.stopped) return;
    const current = this.view.syncStateSet;
    const wanted = replication.wantedSyncStateSet(Date.now());
    if (wanted.join(",") === [...current.syncStateSet].sort((a, b) => a - b).join(",")) return;
    const answer = await this.link.alterSyncStateSet(this.brokerId, this.view.info.masterEpoch, { syncStateSet: wanted, syncStateSetEpoch: current.syncStateSetEpoch })
      .catch(() => ResponseCode.SYSTEM_ERROR);
    if (typeof answer === "number") {
      this.log.warn("the controller did not accept the SyncStateSet; it stays as it was", { wanted: wanted.join(","), code: answer });
      if (answer !== ResponseCode.SYSTEM_ERROR) void this.look();
      return;
    }
    this.log.info("SyncStateSet changed", { from: current.syncStateSet.join(","), to: answer.syncStateSet.join(","), epoch: answer.syncStateSetEpoch });
    this.useSyncStateSet(answer);
  }
}
