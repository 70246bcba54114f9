// The slave's side of replication (RocketMQ's HAClient): connects to the master's HA address,
// reports its max physical offset, appends what the master streams at those exact offsets
// (store.appendRaw dispatches the slave's own consume queues and index) and reports again.
//
// Promises: the slave never gets ahead of its master and never writes where its log and the
// master's disagree. At connect a slave holding data reports an offset up to VERIFY_BYTES below
// its end (the protocol lets a slave ask from anywhere) and compares what the master sends up to
// its end with its own bytes. A master that ends below the slave's end, sends from elsewhere, or
// whose bytes differ stops replication for good with an error naming both offsets; the store
// is left as it was. A lost connection is retried every reconnectMs; the master's address can change
// at any time (setMasterAddress, from each NameServer registration).
import net from "node:net";
import { assert, physicalOffset, type Logger } from "../common/index.ts";
import type { MessageStore } from "../store/index.ts";
import { ByteRate } from "./byte-rate.ts";
import { encodeReport, identityReport, TransferDecoder, type Transfer } from "./wire.ts";

/** RocketMQ's HAClient reads into 4 MiB; an Apache master never sends more than that at once. */
const TRANSFER_BODY_BYTES_MAX = 4 * 1024 * 1024;
/** How much of its own tail a slave asks again at connect, to check it equals the master's. */
const VERIFY_BYTES = 64 * 1024;

export interface HaSlaveOptions {
  store: MessageStore;
  /** haMasterAddress, when configured ("host:port"); else learnt through setMasterAddress. */
  masterAddress?: string;
  heartbeatIntervalMs: number;
  housekeepingIntervalMs: number;
  reconnectMs?: number;
  /** Controller mode: this slave's brokerId, told to the master first on every connection. */
  brokerId?: number;
  log: Logger;
}

export interface HaSlaveState {
  state: "waiting" | "following" | "refused";
  /** The master's HA address ("" until known). */
  masterAddress: string;
  /** This slave's commitlog end. */
  offset: number;
  /** Why it is waiting or refused. */
  reason?: string;
  /** Commitlog bytes received in the last whole second. */
  bytesPerSecond: number;
  lastReadMs: number;
  lastWriteMs: number;
}

export class HaSlave {
  private masterAddress: string | undefined;
  private socket: net.Socket | undefined;
  private decoder = new TransferDecoder(TRANSFER_BODY_BYTES_MAX);
  private reportedOffset = 0;
  /** The next offset the master must send (undefined: empty, the master's first transfer says). */
  private cursor: number | undefined;
  /** Bytes below this were already held at connect: compared with the master's, not appended. */
  private verifyEnd = 0;
  private lastReadMs = 0;
  private lastWriteMs = 0;
  private stopped = false;
  private failing = false;
  private caughtUp = false;
  private refusal: string | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly timer: ReturnType<typeof setInterval>;
  private appending: Promise<void> = Promise.resolve();
  private pending: Transfer[] = [];
  private readonly rate = new ByteRate();
  private applyQueued = false;
  private readonly log: Logger;

  constructor(private readonly o: HaSlaveOptions) {
    this.log = o.log;
    this.masterAddress = o.masterAddress || undefined;
    this.timer = setInterval(() => this.onTick(), Math.max(10, Math.min(100, o.heartbeatIntervalMs)));
    this.connectSoon(0);
  }

  /** The master's HA address as the NameServer reports it; a change reconnects. */
  setMasterAddress(addr: string | undefined): void {
    if (this.o.masterAddress || !addr || addr === this.masterAddress) return;
    this.log.info("master HA address learnt", { masterAddress: addr, was: this.masterAddress });
    this.masterAddress = addr;
    this.drop();
    this.connectSoon(0);
  }

  status(): HaSlaveState {
    const base = {
      masterAddress: this.masterAddress ?? "", offset: this.o.store.maxPhysicalOffset(), bytesPerSecond: this.rate.perSecond,
      lastReadMs: this.lastReadMs, lastWriteMs: this.lastWriteMs,
    };
    if (this.refusal !== undefined) return { ...base, state: "refused", reason: this.refusal };
    if (this.socket === undefined || this.masterAddress === undefined) {
      return { ...base, state: "waiting", reason: this.masterAddress ? `connecting to ${this.masterAddress}` : "no master HA address yet" };
    }
    return { ...base, state: "following" };
  }

