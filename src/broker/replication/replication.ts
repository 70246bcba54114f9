// The broker's replication role over src/ha: a master (ASYNC_MASTER, SYNC_MASTER) runs an HaMaster
// on haListenPort; a slave runs an HaSlave that follows haMasterAddress or the HA address each
// NameServer registration hands back (RocketMQ's updateMasterHAServerAddrPeriodically).
//
// afterPut() is the send path's one question: SYNC_MASTER waits for a slave (PUT_OK,
// FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE); every other role answers PUT_OK at once.
import type { HaRuntimeInfo, Logger, RegisterBrokerResult } from "../../common/index.ts";
import { HaMaster, HaSlave, type HaSlaveState, type SlaveState, type SlaveStatus } from "../../ha/index.ts";
import type { MessageStore } from "../../store/index.ts";

/** The broker.conf keys replication reads (MessageStoreConfig's HA keys). */
export interface BrokerHaKeys {
  brokerRole: "ASYNC_MASTER" | "SYNC_MASTER" | "SLAVE";
  listenPort: number;
  /** HA accept port; defaults to listenPort + 1 (0 when listenPort is 0: any free port). */
  haListenPort?: number;
  haMasterAddress: string;
  haSendHeartbeatInterval: number;
  haHousekeepingInterval: number;
  haTransferBatchSize: number;
  haMaxGapNotInSync: number;
  slaveTimeout: number;
  mappedFileSizeCommitLog: number;
  /** How often a slave copies its master's metadata (SlaveSynchronize). */
  slaveSynchronizeInterval: number;
  // Controller mode (RocketMQ 5's AutoSwitchHAService keys).
  allAckInSyncStateSet: boolean;
  minInSyncReplicas: number;
  haMaxTimeSlaveNotCatchup: number;
}

/** Controller mode: who this broker is in its group's SyncStateSet. */
export interface ReplicaRole {
  /** Its own brokerId (the controller's; a master registers as 0 with the NameServers). */
  brokerId: number;
  /** Master: the SyncStateSet the controller accepted (its own id included). */
  syncStateSet: readonly number[];
  /** Slave: the master's remoting address. */
  masterAddr?: string;
}

export interface ReplicationStatus {
  role: BrokerHaKeys["brokerRole"];
  /** Master: its slaves. */
  slaves: SlaveState[];
  /** Slave: whom it follows and how. */
  follow?: HaSlaveState;
  /** Controller mode, master: the SyncStateSet. */
  syncStateSet: number[];
}

export class Replication {
  private master: HaMaster | undefined;
  private slave: HaSlave | undefined;
  /** Slave: the master's remoting address, from the last registration (metadata sync uses it). */
  masterAddr: string | undefined;

  private syncStateSet: readonly number[] = [];

  constructor(
    private readonly o: BrokerHaKeys,
    private readonly store: MessageStore,
    private readonly log: Logger,
    private readonly replica?: ReplicaRole,
  ) {
    this.masterAddr = replica?.masterAddr;
  }

  /** Starts the role's side; resolves to the bound HA port (0 for a slave). */
  async start(): Promise<number> {
    const o = this.o;
    if (o.brokerRole === "SLAVE") {
      this.slave = new HaSlave({
        store: this.store,
        masterAddress: o.haMasterAddress,
        heartbeatIntervalMs: o.haSendHeartbeatInterval,
        housekeepingIntervalMs: o.haHousekeepingInterval,
        brokerId: this.replica?.brokerId,
        log: this.log,
      });
      return 0;
    }
    this.master = new HaMaster({
      store: this.store,
      port: o.haListenPort ?? (o.listenPort === 0 ? 0 : o.listenPort + 1),
      segmentBytes: o.mappedFileSizeCommitLog,
      batchBytes: o.haTransferBatchSize,
      heartbeatIntervalMs: o.haSendHeartbeatInterval,
      housekeepingIntervalMs: o.haHousekeepingInterval,
      maxGapBytes: o.haMaxGapNotInSync,
      slaveTimeoutMs: o.slaveTimeout,
      log: this.log,
    });
    if (this.replica !== undefined) this.setSyncStateSet(this.replica.syncStateSet);
    return this.master.start();
  }

  /** Controller mode, master: the SyncStateSet the controller accepted. */
  setSyncStateSet(ids: readonly number[]): void {
    this.syncStateSet = [...ids];
    this.master?.setSyncStateSet(ids.filter((id) => id !== this.replica?.brokerId));
  }

  /** Controller mode, master: the SyncStateSet as it should be now (RocketMQ's shrink and
   *  expand): itself, the members caught up within haMaxTimeSlaveNotCatchup, and the connected
   *  slaves that hold everything every member holds (confirmOffset) and caught up as recently. */
  wantedSyncStateSet(nowMs: number): number[] {
    const self = this.replica?.brokerId;
    if (this.master === undefined || self === undefined) return [...this.syncStateSet];
    const recent = (id: number) => nowMs - (this.master?.replicaStates().get(id)?.lastCaughtUpMs ?? 0) <= this.o.haMaxTimeSlaveNotCatchup;
    const confirm = this.master.confirmOffset();
    const kept = this.syncStateSet.filter((id) => id === self || recent(id));
    const joining = this.master.slaves()
      .filter((s) => s.brokerId !== undefined && !kept.includes(s.brokerId) && s.ackOffset >= confirm && recent(s.brokerId))
      .map((s) => s.brokerId as number);
    return [...new Set([self, ...kept, ...joining])].sort((a, b) => a - b);
  }

