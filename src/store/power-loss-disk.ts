// PowerLossDisk: the disk seam (disk.ts) over another Disk (memory or real), modelling what a
// power cut does to files: crash() forgets, per file, every write and truncate made since that
// file's last completed sync, and returns the Disk as it is after the reboot. Everything opened
// through the old Disk is dead from then on (every call throws EIO, close() does nothing), as the
// process that held it would be; its locks are released.
//
// crash("none") forgets every unsynced change, and a file created and never synced disappears;
// crash(random) models the page cache having written back part of them: per file, a random
// prefix survives, the last one possibly torn at a random byte; crash("all") keeps them all
// (the process died, the machine did not: SIGKILL). Removal and directories are durable at once.
//
// Faults, settable at any time (shared by every generation):
//   syncDelayMs   every sync() resolves this much later (else in the next loop turn, as the
//                 thread pool's do); syncNow() holds the thread as long
//   syncError     every sync fails with this code (EIO, ENOSPC ...)
//   writeError    every write, and every truncate that grows a file, fails with this code
//                 (shrinking a file frees space: it never fails for want of it)

import path from "node:path";
import type { Disk, DiskFile } from "./disk.ts";
import type { HeldLock, StoreLockResult } from "./store-lock.ts";

export interface PowerLossFaults {
  syncDelayMs: number;
  syncError?: string;
  writeError?: string;
}

/** One unsynced change to a file, with what it replaced (to undo it on a crash). */
interface Change {
  position: number;
  oldSize: number;
  /** The bytes it overwrote or cut, from position (a write) or from newLength (a truncate). */
  oldBytes: Uint8Array;
  written?: Uint8Array;
  newLength?: number;
}

interface Journal {
  created: boolean;
  /** Changes dropped from the front so far (synced): changes[i] is change number base + i. */
  base: number;
  changes: Change[];
}

interface State {
  inner: Disk;
  faults: PowerLossFaults;
  generation: number;
  journals: Map<string, Journal>;
  open: Set<DiskFile>;
  locks: Set<HeldLock>;
  operations: number;
  syncs: number;
  watchers: { ready: () => boolean; resolve: () => void }[];
}

const failure = (code: string, what: string): Error => Object.assign(new Error(`${code}: ${what}`), { code });
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function operated(state: State): void {
  state.operations++;
  const due = state.watchers.filter((w) => w.ready());
  if (due.length === 0) return;
  state.watchers = state.watchers.filter((w) => !due.includes(w));
  for (const w of due) queueMicrotask(w.resolve);
}

class PowerLossFile implements DiskFile {
  constructor(
    private readonly state: State,
    private readonly generation: number,
    private readonly inner: DiskFile,
    private readonly journal: Journal,
    private readonly name: string,
  ) {}

  private alive(): DiskFile {
    if (this.state.generation !== this.generation) throw failure("EIO", `${this.name}: the power was cut`);
    return this.inner;
  }

  private writable(): DiskFile {
    const inner = this.alive();
    if (this.state.faults.writeError) throw failure(this.state.faults.writeError, `write to ${this.name} failed (injected)`);
    return inner;
  }

  write(bytes: Uint8Array, position: number): void {
    const inner = this.writable();
    const oldSize = inner.size();
    const oldBytes = new Uint8Array(Math.max(0, Math.min(bytes.length, oldSize - position)));
    inner.read(oldBytes, position);
    inner.write(bytes, position);
    this.journal.changes.push({ position, oldSize, oldBytes, written: bytes.slice() });
    operated(this.state);
  }

  read(target: Uint8Array, position: number): number {
    return this.alive().read(target, position);
  }

  size(): number {
    return this.alive().size();
  }

  truncate(length: number): void {
    const inner = length <= this.alive().size() ? this.alive() : this.writable();
    const oldSize = inner.size();
    const oldBytes = new Uint8Array(Math.max(0, oldSize - length));
    inner.read(oldBytes, length);
    inner.truncate(length);
    this.journal.changes.push({ position: length, oldSize, oldBytes, newLength: length });
    operated(this.state);
  }

  private synced(target: number): void {
    if (this.state.generation !== this.generation) throw failure("EIO", `${this.name}: the power was cut during fsync`);
    const drop = target - this.journal.base;
    if (drop > 0) {
      this.journal.changes.splice(0, drop);
      this.journal.base = target;
    }
    this.journal.created = false;
    this.state.syncs++;
    operated(this.state);
  }

  syncNow(): void {
    const inner = this.alive();
    const target = this.journal.base + this.journal.changes.length;
    const { syncDelayMs, syncError } = this.state.faults;
    if (syncDelayMs > 0) Atomics.wait(sleeper, 0, 0, syncDelayMs);
    if (syncError) throw failure(syncError, `fdatasync of ${this.name} failed (injected)`);
    inner.syncNow();
    this.synced(target);
  }

  async sync(): Promise<void> {
    const inner = this.alive();
    const target = this.journal.base + this.journal.changes.length;
    const { syncDelayMs } = this.state.faults;
    // A thread-pool fsync completes in a later turn of the loop, however fast the disk.
    await new Promise((resolve) => (syncDelayMs > 0 ? setTimeout(resolve, syncDelayMs) : setImmediate(resolve)));
    if (this.state.generation !== this.generation) throw failure("EIO", `${this.name}: the power was cut during fsync`);
    const { syncError } = this.state.faults;
    if (syncError) throw failure(syncError, `fdatasync of ${this.name} failed (injected)`);
    await inner.sync();
    this.synced(target);
  }

