// The runtime's compiler threads must not hold up the event loop. JavaScriptCore compiles hot
// functions on "JITWorker" threads in bursts of 1–4 ms, and at normal priority the scheduler lets
// such a burst finish before it runs an event loop that a socket has just woken — measured on 2
// cores with a broker, a producer and a consumer: ~140 waits of over 1 ms in 8 s, most behind a
// compiler thread (`perf sched`); 31 with them in SCHED_IDLE, where they run only on a core nothing
// else wants and any woken thread preempts them. Under full load this did not starve compilation
// (more messages a second, not fewer). mimalloc's scavenger stays as it is: idle, it returned
// memory late and the broker's peak RSS rose by ~4 MiB.
// Linux only, and only lowering (needs no privilege); elsewhere, or without libc, nothing changes.
// The threads start and stop as the runtime needs them, so /proc/self/task is scanned again: soon
// after start (when they appear) and then every SCAN_INTERVAL_MS_MAX.
import { dlopen, FFIType } from "bun:ffi";
import { readdirSync, readFileSync } from "node:fs";

export const BACKGROUND_THREAD_NAMES: readonly string[] = ["JITWorker"];
/** sched.h */
export const SCHED_IDLE = 5;
const SCAN_INTERVAL_MS_MIN = 25;
const SCAN_INTERVAL_MS_MAX = 1000;
const TASKS = "/proc/self/task";

type SetScheduler = (tid: number, policy: number, param: Int32Array) => number;
/** struct sched_param { int sched_priority; }: 0, as SCHED_IDLE requires. */
const SCHED_PARAM = new Int32Array(1);
/** Loaded on the first pass; null where there is no sched_setscheduler to call. */
let setScheduler: SetScheduler | null | undefined;

function loadSetScheduler(): SetScheduler | null {
  if (process.platform !== "linux") return null;
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      const libc = dlopen(name, { sched_setscheduler: { args: [FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.i32 } });
      return (tid, policy, param) => libc.symbols.sched_setscheduler(tid, policy, param);
    } catch {
      // try the next name
    }
  }
  return null;
}

function threadName(tid: string): string | undefined {
  try {
    return readFileSync(`${TASKS}/${tid}/comm`, "utf8").trimEnd();
  } catch {
    return undefined; // the thread has ended
  }
}

/** One pass over this process's threads: those named in BACKGROUND_THREAD_NAMES and not in
 *  `idle` (the ones earlier passes moved) are moved to SCHED_IDLE and added to it; threads that
 *  have ended leave it (their ids may be reused). Every other thread's name is read again on each
 *  pass: a thread just started may not have its name yet. Returns how many were moved, undefined
 *  when this platform cannot. */
export function idleBackgroundThreadsOnce(idle: Set<string> = new Set()): number | undefined {
  setScheduler ??= loadSetScheduler();
  if (setScheduler === null) return undefined;
  const present = new Set(readdirSync(TASKS));
  for (const tid of idle) if (!present.has(tid)) idle.delete(tid);
  let moved = 0;
  for (const tid of present) {
    if (idle.has(tid)) continue;
    const name = threadName(tid);
    if (name === undefined || !BACKGROUND_THREAD_NAMES.includes(name)) continue;
    if (setScheduler(Number(tid), SCHED_IDLE, SCHED_PARAM) !== 0) continue;
    idle.add(tid);
    moved++;
  }
  return moved;
}

/** Keeps this process's background threads in SCHED_IDLE: passes soon after start, when the
 *  runtime starts them, then every SCAN_INTERVAL_MS_MAX. Never keeps the process alive. */
export function idleBackgroundThreads(): void {
  const idle = new Set<string>();
  let intervalMs = SCAN_INTERVAL_MS_MIN;
  const pass = () => {
    if (idleBackgroundThreadsOnce(idle) === undefined) return;
    intervalMs = Math.min(SCAN_INTERVAL_MS_MAX, intervalMs * 2);
    setTimeout(pass, intervalMs).unref();
  };
  setTimeout(pass, intervalMs).unref();
}
