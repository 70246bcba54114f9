// Flushing the commitlog to disk.
// - ASYNC_FLUSH: every flushIntervalMs, fsync when at least flushLeastPages 4 KiB pages are
//   dirty; every flushThoroughIntervalMs, fsync whatever is dirty and run the thorough hook
//   (consume queues synced, checkpoint written).
// - SYNC_FLUSH (group commit): a put waits in waitFlushed(end). One fsync runs at a time, on the
//   thread pool; the puts written while it runs are all covered by the next one. A waiter not
//   flushed by its deadline (syncFlushTimeoutMs) gets "timeout". (An fdatasync on the event loop
//   was measured faster with 64 putters on Bun 1.4.5 when fsyncs are cheap; on this project's
//   shared test machine, fsyncs of 0.3-2 ms, the thread pool doubled 64-putter throughput, since
//   the next batch is written while the fsync runs — and a slow disk no longer stops every
//   connection, pulls included.)
// A failed fsync is sticky: onFailure is told once and every waiter gets "failed".

import type { CommitLog } from "./commit-log.ts";

const PAGE_BYTES = 4096;

export type FlushOutcome = "flushed" | "timeout" | "failed";

interface Waiter {
  end: number;
  deadline: number;
  resolve: (outcome: FlushOutcome) => void;
}

export interface FlushSettings {
  flushIntervalMs: number;
  flushLeastPages: number;
  flushThoroughIntervalMs: number;
  syncFlushTimeoutMs: number;
  asyncFlush: boolean;
}

export class FlushService {
  private waiters: Waiter[] = [];
  private requested = false;
  private running: Promise<void> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private lastThoroughMs = Date.now();
  /** The thorough flush running (consume queues and checkpoint), one at a time. */
  private thorough: Promise<void> | undefined;
  private failed = false;

  constructor(
    private readonly log: CommitLog,
    private readonly settings: FlushSettings,
    /** Syncs the consume queues and writes the checkpoint; sync: on this thread (at close). */
    private readonly onThorough: (sync: boolean) => Promise<void>,
    private readonly onFailure: (reason: string) => void,
  ) {}

  start(): void {
    this.interval = setInterval(() => this.tick(), this.settings.flushIntervalMs);
  }

  private tick(): void {
    const dirtyBytes = this.log.writeOffset - this.log.flushedOffset;
    const thorough = Date.now() - this.lastThoroughMs >= this.settings.flushThoroughIntervalMs;
    if (thorough && this.thorough === undefined) {
      this.lastThoroughMs = Date.now();
      this.thorough = this.requestSync()
        .then(() => (this.failed ? undefined : this.onThorough(false)))
        .catch((error: unknown) => this.fail(`fsync of the consume queues or checkpoint failed: ${String(error)}`))
        .finally(() => (this.thorough = undefined));
    } else if (this.settings.asyncFlush && dirtyBytes >= this.settings.flushLeastPages * PAGE_BYTES) {
      void this.requestSync();
    }
  }

  /** Resolves once every byte below end is on disk, or at the deadline, or on failure. */
  waitFlushed(end: number): Promise<FlushOutcome> {
    if (this.failed) return Promise.resolve("failed");
    if (this.log.flushedOffset >= end) return Promise.resolve("flushed");
    return new Promise((resolve) => {
      this.waiters.push({ end, deadline: Date.now() + this.settings.syncFlushTimeoutMs, resolve });
      this.deadlineTimer ??= setTimeout(() => this.expire(), this.settings.syncFlushTimeoutMs);
      void this.requestSync();
    });
  }

  /** One fsync at a time; a request made while one runs is served by the next. */
  requestSync(): Promise<void> {
    this.requested = true;
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.requested && !this.failed) {
        this.requested = false;
        await this.log.sync();
        this.release();
      }
    } catch (error) {
      this.fail(`fsync of the commitlog failed: ${String(error)}`);
    } finally {
      this.running = undefined;
    }
  }

  private release(): void {
    const flushed = this.log.flushedOffset;
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done] as Waiter).end <= flushed) {
      (this.waiters[done] as Waiter).resolve("flushed");
      done++;
    }
    if (done > 0) this.waiters = this.waiters.slice(done);
  }

  private expire(): void {
    this.deadlineTimer = undefined;
    const now = Date.now();
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).deadline <= now) {
      (this.waiters.shift() as Waiter).resolve("timeout");
    }
    const head = this.waiters[0];
    if (head) this.deadlineTimer = setTimeout(() => this.expire(), Math.max(1, head.deadline - now));
  }

  fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.onFailure(reason);
    for (const waiter of this.waiters) waiter.resolve("failed");
    this.waiters = [];
  }

  /** Flushes everything and runs the thorough hook; the service stops. Resolves to whether
   *  everything reached the disk (false after a failed fsync, now or before). */
  async stop(): Promise<boolean> {
    if (this.interval) clearInterval(this.interval);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    await this.thorough;
    await this.requestSync();
    if (this.failed) return false;
    try {
      await this.onThorough(true);
    } catch (error) {
      this.fail(`fsync of the consume queues or checkpoint failed: ${String(error)}`);
    }
    return !this.failed;
  }
}
