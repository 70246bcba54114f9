// One process per store: an exclusive flock(2) on <storePathRootDir>/lock, taken before any other
// file of the store is opened and held for the life of the store. The operating system drops the
// lock when the process dies, however it dies, so a crash never leaves a store locked. The file
// holds "<pid> <owner>" of the holder, for the refusal a second process prints. (RocketMQ locks
// the same file and refuses with "Lock failed, MQ already started".)
//
// Where flock cannot be called (no libc found), the store opens without a lock and says so.
import { dlopen, FFIType, read } from "bun:ffi";
import fs from "node:fs";
import path from "node:path";

const LOCK_EX = 2;
const LOCK_NB = 4;
const EWOULDBLOCK = 11;
const EWOULDBLOCK_DARWIN = 35;

interface Libc { flock(fd: number, op: number): number; errno(): number }

let libc: Libc | null | undefined;

function loadLibc(): Libc | null {
  const names = process.platform === "darwin" ? ["libSystem.B.dylib"] : ["libc.so.6", "libc.so"];
  const errnoSymbol = process.platform === "darwin" ? "__error" : "__errno_location";
  for (const name of names) {
    try {
      const lib = dlopen(name, {
        flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
        [errnoSymbol]: { args: [], returns: FFIType.ptr },
      });
      const errnoAt = lib.symbols[errnoSymbol] as () => number | null;
      return {
        flock: (fd, op) => lib.symbols.flock(fd, op) as number,
        errno: () => {
          const at = errnoAt();
          return at === null ? 0 : read.i32(at as never, 0);
        },
      };
    } catch {
      // try the next name
    }
  }
  return null;
}

/** A lock held; release() lets the next holder in. */
export interface HeldLock {
  release(): void;
}

export type StoreLockResult =
  | { kind: "LOCKED"; lock: HeldLock }
  | { kind: "IN_USE"; message: string }
  | { kind: "UNLOCKED"; reason: string };

/** Held while the store is open; release() (or the process's end) lets the next one in. */
export class StoreLock implements HeldLock {
  private constructor(private fd: number | undefined) {}

  /** Locks rootDir (created if missing) for owner, e.g. "mq broker broker-a". */
  static acquire(rootDir: string, owner: string): StoreLockResult {
    libc ??= loadLibc();
    if (libc === null) return { kind: "UNLOCKED", reason: "flock is not available on this platform" };
    fs.mkdirSync(rootDir, { recursive: true });
    const file = path.join(rootDir, "lock");
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    if (libc.flock(fd, LOCK_EX | LOCK_NB) !== 0) {
      const errno = libc.errno();
      const holder = fs.readFileSync(file, "utf8").trim();
      fs.closeSync(fd);
      if (errno !== EWOULDBLOCK && errno !== EWOULDBLOCK_DARWIN) {
        return { kind: "UNLOCKED", reason: `flock ${file} failed (errno ${errno})` };
      }
      const [pid, ...rest] = holder.split(" ");
      const who = pid ? `pid ${pid}${rest.length > 0 ? ` (${rest.join(" ")})` : ""}` : "another process";
      return { kind: "IN_USE", message: `store ${path.resolve(rootDir)} is in use by ${who}: stop it first, or give this one another storePathRootDir` };
    }
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, `${process.pid} ${owner}\n`, 0);
    return { kind: "LOCKED", lock: new StoreLock(fd) };
  }

  /** Drops the lock (closing the file releases the flock); the file stays, as RocketMQ's does. */
  release(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
