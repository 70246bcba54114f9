// The commitlog: one append-only log of records for all topics, split into segment files of
// segmentBytes named by their start offset. Physical offsets are global across segments.
//
// Promises: write() hands bytes to the OS (write syscall done) at an exact offset; it never
// holds segments in memory. sync() makes everything written so far durable (fdatasync of each
// segment touched since the last sync). read() is a synchronous positional read.
// Every segment but the last is exactly segmentBytes long and ends with a blank record.

import { assert, BLANK_RECORD_BYTES, MAGIC_BLANK, type Logger } from "../common/index.ts";
import { readAt, type Disk, type DiskFile } from "./disk.ts";
import { ReadCache } from "./read-cache.ts";
import { listSegmentStarts, segmentPath } from "./segment-files.ts";

interface Segment {
  start: number;
  file: DiskFile;
}

export class CommitLog {
  private readonly segments: Segment[] = [];
  /** End of the written bytes: the next record goes here (or at the next segment's start). */
  writeOffset = 0;
  /** Everything below this is on disk. */
  flushedOffset = 0;
  private dirty = new Set<Segment>();
  private readonly cache: ReadCache;

  constructor(
    private readonly disk: Disk,
    readonly dir: string,
    readonly segmentBytes: number,
    private readonly log: Logger,
  ) {
    this.cache = new ReadCache(segmentBytes, (offset, target) => this.readInto(offset, target));
  }

  /** Opens the existing segments; writeOffset = end of the last one (recovery may cut it). */
  open(): void {
    this.disk.mkdir(this.dir);
    const starts = listSegmentStarts(this.disk, this.dir);
    for (const start of starts) {
      assert(start % this.segmentBytes === 0, `commitlog segment ${start} is not aligned to ${this.segmentBytes}`);
      this.segments.push({ start, file: this.disk.open(segmentPath(this.dir, start)) });
    }
    for (let i = 0; i + 1 < this.segments.length; i++) {
      const segment = this.segments[i] as Segment;
      const size = segment.file.size();
      if (size !== this.segmentBytes) this.log.warn("commitlog segment has an unexpected size", { start: segment.start, size });
    }
    const last = this.segments.at(-1);
    this.writeOffset = last ? last.start + last.file.size() : 0;
    this.flushedOffset = this.writeOffset;
  }

  minOffset(): number {
    return this.segments[0]?.start ?? this.writeOffset - (this.writeOffset % this.segmentBytes);
  }

  segmentStartOf(offset: number): number {
    return offset - (offset % this.segmentBytes);
  }

  /** Where a record of size bytes goes when appended at offset: offset itself, or the next
   *  segment's start when it does not fit with room left for a blank record. */
  placeAt(offset: number, size: number): number {
    const segmentEnd = this.segmentStartOf(offset) + this.segmentBytes;
    return offset + size + BLANK_RECORD_BYTES <= segmentEnd ? offset : segmentEnd;
  }

  /** Writes bytes at exactly writeOffset; they must not cross a segment boundary. */
  write(offset: number, bytes: Uint8Array): void {
    if (offset !== this.writeOffset) assert(false, `commitlog write at ${offset}, expected ${this.writeOffset}`);
    const segment = this.segmentFor(offset, true);
    if (offset + bytes.length > segment.start + this.segmentBytes) assert(false, `commitlog write at ${offset} crosses a segment`);
    segment.file.write(bytes, offset - segment.start);
    this.cache.written(offset, bytes);
    this.dirty.add(segment);
    this.writeOffset = offset + bytes.length;
  }

  /** Ends the current segment with a blank record; the next write goes to the next segment. */
  writeBlank(offset: number): void {
    const segmentEnd = this.segmentStartOf(offset) + this.segmentBytes;
    const blank = new Uint8Array(BLANK_RECORD_BYTES);
    const view = new DataView(blank.buffer);
    view.setInt32(0, segmentEnd - offset);
    view.setInt32(4, MAGIC_BLANK);
    this.write(offset, blank);
    this.sealCurrent();
  }

  /** Pads the current (full) segment to segmentBytes and moves writeOffset to its end. */
  sealCurrent(): void {
    const segment = this.segmentFor(this.writeOffset - 1, false);
    segment.file.truncate(this.segmentBytes);
    this.writeOffset = segment.start + this.segmentBytes;
  }