  /** Controller mode, master: what SyncStateSet members hold at least (heartbeats carry it). */
  confirmOffset(): number {
    return this.master?.confirmOffset() ?? this.store.maxPhysicalOffset();
  }

  /** Why a send must be refused before it is stored (controller mode: fewer SyncStateSet members
   *  than minInSyncReplicas), or undefined. */
  beforePut(): string | undefined {
    if (this.replica === undefined || this.master === undefined || this.syncStateSet.length >= this.o.minInSyncReplicas) return undefined;
    return `in-sync replicas not enough: the SyncStateSet [${this.syncStateSet.join(",")}] has ${this.syncStateSet.length} ` +
      `of minInSyncReplicas=${this.o.minInSyncReplicas}; a slave rejoins once it catches up`;
  }

  /** A NameServer's registration answer: a slave learns its master's addresses from it.
   *  Returns true when the master's remoting address is new. */
  onRegistered(result: RegisterBrokerResult): boolean {
    if (this.slave === undefined || this.replica !== undefined) return false; // controller mode: the controller says
    if (result.haServerAddr) this.slave.setMasterAddress(result.haServerAddr);
    if (!result.masterAddr || result.masterAddr === this.masterAddr) return false;
    this.masterAddr = result.masterAddr;
    return true;
  }

  /** A slave that follows no master yet (none registered when it last registered, or its master
   *  is unreachable): the broker re-registers soon to learn the master's address. */
  needsMaster(): boolean {
    return this.slave !== undefined && this.slave.status().state === "waiting";
  }

  /** What a stored send waits for before it is answered. */
  afterPut(nextPhysicalOffset: number): SlaveStatus | Promise<SlaveStatus> {
    if (this.master === undefined) return "PUT_OK";
    if (this.replica !== undefined) return this.o.allAckInSyncStateSet ? this.master.awaitAllInSync(nextPhysicalOffset) : "PUT_OK";
    if (this.o.brokerRole !== "SYNC_MASTER") return "PUT_OK";
    return this.master.awaitSlave(nextPhysicalOffset);
  }

  status(): ReplicationStatus {
    return { role: this.o.brokerRole, slaves: this.master?.slaves() ?? [], follow: this.slave?.status(), syncStateSet: [...this.syncStateSet] };
  }

  /** Replication's keys in GET_BROKER_RUNTIME_INFO (mq's: Apache RocketMQ 4.9.7 and 5.5.0 put no HA
   *  key there, and log "CommitLog: slave fall behind master {}bytes" each minute instead):
   *    master  haConnectionCount, inSyncSlaveNums, and with a slave connected slaveFallBehindMuch
   *            (bytes the furthest slave lacks, as MessageStore.slaveFallBehindMuch) and
   *            slaveFallBehindSeconds (how long ago the master ended where that slave ends)
   *    slave   haMasterAddress, haClientState (waiting | following | refused) */
  runtimeKeys(): Record<string, string> {
    if (this.slave !== undefined) {
      const follow = this.slave.status();
      return { haMasterAddress: follow.masterAddress, haClientState: follow.state };
    }
    const slaves = this.master?.slaves() ?? [];
    const keys: Record<string, string> = {
      haConnectionCount: String(slaves.length),
      inSyncSlaveNums: String(slaves.filter((s) => s.behindBytes < this.o.haMaxGapNotInSync).length),
    };
    const best = slaves.reduce<SlaveState | undefined>((a, s) => (a === undefined || s.ackOffset > a.ackOffset ? s : a), undefined);
    if (best !== undefined) {
      keys.slaveFallBehindMuch = String(best.behindBytes);
      keys.slaveFallBehindSeconds = (best.behindMs / 1000).toFixed(3);
    }
    return keys;
  }

  /** GET_BROKER_HA_STATUS's body: a master's slaves (in sync = within haMaxGapNotInSync), or whom a
   *  slave follows. */
  runtimeInfo(): HaRuntimeInfo {
    const max = this.store.maxPhysicalOffset();
    const connections = (this.master?.slaves() ?? []).map((s) => ({
      addr: s.addr, slaveAckOffset: s.ackOffset, diff: s.behindBytes, inSync: s.behindBytes < this.o.haMaxGapNotInSync,
      transferredByteInSecond: s.bytesPerSecond, transferFromWhere: s.transferFromWhere,
    }));
    const follow = this.slave?.status();
    return {
      master: this.master !== undefined,
      masterCommitLogMaxOffset: this.master !== undefined ? max : 0,
      inSyncSlaveNums: connections.filter((c) => c.inSync).length,
      haConnectionInfo: connections,
      haClientRuntimeInfo: {
        masterAddr: follow?.masterAddress ?? "", transferredByteInSecond: follow?.bytesPerSecond ?? 0, maxOffset: max,
        lastReadTimestamp: follow?.lastReadMs ?? 0, lastWriteTimestamp: follow?.lastWriteMs ?? 0,
        masterFlushOffset: this.slave !== undefined ? this.store.meta.masterFlushedOffset.get() : 0,
        state: follow?.state, reason: follow?.reason,
      },
    };
  }

  /** RESET_MASTER_FLUSH_OFFSET: a slave records the offset as its master's flushed offset (as
   *  RocketMQ's setMasterFlushedOffset, a record only: nothing is truncated or re-sent); a master
   *  ignores it. Returns whether it was taken. */
  resetMasterFlushOffset(offset: number): boolean {
    if (this.slave === undefined) return false;
    this.store.meta.masterFlushedOffset.set(offset);
    this.log.info("master flush offset reset by admin", { masterFlushOffset: offset });
    return true;
  }

  async stop(): Promise<void> {
    await this.slave?.stop();
    await this.master?.stop();
  }
}
