// MemoryDisk: the disk seam (disk.ts) with no disk — files are growable byte arrays in a map, so
// a store on it needs no directory and leaves nothing behind (handler tests). Paths are resolved
// as node:path does; a file's parent directory must exist, as on a real filesystem. Everything
// written is "durable" for the life of the MemoryDisk: sync is a no-op. Its lock refuses a second
// store on the same root of the same MemoryDisk, as flock refuses a second process.

import path from "node:path";
import type { Disk, DiskFile } from "./disk.ts";
import type { StoreLockResult } from "./store-lock.ts";

/** One file's contents; handles share it, and keep it after it is removed (an unlinked inode). */
export class MemoryInode {
  bytes = new Uint8Array(0);
  length = 0;
  mtimeMs = Date.now();

  setLength(length: number): void {
    if (length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(length, this.bytes.length * 2, 4096));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    } else if (length < this.length) {
      this.bytes.fill(0, length, this.length);
    }
    this.length = length;
    this.mtimeMs = Date.now();
  }
}

class MemoryFile implements DiskFile {
  private closed = false;

  constructor(
    private readonly inode: MemoryInode,
    private readonly name: string,
  ) {}

  private check(): MemoryInode {
    if (this.closed) throw Object.assign(new Error(`EBADF: ${this.name} is closed`), { code: "EBADF" });
    return this.inode;
  }

  write(bytes: Uint8Array, position: number): void {
    const inode = this.check();
    if (position + bytes.length > inode.length) inode.setLength(position + bytes.length);
    inode.bytes.set(bytes, position);
    inode.mtimeMs = Date.now();
  }

  read(target: Uint8Array, position: number): number {
    const inode = this.check();
    const n = Math.max(0, Math.min(target.length, inode.length - position));
    target.set(inode.bytes.subarray(position, position + n));
    return n;
  }

  size(): number {
    return this.check().length;
  }

  truncate(length: number): void {
    this.check().setLength(length);
  }

  syncNow(): void {
    this.check();
  }

  sync(): Promise<void> {
    try {
      this.check();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  mtimeMs(): number {
    return this.check().mtimeMs;
  }

  close(): void {
    this.closed = true;
  }
}

const notFound = (file: string): Error =>
  Object.assign(new Error(`ENOENT: no such file or directory, ${file}`), { code: "ENOENT" });

export class MemoryDisk implements Disk {
  readonly realFiles = false;
  private readonly files = new Map<string, MemoryInode>();
  private readonly dirs = new Set<string>(["/"]);
  private readonly locked = new Set<string>();

  /** The inode at file, for tests and PowerLossDisk; undefined when there is none. */
  inodeOf(file: string): MemoryInode | undefined {
    return this.files.get(path.resolve(file));
  }

  open(file: string): DiskFile {
    const inode = this.inodeOf(file);
    if (!inode) throw notFound(file);
    return new MemoryFile(inode, file);
  }

  create(file: string): DiskFile {
    const at = path.resolve(file);
    if (!this.dirs.has(path.dirname(at))) throw notFound(file);
    let inode = this.files.get(at);
    if (inode) inode.setLength(0);
    else {
      inode = new MemoryInode();
      this.files.set(at, inode);
    }
    return new MemoryFile(inode, file);
  }

  exists(file: string): boolean {
    const at = path.resolve(file);
    return this.files.has(at) || this.dirs.has(at);
  }

  isDirectory(file: string): boolean {
    return this.dirs.has(path.resolve(file));
  }

  list(dir: string): string[] {
    const at = path.resolve(dir);
    const names: string[] = [];
    for (const entry of [...this.files.keys(), ...this.dirs]) {
      if (entry !== at && path.dirname(entry) === at) names.push(path.basename(entry));
    }
    return names;
  }

  mkdir(dir: string): void {
    for (let at = path.resolve(dir); !this.dirs.has(at); at = path.dirname(at)) {
      if (this.files.has(at)) throw Object.assign(new Error(`EEXIST: ${at} is a file`), { code: "EEXIST" });
      this.dirs.add(at);
    }
  }

  remove(file: string): void {
    const at = path.resolve(file);
    const under = at + path.sep;
    this.files.delete(at);
    this.dirs.delete(at);
    for (const entry of [...this.files.keys()]) if (entry.startsWith(under)) this.files.delete(entry);
    for (const entry of [...this.dirs]) if (entry.startsWith(under)) this.dirs.delete(entry);
  }

  lock(rootDir: string): StoreLockResult {
    const at = path.resolve(rootDir);
    if (this.locked.has(at)) {
      return { kind: "IN_USE", message: `store ${at} is in use by another store on this MemoryDisk: close it first` };
    }
    this.mkdir(at);
    this.locked.add(at);
    return { kind: "LOCKED", lock: { release: () => void this.locked.delete(at) } };
  }

  usedRatio(): number {
    return 0;
  }
}
