// The index builder (run by index-worker.ts, off the put path): reads the commitlog from the
// index's indexedOffset up to the dispatched end it is told about, and writes one row per
// UNIQ_KEY and per space-separated KEYS entry of every record (rolled-back half messages
// excluded) into index.db. Each step is one transaction that also moves indexedOffset, so the
// table always covers exactly the records below it.

import type { Database } from "bun:sqlite";
import fs from "node:fs";
import { BUCKET_BYTES, indexedOffsetOf, keyHash, setIndexedOffset, topicHashState } from "./index-db.ts";
import { readAt, readFully, segmentPath } from "./segment-files.ts";

/** The record layout constants this file needs (common's record-codec.ts). The worker keeps its
 *  own copies so that it starts without loading common (~15 ms for every store opened);
 *  message-index.ts asserts at load that they agree. */
export const RECORD_CONSTANTS = {
  MAGIC_V1: 0xdaa320a7 | 0,
  MAGIC_V2: 0xdaa320ab | 0,
  MAGIC_BLANK: 0xcbd43194 | 0,
  TRANSACTION_MASK: 0xc,
  TRANSACTION_ROLLBACK: 0xc,
  BORNHOST_V6: 0x10,
  STOREHOST_V6: 0x20,
} as const;
const { MAGIC_V1, MAGIC_V2, MAGIC_BLANK } = RECORD_CONSTANTS;
const MessageSysFlag = RECORD_CONSTANTS;

/** Bytes of commitlog read per step, into one buffer kept from step to step (a new buffer per
 *  step was garbage the worker's heap held on to: +15 MiB of broker RSS under load). A record
 *  larger than this is read alone into a buffer of its own. */
const STEP_BYTES = 1024 * 1024;
const ROWS_PER_INSERT = 200;
const KEYS = new TextEncoder().encode("KEYS\u0001");
const UNIQ_KEY = new TextEncoder().encode("UNIQ_KEY\u0001");
const SPACE = 0x20;
const PROPERTY_SEPARATOR = 0x02;

/** Rows of one step, column by column. */
class Rows {
  hashes: number[] = [];
  timestamps: number[] = [];
  offsets: number[] = [];
}

export class IndexBuilder {
  indexedOffset: number;
  private readonly insertMany: ReturnType<Database["query"]>;
  private readonly insertOne: ReturnType<Database["query"]>;
  private readonly args: number[] = new Array<number>(ROWS_PER_INSERT * 4);
  private open: { start: number; fd: number } | undefined;
  /** Made on the first step: an idle broker does not keep it. */
  private stepBuffer: Uint8Array | undefined;

  constructor(
    private readonly db: Database,
    private readonly commitLogDir: string,
    private readonly segmentBytes: number,
  ) {
    this.indexedOffset = indexedOffsetOf(db);
    this.insertMany = db.query(`INSERT OR IGNORE INTO message_index VALUES ${"(?, ?, ?, ?), ".repeat(ROWS_PER_INSERT - 1)}(?, ?, ?, ?)`);
    this.insertOne = db.query("INSERT OR IGNORE INTO message_index VALUES (?, ?, ?, ?)");
  }

  /** Indexes up to STEP_BYTES of records (or one larger record) below end; returns false when there was nothing to do. */
  step(end: number): boolean {
    if (this.indexedOffset >= end) return false;
    const rows = new Rows();
    const reached = this.collect(end, rows);
    this.commit(rows, reached);
    return true;
  }

  /** Moves past records that will never be indexed (a replica that starts mid-log). */
  skipTo(offset: number): void {
    if (offset <= this.indexedOffset) return;
    this.indexedOffset = offset;
    setIndexedOffset(this.db, offset);
  }

