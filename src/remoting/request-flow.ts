// How much one connection may have the server do at once, and when it is no longer read.
// A request starts (its handler runs) only while the connection is under every bound:
// - at most inflightMax requests whose handler has not finished (held pulls included);
// - at most inflightBytesMax request body bytes in those (one request is always let in);
// - its unwritten replies: once over outboundHighBytes, nothing starts until they are back under
//   outboundLowBytes (the peer reads again);
// - within a turn of the event loop, no new start once TURN_BUDGET_MS have passed since its
//   first, so one connection's burst does not keep the others waiting (1,024 runtime-info
//   requests in one turn kept another client's request waiting 75-80 ms).
// A request that cannot start waits, in arrival order, in its kind's queue (request-queues.ts:
// SYSTEM_BUSY past the kind's capacity or wait limit), and while anything waits or a bound is
// reached the socket is paused: the peer sees TCP backpressure (its writes block) instead of
// the server buffering what it sends. Nothing is dropped and the connection stays open.
import type { RemotingCommand } from "./command.ts";
import { OVERLOAD_REMARK, type RequestQueues, type Waiting, type WaitingOwner } from "./request-queues.ts";

export interface FlowLimits {
  inflightMax: number;
  inflightBytesMax: number;
  outboundHighBytes: number;
  outboundLowBytes: number;
}

export const FLOW_LIMITS_DEFAULT: Readonly<FlowLimits> = {
  inflightMax: 4096,
  inflightBytesMax: 32 * 1024 * 1024,
  outboundHighBytes: 4 * 1024 * 1024,
  outboundLowBytes: 1024 * 1024,
};

const TURN_BUDGET_MS = 5;

/** What the flow needs of its connection. */
export interface FlowIo {
  /** Runs the request's handler; the connection calls finished(cmd) once it has. */
  start(cmd: RemotingCommand): void;
  /** Answers the request SYSTEM_BUSY with remark (nothing for a oneway one). */
  busy(cmd: RemotingCommand, remark: string): void;
  /** Reply bytes not yet taken by the socket. */
  queuedBytes(): number;
  pause(): void;
  resume(): void;
}

export class RequestFlow implements WaitingOwner {
  private inflightCount = 0;
  private inflightBytes = 0;
  private backlog: Array<Waiting | undefined> = [];
  private backlogHead = 0;
  /** Entries of backlog still waiting (the rest expired and are shed as the backlog moves). */
  private waitingCount = 0;
  private overHigh = false;
  private paused = false;
  /** When the first start of this turn was, or undefined when none has been. */
  private turnStartedMs: number | undefined;
  private stopped = false;
  private pumping = false;

  constructor(
    private readonly limits: FlowLimits,
    private readonly queues: RequestQueues,
    private readonly io: FlowIo,
  ) {}

  /** Requests whose handler has not finished. */
  get inflight(): number {
    return this.inflightCount;
  }

  /** Requests that arrived and have not started. */
  get waiting(): number {
    return this.waitingCount;
  }

  get readingPaused(): boolean {
    return this.paused;
  }

  /** A request was read: start it now or queue it. */
  arrive(cmd: RemotingCommand): void {
    if (this.stopped) return;
    if (this.waiting === 0 && this.canStart()) this.start(cmd);
    else this.hold(cmd);
    this.updateReading();
  }

  /** Its handler finished (the reply, if any, is queued). */
  finished(cmd: RemotingCommand): void {
    this.inflightCount--;
    this.inflightBytes -= cmd.body?.length ?? 0;
    // Nothing waits and the socket is read: nothing to start or resume (the next arrival checks
    // the bounds itself). Most requests end here, one per message sent.
    if (this.waitingCount > 0 || this.paused) this.pump();
  }

  /** The socket took queued reply bytes. */
  written(): void {
    if (this.paused || this.waiting > 0) this.pump();
  }

  /** The connection is gone: nothing waiting will start. */
  stop(): void {
    this.stopped = true;
    for (let i = this.backlogHead; i < this.backlog.length; i++) this.queues.leave(this.backlog[i]!);
    this.backlog = [];
    this.backlogHead = 0;
    this.waitingCount = 0;
  }

  expired(waiting: Waiting, remark: string): void {
    this.waitingCount--;
    this.io.busy(waiting.cmd, remark);
  }

  private hold(cmd: RemotingCommand): void {
    const waiting = this.queues.wait(cmd, this);
    if (waiting === undefined) this.io.busy(cmd, OVERLOAD_REMARK);
    else {
      this.backlog.push(waiting);
      this.waitingCount++;
    }
  }

  private canStart(): boolean {
    if (this.inflightCount >= this.limits.inflightMax) return false;
    if (this.inflightCount > 0 && this.inflightBytes >= this.limits.inflightBytesMax) return false;
    if (this.turnStartedMs !== undefined && performance.now() - this.turnStartedMs >= TURN_BUDGET_MS) return false;
    const queued = this.io.queuedBytes();
    if (queued > this.limits.outboundHighBytes) this.overHigh = true;
    else if (queued <= this.limits.outboundLowBytes) this.overHigh = false;
    return !this.overHigh;
  }

  private start(cmd: RemotingCommand): void {
    this.inflightCount++;
    this.inflightBytes += cmd.body?.length ?? 0;
    if (this.turnStartedMs === undefined) this.startTurn();
    this.io.start(cmd);
  }

  /** Starts waiting requests, oldest first, while the bounds allow. A handler that finishes
   *  at once calls finished() from inside start(): the loop (not a nested one) goes on. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.backlogHead < this.backlog.length) {
        const waiting = this.backlog[this.backlogHead]!;
        if (!waiting.done && !this.canStart()) break;
        this.backlog[this.backlogHead++] = undefined;
        if (waiting.done) continue;
        this.queues.leave(waiting);
        this.waitingCount--;
        this.start(waiting.cmd);
      }
    } finally {
      this.pumping = false;
    }
    if (this.backlogHead === this.backlog.length && this.backlogHead > 0) {
      this.backlog = [];
      this.backlogHead = 0;
    }
    this.updateReading();
  }

  private startTurn(): void {
    this.turnStartedMs = performance.now();
    setImmediate(() => {
      this.turnStartedMs = undefined;
      this.pump();
    });
  }

  private updateReading(): void {
    if (this.stopped) return;
    const pause = this.waiting > 0 || !this.canStart();
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.io.pause();
    else this.io.resume();
  }
}
