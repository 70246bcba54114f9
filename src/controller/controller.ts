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
// For startupGraceMs after start() no group is counted masterless for want of heartbeats: the
// brokers, which kept serving while the controller was down, beat again within that time.
import { RequestCode, type Logger, type MasterInfo } from "../common/index.ts";
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
  now?: () => number;
  startupGraceMs?: number;
}

/** The keys UPDATE_CONTROLLER_CONFIG may change at runtime. */
export const UPDATABLE_KEYS = ["enableElectUncleanMaster", "notifyBrokerRoleChanged"] as const;
export type UpdatableKey = (typeof UPDATABLE_KEYS)[number];

export class Controller {
  readonly liveness: Liveness;
  private replicasState: Replicas | undefined;
  private readonly client: RemotingClient;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly now: () => number;
  private startedAtMs = 0;
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

  get replicas(): Replicas {
    if (this.replicasState === undefined) throw new Error("the controller is not started");
    return this.replicasState;
  }

  start(): void {
    const store = this.options.stateStore ?? openSqliteStateStore(this.options.controllerStorePath);
    this.replicasState = new Replicas(store);
    this.startedAtMs = this.now();
    this.timers.push(setInterval(() => this.scanNotActiveBrokers(), this.options.scanNotActiveBrokerInterval));
    this.timers.push(setInterval(() => this.scanInactiveMasters(), this.options.scanInactiveMasterInterval));
    this.log.info("controller started", { groups: this.replicas.all().length, store: this.options.controllerStorePath });
    this.stateStore = store;
  }

  private stateStore: ControllerStateStore | undefined;
  private stopped = false;

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.stateStore?.close();
    this.stateStore = undefined;
    this.client.close();
  }

  handlers(): Map<number, Handler> {
    return controllerHandlers(this);
  }

  onConnectionClose(conn: Connection): void {
    if (this.stopped) return;
    for (const gone of this.liveness.closed(conn.id)) this.onBrokerGone(gone.brokerName, gone.brokerId, "its connection closed");
  }

  /** Elects (or re-elects) a group's master and tells its brokers when it changed. */
  elect(brokerName: string, o: { designated?: number; excluded?: number } = {}): ElectOutcome {
    const before = this.replicas.get(brokerName);
    const outcome = this.replicas.elect(brokerName, this.liveness.ofGroup(brokerName), this.settings.enableElectUncleanMaster, o);
    if (outcome.elected) {
      this.log.info("master elected", { brokerName, masterBrokerId: outcome.info.masterBrokerId, masterEpoch: outcome.info.masterEpoch, was: before?.masterBrokerId });
    } else {
      this.log.warn("no master elected", { brokerName, reason: outcome.reason });
    }
    if (before?.masterBrokerId !== outcome.info.masterBrokerId || outcome.elected) this.notify(brokerName, outcome.info);
    return outcome;
  }

  /** NOTIFY_BROKER_ROLE_CHANGED to every live broker of the group (answers are not awaited). */
  notify(brokerName: string, info: MasterInfo): void {
    if (!this.settings.notifyBrokerRoleChanged) return;
    const group = this.replicas.get(brokerName);
    const body = Buffer.from(JSON.stringify({ syncStateSet: group?.syncStateSet ?? [], syncStateSetEpoch: info.syncStateSetEpoch }));
    for (const b of this.liveness.ofGroup(brokerName)) {
      const cmd = request(RequestCode.NOTIFY_BROKER_ROLE_CHANGED, { ...info }, body);
      this.client.invoke(b.brokerAddr, cmd, 3000).catch((e: unknown) => {
        this.log.warn("could not tell a broker its group's new master", { brokerAddr: b.brokerAddr, error: String(e) });
      });
    }
  }

  private onBrokerGone(brokerName: string, brokerId: number, why: string): void {
    const group = this.replicas.get(brokerName);
    this.log.warn("broker inactive", { brokerName, brokerId, why, master: group?.masterBrokerId === brokerId });
    if (group?.masterBrokerId === brokerId) this.elect(brokerName, { excluded: brokerId });
  }

  private scanNotActiveBrokers(): void {
    for (const gone of this.liveness.expire()) this.onBrokerGone(gone.brokerName, gone.brokerId, "its heartbeats stopped");
  }

  /** Groups without a live master (none elected yet, or its master never came back). */
  private scanInactiveMasters(): void {
    if (this.now() - this.startedAtMs < (this.options.startupGraceMs ?? 10_000)) return;
    for (const group of this.replicas.all()) {
      const master = group.masterBrokerId;
      if (master !== undefined && this.liveness.isAlive(group.brokerName, master)) continue;
      if (this.liveness.ofGroup(group.brokerName).length === 0) continue;
      this.elect(group.brokerName, { excluded: master });
    }
  }
}
