// A broker's epoch file (RocketMQ 5's EpochFileCache, storePathEpochFile, default
// <storePathRootDir>/epochFileCheckpoint): the (MasterEpoch, start offset) at which each master
// this broker's log holds began writing, oldest first. Text, one entry a line:
//   <epoch> <startOffset>\n
// Rewritten whole through a temporary file, fsynced and renamed, so a crash leaves the old file
// or the new one. Invariants (asserted): epochs strictly increase, start offsets never decrease.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { assert, type EpochEntry } from "../../common/index.ts";

export interface EpochStart {
  epoch: number;
  startOffset: number;
}

export class EpochFile {
  private entries: EpochStart[] = [];

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const [epoch, start] = line.trim().split(/\s+/).map(Number);
      if (epoch === undefined || start === undefined || !Number.isInteger(epoch) || !Number.isInteger(start)) continue;
      this.entries.push({ epoch, startOffset: start });
    }
    this.check(this.entries);
  }

  all(): readonly EpochStart[] {
    return this.entries;
  }

  lastEpoch(): number {
    return this.entries.at(-1)?.epoch ?? 0;
  }

  /** The entries with their end offsets: each ends where the next begins, the last at logEnd.
   *  Entries starting past logEnd are left out (this log holds nothing of them). */
  withEnds(logEnd: number): EpochEntry[] {
    const held = this.entries.filter((e) => e.startOffset <= logEnd);
    return held.map((e, i) => ({ ...e, endOffset: Math.min(held[i + 1]?.startOffset ?? logEnd, logEnd) }));
  }

  /** A master's new epoch begins at startOffset: entries starting past it go (a log cut since). */
  append(epoch: number, startOffset: number): void {
    if (epoch <= this.lastEpoch()) return;
    this.replace([...this.entries.filter((e) => e.startOffset <= startOffset), { epoch, startOffset }]);
  }

  /** The log now ends at logEnd: entries starting past it go. */
  truncateAfter(logEnd: number): void {
    const kept = this.entries.filter((e) => e.startOffset <= logEnd);
    if (kept.length !== this.entries.length) this.replace(kept);
  }

  replace(entries: readonly EpochStart[]): void {
    this.check(entries);
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, entries.map((e) => `${e.epoch} ${e.startOffset}\n`).join(""));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.entries = [...entries];
  }

  private check(entries: readonly EpochStart[]): void {
    for (let i = 1; i < entries.length; i++) {
      const [a, b] = [entries[i - 1] as EpochStart, entries[i] as EpochStart];
      assert(b.epoch > a.epoch && b.startOffset >= a.startOffset, `epoch file ${this.path}: (${a.epoch}, ${a.startOffset}) then (${b.epoch}, ${b.startOffset})`);
    }
  }
}

/** Where a slave's log must be cut before it follows a master (RocketMQ's truncation
 *  algorithm): from its newest epoch back, the first the master also has with the same start
 *  offset; the cut is the lower of the two ends of that epoch. 0 when they share none (the
 *  slave's log is all divergent); undefined when the slave has no epochs to compare. */
export function truncationPoint(mine: readonly EpochEntry[], master: readonly EpochEntry[]): number | undefined {
  if (mine.length === 0) return undefined;
  for (let i = mine.length - 1; i >= 0; i--) {
    const own = mine[i] as EpochEntry;
    const theirs = master.find((m) => m.epoch === own.epoch);
    if (theirs !== undefined && theirs.startOffset === own.startOffset) return Math.min(own.endOffset, theirs.endOffset);
  }
  return 0;
}