  private collect(end: number, rows: Rows): number {
    const offset = this.indexedOffset;
    const segmentStart = offset - (offset % this.segmentBytes);
    const fd = this.segmentFd(segmentStart);
    if (fd === undefined) return Math.min(end, segmentStart + this.segmentBytes); // deleted by retention
    const length = Math.min(end, segmentStart + this.segmentBytes) - offset;
    this.stepBuffer ??= new Uint8Array(STEP_BYTES);
    const read = readFully(fd, offset - segmentStart, this.stepBuffer.subarray(0, Math.min(length, STEP_BYTES)));
    let bytes: Uint8Array = this.stepBuffer.subarray(0, read);
    const firstSize = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset).getInt32(0) : 0;
    if (firstSize > bytes.length && firstSize <= length) bytes = readAt(fd, offset - segmentStart, firstSize);
    return offset + this.rowsOf(bytes, offset, segmentStart + this.segmentBytes, rows);
  }

  /** The segment starting at start, kept open from step to step; undefined when it is gone. */
  private segmentFd(start: number): number | undefined {
    if (this.open?.start === start) return this.open.fd;
    this.close();
    let fd: number;
    try {
      fd = fs.openSync(segmentPath(this.commitLogDir, start), "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    this.open = { start, fd };
    return fd;
  }

  /** Closes the segment kept open (retention may delete it; its space comes back on close). */
  close(): void {
    if (this.open) fs.closeSync(this.open.fd);
    this.open = undefined;
  }

  /** Adds the rows of every whole record in bytes; returns how many bytes were consumed. */
  private rowsOf(bytes: Uint8Array, offset: number, segmentEnd: number, rows: Rows): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    while (at + 8 <= bytes.length) {
      const magic = view.getInt32(at + 4);
      if (magic === MAGIC_BLANK) return segmentEnd - offset;
      const size = view.getInt32(at);
      if (magic !== MAGIC_V1 && magic !== MAGIC_V2) throw new Error(`index: no record at commitlog offset ${offset + at}`);
      if (at + size > bytes.length) break;
      this.recordRows(bytes, view, at, offset + at, rows);
      at += size;
    }
    return at;
  }

  private recordRows(bytes: Uint8Array, view: DataView, at: number, physical: number, rows: Rows): void {
    const sysFlag = view.getInt32(at + 36);
    if ((sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_ROLLBACK) return;
    const storeTimestampAt = at + 48 + ((sysFlag & MessageSysFlag.BORNHOST_V6) !== 0 ? 20 : 8);
    const bodyLengthAt = storeTimestampAt + 8 + ((sysFlag & MessageSysFlag.STOREHOST_V6) !== 0 ? 20 : 8) + 12;
    const storeTimestamp = view.getInt32(storeTimestampAt) * 4294967296 + view.getUint32(storeTimestampAt + 4);
    let p = bodyLengthAt + 4 + view.getInt32(bodyLengthAt);
    const v2 = view.getInt32(at + 4) === MAGIC_V2;
    const topicLength = v2 ? view.getInt16(p) : view.getUint8(p);
    p += v2 ? 2 : 1;
    const topic = topicHashState(bytes, p, p + topicLength);
    p += topicLength;
    const propertiesEnd = p + 2 + view.getInt16(p);
    for (let from = p + 2; from < propertiesEnd; ) {
      let end = bytes.indexOf(PROPERTY_SEPARATOR, from);
      if (end < 0 || end > propertiesEnd) end = propertiesEnd;
      if (startsWith(bytes, from, end, UNIQ_KEY)) this.addKey(rows, topic, bytes, from + UNIQ_KEY.length, end, storeTimestamp, physical);
      else if (startsWith(bytes, from, end, KEYS)) this.addKeys(rows, topic, bytes, from + KEYS.length, end, storeTimestamp, physical);
      from = end + 1;
    }
  }

  private addKeys(rows: Rows, topic: ReturnType<typeof topicHashState>, bytes: Uint8Array, from: number, end: number, ts: number, physical: number): void {
    for (let start = from; start < end; ) {
      let stop = bytes.indexOf(SPACE, start);
      if (stop < 0 || stop > end) stop = end;
      this.addKey(rows, topic, bytes, start, stop, ts, physical);
      start = stop + 1;
    }
  }

  private addKey(rows: Rows, topic: ReturnType<typeof topicHashState>, bytes: Uint8Array, from: number, end: number, ts: number, physical: number): void {
    if (end <= from) return;
    rows.hashes.push(keyHash(topic, bytes, from, end));
    rows.timestamps.push(ts);
    rows.offsets.push(physical);
  }

  /** Writes the rows, sorted by (bucket, hash) so B-tree pages are visited in order, and reached. */
  private commit(rows: Rows, reached: number): void {
    const order = rows.hashes.map((_, i) => i);
    const bucketOf = (i: number): number => Math.floor((rows.offsets[i] as number) / BUCKET_BYTES);
    order.sort((x, y) => bucketOf(x) - bucketOf(y) || (rows.hashes[x] as number) - (rows.hashes[y] as number));
    this.db.transaction(() => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= order.length; i += ROWS_PER_INSERT) {
        for (let j = 0; j < ROWS_PER_INSERT; j++) this.fillRow(this.args, j, order[i + j] as number, rows, bucketOf);
        this.insertMany.run(...this.args);
      }
      const one: number[] = [0, 0, 0, 0];
      for (; i < order.length; i++) {
        this.fillRow(one, 0, order[i] as number, rows, bucketOf);
        this.insertOne.run(...one);
      }
      this.recordBuckets(rows, bucketOf);
      setIndexedOffset(this.db, reached);
    })();
    this.indexedOffset = reached;
  }

  private fillRow(args: number[], slot: number, row: number, rows: Rows, bucketOf: (i: number) => number): void {
    args[slot * 4] = bucketOf(row);
    args[slot * 4 + 1] = rows.hashes[row] as number;
    args[slot * 4 + 2] = rows.timestamps[row] as number;
    args[slot * 4 + 3] = rows.offsets[row] as number;
  }

  private recordBuckets(rows: Rows, bucketOf: (i: number) => number): void {
    const spans = new Map<number, [number, number]>();
    rows.timestamps.forEach((ts, i) => {
      const span = spans.get(bucketOf(i));
      if (!span) spans.set(bucketOf(i), [ts, ts]);
      else [span[0], span[1]] = [Math.min(span[0], ts), Math.max(span[1], ts)];
    });
    const upsert = this.db.query(
      "INSERT INTO index_buckets VALUES (?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET " +
        "min_timestamp = min(min_timestamp, excluded.min_timestamp), max_timestamp = max(max_timestamp, excluded.max_timestamp)",
    );
    for (const [bucket, [min, max]] of spans) upsert.run(bucket, min, max);
  }
}

function startsWith(bytes: Uint8Array, from: number, end: number, prefix: Uint8Array): boolean {
  if (end - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[from + i] !== prefix[i]) return false;
  return true;
}
