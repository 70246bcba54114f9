// The master's side of replication (RocketMQ's HAService on a master): accepts slaves on
// haListenPort, streams the commitlog to each (ha-connection.ts), and answers SYNC_MASTER's
// question for every send: replicated (PUT_OK), not in time (FLUSH_SLAVE_TIMEOUT), or no slave
// in sync to wait for (SLAVE_NOT_AVAILABLE).
//
// Promises: start() resolves once the port is bound (it rejects with the reason when not);
// stop() closes the listener and every slave connection and answers waiting sends.
import net from "node:net";
import type { Logger } from "../common/index.ts";
import type { MessageStore } from "../store/index.ts";
import { GroupTransfer, type SlaveStatus } from "./group-transfer.ts";
import { HaConnection, type SlaveState } from "./ha-connection.ts";
import { OffsetClock } from "./offset-clock.ts";

export interface HaMasterOptions {
  store: MessageStore;
  /** haListenPort; 0 = any free port (tests). */
  port: number;
  host?: string;
  /** mappedFileSizeCommitLog: an empty slave starts at the beginning of the last segment. */
  segmentBytes: number;
  /** haTransferBatchSize. */
  batchBytes: number;
  /** haSendHeartbeatInterval. */
  heartbeatIntervalMs: number;
  /** haHousekeepingInterval. */
  housekeepingIntervalMs: number;
  /** haMaxGapNotInSync (haSlaveFallbehindMax in 4.x). */
  maxGapBytes: number;
  /** How long a SYNC_MASTER send waits for its slave (slaveTimeout, as RocketMQ 4.9.3+). */
  slaveTimeoutMs: number;
  log: Logger;
}

/** A slave as controller mode tracks it, by brokerId (kept after it disconnects). */
export interface ReplicaState {
  ackOffset: number;
  lastCaughtUpMs: number;
}

export class HaMaster {
  private server: net.Server | undefined;
  private readonly connections = new Set<HaConnection>();
  private readonly transfer: GroupTransfer;
  /** allAckInSyncStateSet: released once every SyncStateSet slave holds a send. */
  private readonly allTransfer: GroupTransfer;
  private readonly replicas = new Map<number, ReplicaState>();
  /** The SyncStateSet's slaves (controller mode). */
  private members: number[] = [];
  private unsubscribe: (() => void) | undefined;
  private boundPort = 0;
  private readonly clock = new OffsetClock();

  constructor(private readonly o: HaMasterOptions) {
    this.transfer = new GroupTransfer({ timeoutMs: o.slaveTimeoutMs });
    this.allTransfer = new GroupTransfer({ timeoutMs: o.slaveTimeoutMs });
  }

  /** Controller mode: the SyncStateSet's slaves. A member not heard of yet counts as caught up
   *  now (it is given haMaxTimeSlaveNotCatchup to connect). */
  setSyncStateSet(slaveIds: readonly number[]): void {
    this.members = [...slaveIds];
    for (const id of slaveIds) if (!this.replicas.has(id)) this.replicas.set(id, { ackOffset: 0, lastCaughtUpMs: Date.now() });
    this.acknowledgeAll();
  }

  /** Every slave brokerId this master has heard of, with its acknowledgement and catch-up time. */
  replicaStates(): ReadonlyMap<number, ReplicaState> {
    return this.replicas;
  }

  /** allAckInSyncStateSet: the status of a send once every SyncStateSet slave holds nextOffset
   *  (PUT_OK at once when the set has no slave). */
  awaitAllInSync(nextOffset: number): SlaveStatus | Promise<SlaveStatus> {
    if (this.members.length === 0) return "PUT_OK";
    this.wakeAll();
    return this.allTransfer.waitFor(nextOffset);
  }

  /** The lowest offset every SyncStateSet member holds (RocketMQ's confirmOffset). */
  confirmOffset(): number {
    let min = this.o.store.maxPhysicalOffset() as number;
    for (const id of this.members) min = Math.min(min, this.replicas.get(id)?.ackOffset ?? 0);
    return min;
  }

  private onAck(offset: number, connection: HaConnection): void {
    this.transfer.acknowledge(offset);
    const id = connection.brokerId;
    if (id === undefined) return;
    this.replicas.set(id, { ackOffset: offset, lastCaughtUpMs: connection.lastCaughtUpMs });
    if (this.members.includes(id)) this.acknowledgeAll();
  }

  private acknowledgeAll(): void {
    if (this.members.length > 0) this.allTransfer.acknowledge(this.confirmOffset());
  }

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: this.o.port, host: this.o.host ?? "0.0.0.0" }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (error) => this.o.log.error("HA listener failed", { error: error.message }));
    this.server = server;
    const address = server.address();
    this.boundPort = typeof address === "object" && address !== null ? address.port : this.o.port;
    this.clock.record(Date.now(), this.o.store.maxPhysicalOffset());
    this.unsubscribe = this.o.store.onDispatch(() => {
      this.clock.record(Date.now(), this.o.store.maxPhysicalOffset());
      this.wakeAll();
    });
    this.o.log.info("HA listening", { port: this.boundPort });
    return this.boundPort;
  }

  /** SYNC_MASTER: the status of a send whose records end at nextOffset (RocketMQ's isSlaveOK,
   *  then the group wait). */
  awaitSlave(nextOffset: number): SlaveStatus | Promise<SlaveStatus> {
    if (this.connections.size === 0 || nextOffset - this.transfer.ackedOffset >= this.o.maxGapBytes) return "SLAVE_NOT_AVAILABLE";
    this.wakeAll();
    return this.transfer.waitFor(nextOffset);
  }

  /** Every connected slave, in connection order. */
  slaves(): SlaveState[] {
    const now = Date.now();
    const end = this.o.store.maxPhysicalOffset();
    return [...this.connections].map((c) => {
      const state = c.state();
      return { ...state, behindMs: this.clock.behindMs(state.ackOffset, end, now) };
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.transfer.close();
    this.allTransfer.close();
    for (const connection of [...this.connections]) connection.close();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private wakeAll(): void {
    for (const connection of this.connections) connection.wake();
  }

  private accept(socket: net.Socket): void {
    const { store, segmentBytes, batchBytes, heartbeatIntervalMs, housekeepingIntervalMs, maxGapBytes } = this.o;
    const log = this.o.log;
    const connection = new HaConnection(socket, {
      store, segmentBytes, batchBytes, heartbeatIntervalMs, housekeepingIntervalMs, maxGapBytes, log,
      onAck: (offset, from) => this.onAck(offset, from),
      onClose: (closed) => {
        if (this.connections.delete(closed)) log.info("slave disconnected", { slave: closed.addr, ackOffset: closed.ackOffset });
      },
    });
    this.connections.add(connection);
  }
}
