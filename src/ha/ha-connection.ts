// One slave's connection on the master (RocketMQ's HAConnection): reads the slave's reports,
// streams the commitlog from where the slave asked.
//
// Promises: nothing is sent before the slave's first report. A slave that reports 0 (empty)
// gets the master's last commitlog segment onward, as RocketMQ; one that reports an offset the
// master does not hold (past its end: the slave is ahead; below its oldest segment) is told the
// master's offset in a heartbeat header and the connection is closed, so it can name both.
// Batches are at most batchBytes and never cross a segment; the socket's write buffer is
// honoured (the next batch waits for 'drain'). Idle, a heartbeat header goes out every
// heartbeatIntervalMs; a slave silent for housekeepingIntervalMs is dropped.
import type { Socket } from "node:net";
import { physicalOffset, type Logger } from "../common/index.ts";
import type { MessageStore } from "../store/index.ts";
import { ByteRate } from "./byte-rate.ts";
import { encodeTransferHeader, ReportReader } from "./wire.ts";

/** One pump writes at most this much before yielding the loop (then it goes on next turn). */
const PUMP_BYTES_MAX = 1024 * 1024;

export interface ConnectionOptions {
  store: MessageStore;
  segmentBytes: number;
  batchBytes: number;
  heartbeatIntervalMs: number;
  housekeepingIntervalMs: number;
  /** haMaxGapNotInSync: a slave this far behind is logged as fallen behind (and again once back). */
  maxGapBytes: number;
  log: Logger;
  /** A report arrived: offset is what the slave holds (its acknowledgement). */
  onAck: (offset: number, connection: HaConnection) => void;
  onClose: (connection: HaConnection) => void;
}

/** A slave as the master sees it (haStatus, runtime info). */
export interface SlaveState {
  addr: string;
  ackOffset: number;
  /** Master's max physical offset − ackOffset. */
  behindBytes: number;
  /** Where the master began streaming to it. */
  transferFromWhere: number;
  /** Commitlog bytes sent in the last whole second. */
  bytesPerSecond: number;
  connectedAtMs: number;
  /** The slave's brokerId, when it said (controller mode). */
  brokerId?: number;
  /** When it last held everything this master had at some moment (RocketMQ's lastCaughtUpTimeMs). */
  lastCaughtUpMs: number;
  /** How long ago the master's commitlog ended where this slave's ends now: 0 when it holds it all. */
  behindMs: number;
}

