// Segment files of the commitlog and the consume queues: each named after its start offset,
// 20 decimal digits, zero-padded (UtilAll.offset2FileName).

import fs from "node:fs";
import path from "node:path";

export const segmentName = (startOffset: number): string => String(startOffset).padStart(20, "0");

/** Start offsets of the segment files in dir, ascending; [] when dir does not exist. */
export function listSegmentStarts(dir: string): number[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{20}$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

export const segmentPath = (dir: string, startOffset: number): string => path.join(dir, segmentName(startOffset));

/** Positional write of all of bytes (regular files rarely write short, but loop anyway). */
export function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

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

export function fdatasyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}
