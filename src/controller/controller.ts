// The controller role (RocketMQ 5's ControllerManager, issue 18): keeps every broker group's
// master, MasterEpoch and SyncStateSet (replicas.ts, persisted by a ControllerStateStore), tracks
// which brokers are alive (liveness.ts), and elects a new master when a group's master stops:
// at once when its connection closes, else when its heartbeats time out (the scan every
// scanNotActiveBrokerIntervalMs). The brokers of a group hear of a new master through
// NOTIFY_BROKER_ROLE_CHANGED (notifyBrokerRoleChanged) and, in any case, from their own look at
// CONTROLLER_GET_REPLICA_INFO.
//
// It has no socket of its own: handlers() and onConnectionClose() plug into a RemotingServer —
// the standalone `mq controller`'s or, with enableControllerInNamesrv, the NameServer's.
// start() loads the state and starts the scans; stop() ends them and closes the state store.
// For startupGraceMs after it becomes active no group is counted masterless for want of
// heartbeats: the brokers, which kept serving while no controller was, beat again within it.
// With a Leadership (etcd) only the controller holding the lease is active; the others answer
// CONTROLLER_NOT_LEADER (brokers then try the next controllerAddr) and take over, from the
// state in etcd, when the lease passes to them.
import { BrokerError, masterInfoExtFields, RequestCode, ResponseCode, type Logger, type MasterInfo } from "../common/index.ts";
import { request, RemotingClient, type Connection, type Handler } from "../remoting/index.ts";
import { controllerHandlers } from "./handlers.ts";
import { Liveness } from "./liveness.ts";
import { Replicas, type ElectOutcome } from "./replicas.ts";
import { openSqliteStateStore, type ControllerStateStore } from "./state-store.ts";

export interface ControllerOptions {
  controllerStorePath: string;
  enableElectUncleanMaster: boolean;
  notifyBrokerRoleChanged: boolean;
  scanNotActiveBrokerInterval: number;
  scanInactiveMasterInterval: number;
  /** "host:port" the controller is reached at (CONTROLLER_GET_METADATA_INFO). */
  address: string;
  log: Logger;
  /** The state's home; SQLite in controllerStorePath when absent. */
  stateStore?: ControllerStateStore;
  /** Which of several controllers is active (etcd's lease); absent: this one, alone. */
  leadership?: Leadership;
  now?: () => number;
  startupGraceMs?: number;
}

/** Who of several controllers sharing one state is active. */
export interface Leadership {
  start(): void;
  stop(): void | Promise<void>;
  /** listener(true) once this controller became the active one, listener(false) once it stopped being. */
  onChange(listener: (leader: boolean) => void): void;
  /** The active controller's address as far as known ("" when none). */
  leaderAddress(): string;
}

/** The keys UPDATE_CONTROLLER_CONFIG may change at runtime. */
export const UPDATABLE_KEYS = ["enableElectUncleanMaster", "notifyBrokerRoleChanged"] as const;
export type UpdatableKey = (typeof UPDATABLE_KEYS)[number];

export class Controller {
  readonly liveness: Liveness;
  private replicasState: Replicas | undefined;
  private store: ControllerStateStore | undefined;
  private readonly client: RemotingClient;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly now: () => number;
  private activeSinceMs = 0;
  private active = false;
  private stopped = false;
  readonly log: Logger;
  /** The runtime-updatable settings (UPDATE_CONTROLLER_CONFIG). */
  readonly settings: Record<UpdatableKey, boolean>;

  constructor(readonly options: ControllerOptions) {
    this.log = options.log.child("controller");
    this.now = options.now ?? Date.now;
    this.liveness = new Liveness(this.now);
    this.client = new RemotingClient({ log: this.log });
    this.settings = { enableElectUncleanMaster: options.enableElectUncleanMaster, notifyBrokerRoleChanged: options.notifyBrokerRoleChanged };
  }

  /** The state, while this controller is the active one; else CONTROLLER_NOT_LEADER for the requester. */
  get replicas(): Replicas {
    if (!this.active || this.replicasState === undefined) {
      const leader = this.options.leadership?.leaderAddress();
      throw new BrokerError(ResponseCode.CONTROLLER_NOT_LEADER, `this controller is not the active one${leader ? `; the active one is ${leader}` : ""}`);
    }
    return this.replicasState;
  }

  get isActive(): boolean {
    return this.active;
  }

