// The checkpoint file, <rootDir>/checkpoint, rewritten in place at each thorough flush and at
// close. Crash recovery scans the commitlog from min(flushedOffset, dispatchedOffset).
//
//   at  size  field
//    0    8   flushedOffset       every commitlog byte below it was fsynced
//    8    8   dispatchedOffset    consume queues covering every record below it were fsynced
//   16    8   timestampMs         when it was written
//   24    4   crc32 of bytes 0..23 (a torn checkpoint reads as missing)

import fs from "node:fs";
import { crc32 } from "node:zlib";
import { readInt64, writeInt64 } from "../common/index.ts";
import { fdatasyncAsync, writeFully } from "./segment-files.ts";

const CHECKPOINT_BYTES = 28;

export interface Checkpoint {
  flushedOffset: number;
  dispatchedOffset: number;
  timestampMs: number;
}

export function readCheckpoint(file: string): Checkpoint | undefined {
  if (!fs.existsSync(file)) return undefined;
  const bytes = fs.readFileSync(file);
  if (bytes.length < CHECKPOINT_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(24) !== crc32(bytes.subarray(0, 24))) return undefined;
  return { flushedOffset: readInt64(view, 0), dispatchedOffset: readInt64(view, 8), timestampMs: readInt64(view, 16) };
}

function checkpointBytes(checkpoint: Checkpoint): Uint8Array {
  const bytes = new Uint8Array(CHECKPOINT_BYTES);
  const view = new DataView(bytes.buffer);
  writeInt64(view, 0, checkpoint.flushedOffset);
  writeInt64(view, 8, checkpoint.dispatchedOffset);
  writeInt64(view, 16, checkpoint.timestampMs);
  view.setUint32(24, crc32(bytes.subarray(0, 24)));
  return bytes;
}

export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
  try {
    writeFully(fd, checkpointBytes(checkpoint), 0);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** As writeCheckpoint(), with the fdatasync on the thread pool (28 bytes: the write stays here). */
export async function writeCheckpointAsync(file: string, checkpoint: Checkpoint): Promise<void> {
  const fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
  try {
    writeFully(fd, checkpointBytes(checkpoint), 0);
    await fdatasyncAsync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
