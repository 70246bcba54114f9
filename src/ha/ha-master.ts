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

export class HaMaster {
  private server: net.Server | undefined;
  private readonly connections = new Set<HaConnection>();
  private readonly transfer: GroupTransfer;
  private unsubscribe: (() => void) | undefined;
  private boundPort = 0;
  private readonly clock = new OffsetClock();

  constructor(private readonly o: HaMasterOptions) {
    this.transfer = new GroupTransfer({ timeoutMs: o.slaveTimeoutMs });
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
      onAck: (offset) => this.transfer.acknowledge(offset),
      onClose: (closed) => {
        if (this.connections.delete(closed)) log.info("slave disconnected", { slave: closed.addr, ackOffset: closed.ackOffset });
      },
    });
    this.connections.add(connection);
  }
}