  /** Stops replicating; resolves once the last append finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    this.drop();
    await this.appending;
  }

  private connectSoon(delayMs: number): void {
    clearTimeout(this.retry);
    if (this.stopped || this.refusal !== undefined) return;
    this.retry = setTimeout(() => this.connect(), delayMs);
  }

  private connect(): void {
    const addr = this.masterAddress;
    if (addr === undefined || this.socket !== undefined || this.stopped || this.refusal !== undefined) return;
    const at = addr.lastIndexOf(":");
    const socket = net.connect({ host: addr.slice(0, at), port: Number(addr.slice(at + 1)), noDelay: true });
    this.socket = socket;
    this.decoder = new TransferDecoder(TRANSFER_BODY_BYTES_MAX);
    this.pending = [];
    socket.once("connect", () => {
      this.failing = false;
      this.caughtUp = false;
      this.lastReadMs = Date.now();
      // Asks for the last VERIFY_BYTES it already holds, to compare them with the master's.
      const { store } = this.o;
      const end = store.maxPhysicalOffset();
      this.verifyEnd = end;
      // (Never 0 when it holds data: a report of 0 means "empty" to the master.)
      this.cursor = end === 0 ? undefined : Math.max(store.minPhysicalOffset(), end - VERIFY_BYTES, 1);
      this.reportedOffset = -1;
      if (this.o.brokerId !== undefined) socket.write(identityReport(this.o.brokerId));
      this.report(this.cursor ?? 0);
      this.log.info("connected to master", { masterAddress: addr, offset: end });
    });
    socket.on("data", (chunk: Buffer) => this.onData(socket, chunk));
    socket.on("error", (error) => {
      // Said once per outage: a slave retries every reconnectMs while its master is down.
      if (!this.failing) this.log.warn("master HA connection failed; retrying", { masterAddress: addr, error: error.message });
      this.failing = true;
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.connectSoon(this.o.reconnectMs ?? 1000);
    });
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private report(offset: number): void {
    this.reportedOffset = offset;
    this.lastWriteMs = Date.now();
    this.socket?.write(encodeReport(offset));
  }

  /** Transfers read in one task are applied together, one appendRaw for all their new bytes, as the
   *  task ends (a microtask: a SYNC_MASTER's sends wait for the acknowledgement, not for the loop's
   *  other work); reading pauses while they are appended (a slow disk slows the master's stream,
   *  not memory). */
  private onData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.lastReadMs = Date.now();
    this.rate.add(chunk.length);
    try {
      const transfers = this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      // Copied: the decoder reuses its buffer on the next push.
      for (const t of transfers) this.pending.push({ offset: t.offset, body: t.body.slice() });
    } catch (error) {
      this.log.error("master sent a bad HA frame; reconnecting", { error: String(error) });
      socket.destroy();
      return;
    }
    if (this.pending.length === 0 || this.applyQueued) return;
    this.applyQueued = true;
    queueMicrotask(() => this.applyPending(socket));
  }

  private applyPending(socket: net.Socket): void {
    this.applyQueued = false;
    const transfers = this.pending;
    this.pending = [];
    if (socket !== this.socket) return;
    socket.pause();
    this.appending = this.apply(transfers).then(
      () => {
        if (socket !== this.socket) return;
        const offset = this.cursor ?? 0;
        if (offset > this.reportedOffset) this.report(offset);
        socket.resume();
      },
      (error: unknown) => {
        this.log.error("appending replicated bytes failed; reconnecting", { error: String(error) });
        socket.destroy();
      },
    );
  }

  /** Checks each transfer against where this slave stands and compares the overlap; appends the
   *  new bytes of them all at once. */
  private async apply(transfers: Transfer[]): Promise<void> {
    const { store } = this.o;
    const pieces: Uint8Array[] = [];
    let piecesAt = 0;
    let idle = false;
    for (const transfer of transfers) {
      if (this.refusal !== undefined) return;
      if (this.cursor === undefined) this.cursor = transfer.offset; // empty: the master says where
      if (transfer.offset !== this.cursor) return this.refuse(transfer.offset);
      const body = transfer.body;
      if (body.length === 0) {
        // Idle with nothing more to send below the slave's end: the master's log is shorter.
        if (this.cursor < this.verifyEnd) return this.refuse(this.cursor);
        idle = true;
        continue;
      }
      const overlap = Math.min(body.length, Math.max(0, this.verifyEnd - this.cursor));
      const differsAt = overlap > 0 ? firstDifference(store, this.cursor, body.subarray(0, overlap)) : undefined;
      if (differsAt !== undefined) return this.refuse(transfer.offset, differsAt);
      if (overlap < body.length) {
        if (pieces.length === 0) piecesAt = this.cursor + overlap;
        pieces.push(body.subarray(overlap));
      }
      this.cursor += body.length;
    }
    if (pieces.length > 0) {
      const mine = store.maxPhysicalOffset();
      assert(mine === piecesAt || mine === 0, `replicated bytes at ${piecesAt}, slave ends at ${mine}`);
      // Acknowledged once written, before its queues and index are dispatched (a SYNC_MASTER's sends
      // wait for this report; the dispatch runs while they are answered).
      const end = this.cursor as number;
      const acknowledge = () => {
        if (end > this.reportedOffset && this.socket !== undefined && !this.stopped) this.report(end);
      };
      await store.appendRaw(physicalOffset(piecesAt), pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces), acknowledge);
      assert(store.maxPhysicalOffset() === this.cursor, "appendRaw ended elsewhere than its bytes");
    }
    if (idle && !this.caughtUp) this.log.info("caught up with the master", { masterAddress: this.masterAddress, offset: this.cursor });
    if (idle) this.caughtUp = true;
  }

  /** Stops replication for good: the logs cannot be reconciled without losing data. */
  private refuse(masterOffset: number, differsAt?: number): void {
    const addr = this.masterAddress ?? "";
    const mine = this.o.store.maxPhysicalOffset();
    const remedy = "Move this slave's store aside (storePathRootDir) and start it empty to copy the master again";
    if (differsAt !== undefined) {
      this.refusal = `this slave's commitlog differs from its master ${addr}'s at offset ${differsAt} ` +
        `(the slave ends at ${mine}): it holds messages the master does not. ${remedy}`;
    } else if (masterOffset < mine) {
      this.refusal = `this slave's commitlog ends at ${mine}, ahead of its master ${addr} at ${masterOffset}: ` +
        `a slave never gets ahead of its master. ${remedy}`;
    } else {
      this.refusal = `the master ${addr} sent from ${masterOffset}, but this slave expected ${this.cursor ?? mine} ` +
        `(its commitlog ends at ${mine}). ${remedy}`;
    }
    this.log.error("replication refused", { reason: this.refusal });
    this.drop();
  }

  private onTick(): void {
    const now = Date.now();
    this.rate.tick(now);
    if (this.socket === undefined || this.lastReadMs === 0) return;
    if (now - this.lastReadMs > this.o.housekeepingIntervalMs) {
      this.log.warn("master silent, reconnecting", { masterAddress: this.masterAddress, silentMs: now - this.lastReadMs });
      this.lastReadMs = 0;
      this.socket.destroy();
      return;
    }
    if (now - this.lastWriteMs > this.o.heartbeatIntervalMs) this.report(this.cursor ?? 0);
  }
}

/** The first offset where the slave's own commitlog differs from expected (the master's bytes). */
function firstDifference(store: MessageStore, from: number, expected: Uint8Array): number | undefined {
  let at = 0;
  while (at < expected.length) {
    const own = store.readCommitLog(physicalOffset(from + at), expected.length - at);
    if (own.length === 0) return from + at;
    for (let i = 0; i < own.length; i++) if (own[i] !== expected[at + i]) return from + at + i;
    at += own.length;
  }
  return undefined;
}
