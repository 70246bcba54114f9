// Puts are refused before the disk is full, not after a write has failed: the disk is measured on
// the put path — when PROBE_INTERVAL_MS has passed or PROBE_BYTES were written since the last
// measure, and every RECHECK_FULL_MS while full (one statfs, a few microseconds) — besides
// retention's measure every cleanResourceInterval. Above diskSpaceWarningLevelRatio puts are
// refused with the reason; below it, or as soon as space returns, they are accepted again, with
// no restart. A write that fails for want of space (ENOSPC, EDQUOT: the last few MiB went between
// two measures) counts as full until the next measure says otherwise. The log says when a measure
// starts refusing puts and when one accepts them again, once each, whichever path measured.
import type { Logger } from "../common/index.ts";

export const PROBE_INTERVAL_MS = 1000;
export const PROBE_BYTES = 4 * 1024 * 1024;
export const RECHECK_FULL_MS = 100;

const OUT_OF_SPACE = new Set(["ENOSPC", "EDQUOT"]);

/** True for a write error that means the disk (or the user's quota) is full. */
export function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && OUT_OF_SPACE.has(code);
}

export class DiskSpaceGuard {
  private fullReason: string | undefined;
  private lastProbeMs = Number.NEGATIVE_INFINITY;
  private bytesSinceProbe = 0;

  constructor(
    /** Percent used of the filesystem holding dir. */
    private readonly probe: (dir: string) => number,
    private readonly dir: string,
    private readonly warningRatio: number,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /** Why puts are refused now, or undefined; measures the disk when one is due. */
  refusal(): string | undefined {
    const sinceMs = this.now() - this.lastProbeMs;
    const due = this.fullReason !== undefined
      ? sinceMs >= RECHECK_FULL_MS
      : sinceMs >= PROBE_INTERVAL_MS || this.bytesSinceProbe >= PROBE_BYTES;
    if (due) this.observe(this.probe(this.dir));
    return this.fullReason;
  }

  /** Bytes appended since the last measure. */
  wrote(bytes: number): void {
    this.bytesSinceProbe += bytes;
  }

  /** A measure taken elsewhere (retention), or by refusal(): percent used. */
  observe(ratio: number): void {
    this.lastProbeMs = this.now();
    this.bytesSinceProbe = 0;
    const wasFull = this.full;
    this.fullReason = ratio > this.warningRatio
      ? `disk full: ${ratio}% used of ${this.dir}, above diskSpaceWarningLevelRatio ${this.warningRatio}`
      : undefined;
    if (this.fullReason !== undefined && !wasFull) this.log.warn("puts refused", { reason: this.fullReason });
    if (this.fullReason === undefined && wasFull) {
      this.log.info("puts accepted again: the disk has room", { reason: `${ratio}% used of ${this.dir}` });
    }
  }

  /** A write failed for want of space: refuse until a measure finds room again. */
  outOfSpace(error: unknown): void {
    this.lastProbeMs = this.now();
    this.fullReason = `disk full: a write to ${this.dir} failed (${(error as Error).message}); sends are accepted again once space is freed`;
  }

  get full(): boolean {
    return this.fullReason !== undefined;
  }
}
