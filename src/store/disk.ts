// The disk seam: every file the store writes itself goes through a Disk — commitlog segments,
// consume queue files, the checkpoint and the abort marker, and the store lock. Three
// implementations: realDisk (node:fs on this machine's files), MemoryDisk (memory-disk.ts: no
// files at all, for handler tests) and PowerLossDisk (power-loss-disk.ts: wraps either and
// forgets, on crash(), whatever was written since each file's last sync).
//
// Outside the seam, on purpose: meta.db and index.db are SQLite databases, which do their own
// writes and fsyncs (meta.db commits with synchronous=FULL; the index is derived from the
// commitlog and rebuilt from it), and the index worker reads commitlog segments by path from its
// own thread. A Disk whose files are not real files (realFiles false) therefore runs the store
// with meta.db in memory and without the message index.
//
// What a DiskFile promises:
// - write() hands all of the bytes to the OS at position (the write syscall done): readable at
//   once, durable only after a later sync() or syncNow() of the same file has completed.
// - truncate() sets the length (cutting, or extending with zeros); durable like a write.
// - syncNow() is fdatasync on the calling thread; sync() the same on the thread pool, so the
//   event loop goes on while it runs. Either covers every write and truncate made before it was
//   called; writes made while sync() runs may or may not be covered.
// - A failed write or sync throws (or rejects); the caller decides whether it is sticky.
// File creation and removal (create, remove) are taken as durable once they return.

import fs from "node:fs";
import { StoreLock, type StoreLockResult } from "./store-lock.ts";

export interface DiskFile {
  write(bytes: Uint8Array, position: number): void;
  /** Fills target from position; returns the bytes read, fewer when the file ends first. */
  read(target: Uint8Array, position: number): number;
  size(): number;
  truncate(length: number): void;
  syncNow(): void;
  sync(): Promise<void>;
  mtimeMs(): number;
  close(): void;
}

export interface Disk {
  /** Its files are real files other threads and SQLite can open by path. */
  readonly realFiles: boolean;
  /** Opens an existing file for reading and writing (throws ENOENT when missing). */
  open(file: string): DiskFile;
  /** Creates the file, or empties it when it exists, open for reading and writing. */
  create(file: string): DiskFile;
  exists(file: string): boolean;
  isDirectory(file: string): boolean;
  /** Names in dir; [] when dir does not exist. */
  list(dir: string): string[];
  /** Creates dir and its missing parents. */
  mkdir(dir: string): void;
  /** Removes a file or a directory tree; nothing when it does not exist. */
  remove(file: string): void;
  /** The store lock (store-lock.ts for real files; a per-Disk lock otherwise). */
  lock(rootDir: string, owner: string): StoreLockResult;
  /** Percent 0..100 of the filesystem holding dir in use, as RocketMQ measures it (rounded up). */
  usedRatio(dir: string): number;
}

class RealFile implements DiskFile {
  constructor(private readonly fd: number) {}

  write(bytes: Uint8Array, position: number): void {
    // regular files rarely write short, but loop anyway
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, position + done);
  }

  read(target: Uint8Array, position: number): number {
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd, target, done, target.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
  }

  syncNow(): void {
    fs.fdatasyncSync(this.fd);
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
  }

  mtimeMs(): number {
    return fs.fstatSync(this.fd).mtimeMs;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** This machine's files, through node:fs. */
export const realDisk: Disk = {
  realFiles: true,
  open: (file) => new RealFile(fs.openSync(file, "r+")),
  create: (file) => new RealFile(fs.openSync(file, "w+")),
  exists: (file) => fs.existsSync(file),
  isDirectory: (file) => fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false,
  list: (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
  mkdir: (dir) => void fs.mkdirSync(dir, { recursive: true }),
  remove: (file) => fs.rmSync(file, { recursive: true, force: true }),
  lock: (rootDir, owner) => StoreLock.acquire(rootDir, owner),
  usedRatio: (dir) => {
    const stats = fs.statfsSync(dir);
    const used = (stats.blocks - stats.bfree) * stats.bsize;
    const usable = stats.bavail * stats.bsize;
    return used + usable === 0 ? 0 : Math.ceil((used * 100) / (used + usable));
  },
};

/** Reads up to length bytes at position into a new array; shorter when the file ends first. */
export function readAt(file: DiskFile, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const done = file.read(bytes, position);
  return done === length ? bytes : bytes.subarray(0, done);
}
