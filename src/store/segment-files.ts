// Segment files of the commitlog and the consume queues: each named after its start offset,
// 20 decimal digits, zero-padded (UtilAll.offset2FileName). The readers on a raw fd are for the
// index worker, which reads commitlog segments outside the disk seam (disk.ts).

import fs from "node:fs";
import path from "node:path";
import type { Disk } from "./disk.ts";

export const segmentName = (startOffset: number): string => String(startOffset).padStart(20, "0");

/** Start offsets of the segment files in dir, ascending; [] when dir does not exist. */
export function listSegmentStarts(disk: Disk, dir: string): number[] {
  return disk
    .list(dir)
    .filter((name) => /^\d{20}$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

export const segmentPath = (dir: string, startOffset: number): string => path.join(dir, segmentName(startOffset));

/** Positional read into a new array; shorter when the file ends first. */
export function readAt(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const done = readFully(fd, position, bytes);
  return done === length ? bytes : bytes.subarray(0, done);
}

/** Positional read filling target; returns the bytes read, fewer when the file ends first. */
export function readFully(fd: number, position: number, target: Uint8Array): number {
  let done = 0;
  while (done < target.length) {
    const n = fs.readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
