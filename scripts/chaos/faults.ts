// The faults, one at a time, each returning when it was injected and lifted:
//   kill       SIGKILL the broker, start it again at once (recovery includes its boot);
//   pause      SIGSTOP it for PAUSE_MS_MIN..MAX, then SIGCONT;
//   disk-full  fill the store's filesystem (a tmpfs of its own) with a ballast file until ENOSPC,
//              hold DISK_HOLD_MS, delete the ballast. When no send is acknowledged within
//              DISK_RECOVERY_MS_MAX of freeing the space, the broker is restarted and that is
//              recorded (fault.restartedMs): a write error that stayed sticky.
//   power-cut  SIGKILL the broker, make the store's filesystem (forgetful-fs.py) forget every write
//              not fsynced, start the broker again.
import { closeSync, existsSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Broker } from "./broker.ts";
import type { Fault, FaultKind } from "./check.ts";
import type { LiveView } from "./live.ts";
import type { Child } from "../bench/procs.ts";

const PAUSE_MS_MIN = 3_000;
const PAUSE_MS_MAX = 10_000;
const DISK_HOLD_MS = 8_000;
const DISK_RECOVERY_MS_MAX = 30_000;
const BALLAST_CHUNK_BYTES = 1 << 20;

export interface FaultTargets {
  broker: Broker;
  live: LiveView;
  /** Where the ballast goes: the root of the store's own filesystem; undefined: no disk faults. */
  diskDir: string | undefined;
  /** The forgetful filesystem the store is mounted on; undefined: no power cuts. */
  power: { mount: string; daemon: Child } | undefined;
}

let powerCuts = 0;

const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

export async function inject(kind: FaultKind, t: FaultTargets): Promise<Fault> {
  const startMs = Date.now();
  if (kind === "kill") {
    await t.broker.kill();
    const endMs = Date.now();
    await t.broker.start();
    return { kind, startMs, endMs };
  }
  if (kind === "pause") {
    t.broker.pause();
    await Bun.sleep(between(PAUSE_MS_MIN, PAUSE_MS_MAX));
    t.broker.resume();
    return { kind, startMs, endMs: Date.now() };
  }
  if (kind === "disk-full") return diskFull(t, startMs);
  if (kind === "power-cut") {
    if (t.power === undefined) throw new Error("no forgetful filesystem under the store: power cuts are off");
    await t.broker.kill();
    const n = ++powerCuts;
    existsSync(join(t.power.mount, `.power-cut-${n}`));
    const line = await t.power.daemon.waitFor(new RegExp(`^power cut ${n}:`), 30_000);
    process.stdout.write(`  ${line}\n`);
    const endMs = Date.now();
    await t.broker.start();
    return { kind, startMs, endMs };
  }
  throw new Error(`fault ${kind} is not implemented by this script`);
}

async function diskFull(t: FaultTargets, startMs: number): Promise<Fault> {
  if (t.diskDir === undefined) throw new Error("no filesystem of its own for the store: disk faults are off");
  const ballast = join(t.diskDir, "ballast");
  const filledBytes = fill(ballast);
  await Bun.sleep(DISK_HOLD_MS);
  rmSync(ballast, { force: true });
  const endMs = Date.now();
  process.stdout.write(`  disk-full: ${Math.round(filledBytes / 2 ** 20)} MiB of ballast held ${DISK_HOLD_MS / 1000} s, freed\n`);
  const deadline = endMs + DISK_RECOVERY_MS_MAX;
  while (Date.now() < deadline) {
    t.live.poll();
    if (t.live.lastAck() >= endMs) return { kind: "disk-full", startMs, endMs };
    await Bun.sleep(250);
  }
  process.stdout.write(`  disk-full: no send acknowledged ${DISK_RECOVERY_MS_MAX / 1000} s after the space came back; restarting the broker\n`);
  await t.broker.kill();
  const restartedMs = Date.now();
  await t.broker.start();
  return { kind: "disk-full", startMs, endMs, restartedMs };
}

/** Writes the ballast until the filesystem is full; returns the bytes written. */
function fill(path: string): number {
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(BALLAST_CHUNK_BYTES, 0x5a);
  let written = 0;
  try {
    for (let size = chunk.length; size >= 4096; ) {
      try {
        written += writeSync(fd, chunk, 0, size);
      } catch {
        size >>= 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