export class HaConnection {
  readonly addr: string;
  readonly connectedAtMs = Date.now();
  ackOffset = -1;
  private nextOffset = -1;
  private fromOffset = -1;
  private readonly rate = new ByteRate();
  private readonly reports = new ReportReader();
  private lastReadMs = Date.now();
  private lastWriteMs = Date.now();
  private waitingDrain = false;
  private pumpQueued = false;
  private closed = false;
  private toldEnd = false;
  private fallenBehind = false;
  /** The master's end when a batch last left, and when: an acknowledgement reaching it means the
   *  slave caught up at that time. */
  private mark: { offset: number; atMs: number } | undefined;
  lastCaughtUpMs = 0;
  private caughtUpOnce = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly socket: Socket,
    private readonly o: ConnectionOptions,
  ) {
    this.addr = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? 0}`;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("drain", () => {
      this.waitingDrain = false;
      this.pump();
    });
    socket.on("error", (error) => o.log.warn("slave connection error", { slave: this.addr, error: error.message }));
    socket.on("close", () => this.close());
    const tick = Math.max(10, Math.min(100, o.heartbeatIntervalMs));
    this.timer = setInterval(() => this.onTick(), tick);
  }

  state(): SlaveState {
    const max = this.o.store.maxPhysicalOffset();
    const ack = Math.max(0, this.ackOffset);
    return {
      addr: this.addr, ackOffset: ack, behindBytes: Math.max(0, max - ack), transferFromWhere: this.fromOffset,
      bytesPerSecond: this.rate.perSecond, connectedAtMs: this.connectedAtMs, brokerId: this.reports.brokerId,
      lastCaughtUpMs: this.lastCaughtUpMs, behindMs: 0,
    };
  }

  /** New commitlog bytes may be readable: send them once the current task ends (a microtask: the
   *  bytes of a group of puts leave before their senders are answered; one pump however many
   *  records woke it). later: after the loop's other work (a pump that stopped at its share). */
  wake(later = false): void {
    if (this.pumpQueued || this.nextOffset < 0 || this.closed) return;
    this.pumpQueued = true;
    const run = () => {
      this.pumpQueued = false;
      this.pump();
    };
    if (later) setImmediate(run);
    else queueMicrotask(run);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.socket.destroy();
    this.o.onClose(this);
  }

  get brokerId(): number | undefined {
    return this.reports.brokerId;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const report = this.reports.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    this.lastReadMs = Date.now();
    if (report === undefined) return;
    const first = this.ackOffset < 0;
    this.ackOffset = report;
    if (first) return this.begin(report);
    const max = this.o.store.maxPhysicalOffset();
    if (report > max) return this.refuse(`the slave acknowledged ${report}, beyond this master's end ${max}`, max);
    this.caughtUp(report);
    this.o.onAck(report, this);
  }

  /** The first report: where to start, or why this slave cannot follow. */
  private begin(requested: number): void {
    const { store, segmentBytes } = this.o;
    const max = store.maxPhysicalOffset();
    const min = store.minPhysicalOffset();
    if (requested > max) {
      return this.refuse(`the slave's commitlog ends at ${requested}, beyond this master's end ${max}: a slave is never ahead of its master`, max);
    }
    if (requested > 0 && requested < min) {
      return this.refuse(`the slave's commitlog ends at ${requested}, below this master's oldest offset ${min}`, min);
    }
    this.nextOffset = requested === 0 ? max - (max % segmentBytes) : requested;
    this.fromOffset = this.nextOffset;
    this.o.log.info("slave connected", { slave: this.addr, slaveOffset: requested, from: this.nextOffset, masterOffset: max });
    this.caughtUp(requested);
    this.o.onAck(requested, this);
    this.pump();
  }

  /** An acknowledgement of offset: caught up if it reaches the mark (or all the master has). */
  private caughtUp(offset: number): void {
    const now = Date.now();
    if (offset >= this.o.store.maxPhysicalOffset()) {
      this.lastCaughtUpMs = now;
      this.mark = undefined;
    } else if (this.mark !== undefined && offset >= this.mark.offset) {
      this.lastCaughtUpMs = this.mark.atMs;
      this.mark = undefined;
    }
    if (offset >= this.o.store.maxPhysicalOffset() && !this.caughtUpOnce) {
      this.caughtUpOnce = true;
      this.o.log.info("slave caught up", { slave: this.addr, offset, catchUpMs: now - this.connectedAtMs });
    }
  }

  /** Tells the slave this master's offset (a heartbeat header) and drops it. */
  private refuse(reason: string, masterOffset: number): void {
    this.o.log.error("slave refused", { slave: this.addr, reason });
    this.socket.end(encodeTransferHeader(masterOffset, 0));
    this.closed = true;
    clearInterval(this.timer);
    this.o.onClose(this);
  }

  /** Writes batches until the data runs out or the socket's buffer is full. */
  private pump(): void {
    if (this.closed || this.nextOffset < 0 || this.waitingDrain) return;
    const { store, batchBytes } = this.o;
    // Corked: the batches of one pump leave in as few writes as the socket allows.
    this.socket.cork();
    try {
      this.pumpBatches(store, batchBytes);
    } finally {
      this.socket.uncork();
    }
  }

  private pumpBatches(store: MessageStore, batchBytes: number): void {
    for (let sent = 0; sent < PUMP_BYTES_MAX;) {
      const body = store.readCommitLog(physicalOffset(this.nextOffset), batchBytes);
      if (body.length === 0) {
        // Caught up for the first time: say so at once (a heartbeat), so a slave that holds more
        // than this master learns where the master ends without waiting a heartbeat interval.
        if (!this.toldEnd) this.heartbeat();
        return;
      }
      this.mark ??= { offset: store.maxPhysicalOffset(), atMs: Date.now() };
      const header = encodeTransferHeader(this.nextOffset, body.length);
      this.nextOffset += body.length;
      sent += body.length;
      this.rate.add(body.length);
      this.socket.write(header);
      const more = this.socket.write(body);
      this.lastWriteMs = Date.now();
      if (!more) {
        this.waitingDrain = true;
        return;
      }
    }
    this.wake(true); // more to send: the rest next turn, after other work had its share
  }

  private onTick(): void {
    const now = Date.now();
    this.rate.tick(now);
    if (now - this.lastReadMs > this.o.housekeepingIntervalMs) {
      this.o.log.warn("slave silent, connection dropped", { slave: this.addr, silentMs: now - this.lastReadMs });
      return this.close();
    }
    if (this.nextOffset < 0) return;
    this.watchLag();
    this.pump();
    if (!this.waitingDrain && now - this.lastWriteMs > this.o.heartbeatIntervalMs) this.heartbeat();
  }

  /** Logs a slave falling more than maxGapBytes behind, and its return within half of it. */
  private watchLag(): void {
    const behind = this.o.store.maxPhysicalOffset() - Math.max(0, this.ackOffset);
    if (!this.fallenBehind && behind >= this.o.maxGapBytes) {
      this.fallenBehind = true;
      this.o.log.warn("slave fell behind", { slave: this.addr, behindBytes: behind, haMaxGapNotInSync: this.o.maxGapBytes });
    } else if (this.fallenBehind && behind < this.o.maxGapBytes / 2) {
      this.fallenBehind = false;
      this.o.log.info("slave back in sync", { slave: this.addr, behindBytes: behind });
    }
  }

  private heartbeat(): void {
    this.toldEnd = true;
    this.socket.write(encodeTransferHeader(this.nextOffset, 0));
    this.lastWriteMs = Date.now();
  }
}