  private segmentFor(offset: number, create: boolean): Segment {
    const start = this.segmentStartOf(offset);
    const last = this.segments.at(-1);
    if (last && last.start === start) return last;
    const found = this.findSegment(offset);
    if (found) return found;
    assert(create, `no commitlog segment holds offset ${offset}`);
    assert(!last || start > last.start, `commitlog segment ${start} would come before ${last?.start}`);
    const segment = { start, file: this.disk.create(segmentPath(this.dir, start)) };
    this.segments.push(segment);
    this.log.info("commitlog segment created", { start });
    return segment;
  }

  private findSegment(offset: number): Segment | undefined {
    const start = this.segmentStartOf(offset);
    const first = this.segments[0];
    if (!first) return undefined;
    const segment = this.segments[(start - first.start) / this.segmentBytes];
    return segment && segment.start === start ? segment : undefined;
  }

  /** Reads up to length bytes at offset, never past writeOffset or the segment end. */
  read(offset: number, length: number): Uint8Array | undefined {
    const segment = this.findSegment(offset);
    if (!segment || offset >= this.writeOffset) return undefined;
    const limit = Math.min(length, this.writeOffset - offset, segment.start + this.segmentBytes - offset);
    return readAt(segment.file, offset - segment.start, limit);
  }

  /** Reads up to target.length bytes at offset into target, never past writeOffset or the
   *  segment end; returns how many it read. */
  readInto(offset: number, target: Uint8Array): number {
    const segment = this.findSegment(offset);
    if (!segment || offset >= this.writeOffset) return 0;
    const limit = Math.min(target.length, this.writeOffset - offset, segment.start + this.segmentBytes - offset);
    return segment.file.read(target.subarray(0, limit), offset - segment.start);
  }

  /** As readInto(), through the cache of the block being written and recently read blocks: for
   *  pulls, which read many short records near each other or just written. */
  readIntoShared(offset: number, target: Uint8Array): number {
    return this.cache.readInto(offset, target, this.writeOffset);
  }

  /** Makes every byte written so far durable; resolves to the offset now known flushed. */
  async sync(): Promise<number> {
    const target = this.writeOffset;
    const segments = [...this.dirty];
    this.dirty = new Set();
    await Promise.all(segments.map((segment) => segment.file.sync()));
    if (target > this.flushedOffset) this.flushedOffset = target;
    return target;
  }

  /** Cuts the log at offset (recovery, truncate): later bytes and segments are removed.
   *  durable: the next sync() covers the cut (recovery's cut needs none: nothing points past it). */
  truncate(offset: number, durable = false): void {
    this.cache.clear();
    while (this.segments.length > 0 && (this.segments.at(-1) as Segment).start > offset) {
      const segment = this.segments.pop() as Segment;
      segment.file.close();
      this.disk.remove(segmentPath(this.dir, segment.start));
      this.dirty.delete(segment);
      this.log.warn("commitlog segment removed past the cut", { start: segment.start, cutAt: offset });
    }
    const last = this.segments.at(-1);
    if (last && offset - last.start <= this.segmentBytes) {
      last.file.truncate(offset - last.start);
      if (durable) this.dirty.add(last);
    }
    this.writeOffset = offset;
    this.flushedOffset = Math.min(this.flushedOffset, offset);
  }

  /** Start offsets and modification times of all segments, oldest first. */
  segmentInfo(): { start: number; mtimeMs: number }[] {
    return this.segments.map((s) => ({ start: s.start, mtimeMs: s.file.mtimeMs() }));
  }

  /** Deletes the oldest segment (retention); never the active one. */
  deleteOldest(): number {
    assert(this.segments.length > 1, "the active commitlog segment is never deleted");
    this.cache.clear();
    const segment = this.segments.shift() as Segment;
    segment.file.close();
    this.disk.remove(segmentPath(this.dir, segment.start));
    this.dirty.delete(segment);
    return segment.start;
  }

  close(): void {
    for (const segment of this.segments) segment.file.close();
    this.segments.length = 0;
  }
}