  mtimeMs(): number {
    return this.alive().mtimeMs();
  }

  close(): void {
    if (this.state.generation !== this.generation) return;
    this.state.open.delete(this.inner);
    this.inner.close();
  }
}

/** Undoes changes[keep..] of a file, newest first, then re-applies a torn prefix of changes[keep]. */
function revert(file: DiskFile, changes: Change[], keep: number, tornBytes: number): void {
  for (let i = changes.length - 1; i >= keep; i--) {
    const change = changes[i] as Change;
    if (change.newLength === undefined) {
      file.write(change.oldBytes, change.position);
      file.truncate(change.oldSize);
    } else {
      file.truncate(change.oldSize);
      file.write(change.oldBytes, change.newLength);
    }
  }
  const torn = changes[keep];
  if (torn?.written && tornBytes > 0) file.write(torn.written.subarray(0, tornBytes), torn.position);
}

export class PowerLossDisk implements Disk {
  readonly realFiles: boolean;
  private readonly state: State;
  private readonly generation: number;

  constructor(inner: Disk, faults: Partial<PowerLossFaults> = {}, state?: State) {
    this.realFiles = inner.realFiles;
    this.state = state ?? {
      inner, faults: { syncDelayMs: 0, ...faults }, generation: 0, journals: new Map(), open: new Set(), locks: new Set(), operations: 0, syncs: 0, watchers: [],
    };
    this.generation = this.state.generation;
  }

  get faults(): PowerLossFaults {
    return this.state.faults;
  }

  /** Writes, truncates and completed syncs so far (all generations). */
  get operations(): number {
    return this.state.operations;
  }

  /** Syncs completed so far (all generations). */
  get syncs(): number {
    return this.state.syncs;
  }

  /** Resolves (in a microtask) once operations reaches count: a crash point. */
  whenOperations(count: number): Promise<void> {
    return this.when(() => this.state.operations >= count);
  }

  /** Resolves (in a microtask) once syncs reaches count. */
  whenSyncs(count: number): Promise<void> {
    return this.when(() => this.state.syncs >= count);
  }

  private when(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.state.watchers.push({ ready, resolve }));
  }

  private inner(): Disk {
    if (this.state.generation !== this.generation) throw failure("EIO", "the power was cut: use the Disk crash() returned");
    return this.state.inner;
  }

  private track(file: string, inner: DiskFile, journal: Journal): DiskFile {
    this.state.open.add(inner);
    return new PowerLossFile(this.state, this.generation, inner, journal, file);
  }

  private journalOf(file: string): Journal {
    let journal = this.state.journals.get(file);
    if (!journal) {
      journal = { created: false, base: 0, changes: [] };
      this.state.journals.set(file, journal);
    }
    return journal;
  }

  open(file: string): DiskFile {
    const inner = this.inner().open(file);
    return this.track(file, inner, this.journalOf(path.resolve(file)));
  }

  create(file: string): DiskFile {
    const disk = this.inner();
    if (!disk.exists(file)) {
      const journal: Journal = { created: true, base: 0, changes: [] };
      this.state.journals.set(path.resolve(file), journal);
      return this.track(file, disk.create(file), journal);
    }
    const handle = this.open(file);
    handle.truncate(0);
    return handle;
  }

  exists = (file: string): boolean => this.inner().exists(file);
  isDirectory = (file: string): boolean => this.inner().isDirectory(file);
  list = (dir: string): string[] => this.inner().list(dir);
  mkdir = (dir: string): void => this.inner().mkdir(dir);
  usedRatio = (dir: string): number => this.inner().usedRatio(dir);

  remove(file: string): void {
    this.inner().remove(file);
    const at = path.resolve(file);
    for (const name of [...this.state.journals.keys()]) {
      if (name === at || name.startsWith(at + path.sep)) this.state.journals.delete(name);
    }
  }

  lock(rootDir: string, owner: string): StoreLockResult {
    const result = this.inner().lock(rootDir, owner);
    if (result.kind !== "LOCKED") return result;
    const held = result.lock;
    this.state.locks.add(held);
    const generation = this.generation;
    return { kind: "LOCKED", lock: { release: () => {
      if (this.state.generation !== generation || !this.state.locks.delete(held)) return;
      held.release();
    } } };
  }

  /** Cuts the power: see the file comment. Returns the Disk after the reboot. */
  crash(survivors: "none" | "all" | (() => number) = "none"): PowerLossDisk {
    this.inner();
    const state = this.state;
    state.generation++;
    for (const file of state.open) file.close();
    state.open.clear();
    for (const lock of state.locks) lock.release();
    state.locks.clear();
    const random = typeof survivors === "function" ? survivors : undefined;
    for (const [name, journal] of survivors === "all" ? [] : state.journals) {
      const keep = random ? Math.floor(random() * (journal.changes.length + 1)) : 0;
      const tornBytes = random ? Math.floor(random() * (journal.changes[keep]?.written?.length ?? 0)) : 0;
      if (journal.created && keep === 0 && tornBytes === 0) {
        state.inner.remove(name);
        continue;
      }
      const file = state.inner.open(name);
      revert(file, journal.changes, keep, tornBytes);
      file.close();
    }
    state.journals.clear();
    return new PowerLossDisk(state.inner, state.faults, state);
  }
}
