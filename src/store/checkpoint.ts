// The checkpoint file, <rootDir>/checkpoint, rewritten in place at each thorough flush and at
// close. Crash recovery scans the commitlog from min(flushedOffset, dispatchedOffset).
//
//   at  size  field
//    0    8   flushedOffset       every commitlog byte below it was fsynced
//    8    8   dispatchedOffset    consume queues covering every record below it were fsynced
//   16    8   timestampMs         when it was written
//   24    4   crc32 of bytes 0..23 (a torn checkpoint reads as missing)

import { crc32 } from "node:zlib";
import { readInt64, writeInt64 } from "../common/index.ts";
import { readAt, type Disk, type DiskFile } from "./disk.ts";

const CHECKPOINT_BYTES = 28;

export interface Checkpoint {
  flushedOffset: number;
  dispatchedOffset: number;
  timestampMs: number;
}

export function readCheckpoint(disk: Disk, file: string): Checkpoint | undefined {
  if (!disk.exists(file)) return undefined;
  const handle = disk.open(file);
  const bytes = readAt(handle, 0, CHECKPOINT_BYTES);
  handle.close();
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

const openForWrite = (disk: Disk, file: string): DiskFile => (disk.exists(file) ? disk.open(file) : disk.create(file));

export function writeCheckpoint(disk: Disk, file: string, checkpoint: Checkpoint): void {
  const handle = openForWrite(disk, file);
  try {
    handle.write(checkpointBytes(checkpoint), 0);
    handle.syncNow();
  } finally {
    handle.close();
  }
}

/** As writeCheckpoint(), with the fdatasync on the thread pool (28 bytes: the write stays here). */
export async function writeCheckpointAsync(disk: Disk, file: string, checkpoint: Checkpoint): Promise<void> {
  const handle = openForWrite(disk, file);
  try {
    handle.write(checkpointBytes(checkpoint), 0);
    await handle.sync();
  } finally {
    handle.close();
  }
}