  async start(): Promise<void> {
    this.store = this.options.stateStore ?? openSqliteStateStore(this.options.controllerStorePath);
    const leadership = this.options.leadership;
    if (leadership === undefined) {
      await this.takeOver();
    } else {
      leadership.onChange((leader) => void (leader ? this.takeOver() : this.stepDown()));
      leadership.start();
    }
    this.timers.push(setInterval(() => void this.scanNotActiveBrokers(), this.options.scanNotActiveBrokerInterval));
    this.timers.push(setInterval(() => void this.scanInactiveMasters(), this.options.scanInactiveMasterInterval));
    this.log.info("controller started", { store: this.options.stateStore ? "etcd" : this.options.controllerStorePath });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.active = false;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.options.leadership?.stop();
    await this.store?.close();
    this.store = undefined;
    this.client.close();
  }

  handlers(): Map<number, Handler> {
    return controllerHandlers(this);
  }

  onConnectionClose(conn: Connection): void {
    if (this.stopped || !this.active) return;
    for (const gone of this.liveness.closed(conn.id)) void this.onBrokerGone(gone.brokerName, gone.brokerId, "its connection closed");
  }

  /** Elects (or re-elects) a group's master and tells its brokers when it changed. */
  elect(brokerName: string, o: { designated?: number; excluded?: number } = {}): Promise<ElectOutcome> {
    const replicas = this.replicas;
    return replicas.exclusive(async () => {
      const before = replicas.get(brokerName);
      const outcome = await replicas.elect(brokerName, this.liveness.ofGroup(brokerName), this.settings.enableElectUncleanMaster, o);
      if (outcome.elected) {
        this.log.info("master elected", { brokerName, masterBrokerId: outcome.info.masterBrokerId, masterEpoch: outcome.info.masterEpoch, was: before?.masterBrokerId });
      } else {
        this.log.warn("no master elected", { brokerName, reason: outcome.reason });
      }
      if (before?.masterBrokerId !== outcome.info.masterBrokerId || outcome.elected) this.notify(brokerName, outcome.info);
      return outcome;
    });
  }

  /** NOTIFY_BROKER_ROLE_CHANGED to every live broker of the group (answers are not awaited). */
  notify(brokerName: string, info: MasterInfo): void {
    if (!this.settings.notifyBrokerRoleChanged) return;
    const group = this.replicasState?.get(brokerName);
    const body = Buffer.from(JSON.stringify({ syncStateSet: group?.syncStateSet ?? [], syncStateSetEpoch: info.syncStateSetEpoch }));
    for (const b of this.liveness.ofGroup(brokerName)) {
      const cmd = request(RequestCode.NOTIFY_BROKER_ROLE_CHANGED, masterInfoExtFields(info), body);
      this.client.invoke(b.brokerAddr, cmd, 3000).catch((e: unknown) => {
        this.log.warn("could not tell a broker its group's new master", { brokerAddr: b.brokerAddr, error: String(e) });
      });
    }
  }

  /** Becomes the active controller: the state as saved, brokers alive again from their next beat. */
  private async takeOver(): Promise<void> {
    if (this.store === undefined || this.stopped) return;
    const groups = await this.store.load();
    this.replicasState = new Replicas(this.store, groups);
    this.liveness.clear();
    this.activeSinceMs = this.now();
    this.active = true;
    this.log.info("controller active", { groups: groups.length });
  }

  private stepDown(): void {
    if (!this.active) return;
    this.active = false;
    this.log.warn("controller no longer active: another holds the lease");
  }

  private async onBrokerGone(brokerName: string, brokerId: number, why: string): Promise<void> {
    const group = this.replicasState?.get(brokerName);
    this.log.warn("broker inactive", { brokerName, brokerId, why, master: group?.masterBrokerId === brokerId });
    if (group?.masterBrokerId !== brokerId || !this.active) return;
    await this.elect(brokerName, { excluded: brokerId }).catch((e: unknown) => this.log.error("election failed", { brokerName, error: String(e) }));
  }

  private async scanNotActiveBrokers(): Promise<void> {
    if (!this.active) return;
    for (const gone of this.liveness.expire()) await this.onBrokerGone(gone.brokerName, gone.brokerId, "its heartbeats stopped");
  }

  /** Groups without a live master (none elected yet, or its master never came back). */
  private async scanInactiveMasters(): Promise<void> {
    if (!this.active || this.now() - this.activeSinceMs < (this.options.startupGraceMs ?? 10_000)) return;
    for (const group of this.replicas.all()) {
      const master = group.masterBrokerId;
      if (master !== undefined && this.liveness.isAlive(group.brokerName, master)) continue;
      if (this.liveness.ofGroup(group.brokerName).length === 0) continue;
      await this.elect(group.brokerName, { excluded: master }).catch((e: unknown) => this.log.error("election failed", { brokerName: group.brokerName, error: String(e) }));
    }
  }
}
