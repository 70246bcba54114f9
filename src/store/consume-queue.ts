// One consume queue (topic, queueId): fixed-width 20-byte entries in segment files of
// segmentBytes under consumequeue/<topic>/<queueId>/, named by their logical byte offset
// (entry index × 20). Entry i is queue offset i:
//
//   at  size  field
//    0    8   physical offset of the record in the commitlog
//    8    4   record size
//   12    8   tags code: Java String.hashCode of TAGS (sign-extended), or the delivery time
//             for SCHEDULE_TOPIC_XXXX
//
// append() buffers an entry (reads see it at once); sync() or syncAsync() makes the entries
// durable. The queue may start past 0 (its first file created for a later offset, or old files
// deleted): minOffset says where readable entries begin.

import { assert, readInt64, writeInt64 } from "../common/index.ts";
import { readAt, type Disk, type DiskFile } from "./disk.ts";
import { listSegmentStarts, segmentPath } from "./segment-files.ts";

export const CQ_ENTRY_BYTES = 20;
const PENDING_BYTES_MAX = CQ_ENTRY_BYTES * 256;
/** Entries read from a file at once and kept for the next reads (a consumer behind the writer
 *  pulls 32 at a time: one positional read per 8 pulls instead of one per pull). */
const READ_AHEAD_ENTRIES = 256;

function entryOf(view: DataView, at: number): CqEntry {
  return { physicalOffset: readInt64(view, at), size: view.getInt32(at + 8), tagsCode: readInt64(view, at + 12) };
}

export interface CqEntry {
  physicalOffset: number;
  size: number;
  tagsCode: number;
}

interface CqFile {
  start: number;
  file: DiskFile;
  /** It was closed (queue closed or file removed); an fdatasync in flight may fail. */
  closed?: boolean;
}

export class ConsumeQueue {
  private readonly files: CqFile[] = [];
  /** Next offset to be written = number of entries (counting those before minOffset). */
  maxOffset = 0;
  minOffset = 0;
  /** Next queue offset a put assigns (may run ahead of maxOffset until dispatch catches up). */
  nextPutOffset = 0;
  /** Files written to since their last fdatasync. */
  private dirtyFiles = new Set<CqFile>();
  private readonly pending = new Uint8Array(PENDING_BYTES_MAX);
  private readonly pendingView = new DataView(this.pending.buffer);
  private pendingBytes = 0;
  private pendingStart = 0;
  /** The last entries read from files: [aheadFrom, aheadTo) in aheadView. Entries written out
   *  never change but by truncateFrom and file removal, which drop these. */
  private aheadView: DataView | undefined;
  private aheadFrom = 0;
  private aheadTo = 0;

  constructor(
    private readonly disk: Disk,
    readonly topic: string,
    readonly queueId: number,
    readonly dir: string,
    readonly segmentBytes: number,
  ) {
    assert(segmentBytes % CQ_ENTRY_BYTES === 0, `consumeQueueSegmentBytes ${segmentBytes} is not a multiple of 20`);
  }

  /** Opens existing files; a torn last entry is cut off. */
  load(): void {
    for (const start of listSegmentStarts(this.disk, this.dir)) {
      this.files.push({ start, file: this.disk.open(segmentPath(this.dir, start)) });
    }
    const first = this.files[0];
    const last = this.files.at(-1);
    if (!first || !last) return;
    const size = last.file.size();
    const whole = size - (size % CQ_ENTRY_BYTES);
    if (whole !== size) last.file.truncate(whole);
    this.maxOffset = (last.start + whole) / CQ_ENTRY_BYTES;
    this.minOffset = first.start / CQ_ENTRY_BYTES;
    this.nextPutOffset = this.maxOffset;
    this.skipLeadingHole();
  }

  /** A first file created for a later offset starts with zero-filled entries: skip them. (An
   *  entry past the end of a file cut short by a power cut is no hole: recovery drops it.) */
  private skipLeadingHole(): void {
    let low = this.minOffset;
    let high = Math.min(this.maxOffset, this.minOffset + this.segmentBytes / CQ_ENTRY_BYTES);
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const entry = this.entryAt(mid);
      if (!entry || entry.size > 0) high = mid;
      else low = mid + 1;
    }
    this.minOffset = low;
  }

  /** Buffers the entry; flushPending() (buffer full, sync, close) writes it. Reads see it. */
  append(queueOffset: number, physicalOffset: number, size: number, tagsCode: number): void {
    if (this.files.length === 0 && this.maxOffset === 0 && queueOffset > 0) {
      this.maxOffset = queueOffset;
      this.minOffset = queueOffset;
    }
    if (queueOffset !== this.maxOffset || size <= 0 || physicalOffset < 0) {
      // (messages built only on failure: this runs for every record)
      assert(queueOffset === this.maxOffset, `${this.topic}/${this.queueId}: entry ${queueOffset}, expected ${this.maxOffset}`);
      assert(false, `${this.topic}/${this.queueId}: bad entry ${physicalOffset}+${size}`);
    }
    const byteOffset = queueOffset * CQ_ENTRY_BYTES;
    if (this.pendingBytes > 0 && (byteOffset % this.segmentBytes === 0 || this.pendingBytes === PENDING_BYTES_MAX)) {
      this.flushPending();
    }
    if (this.pendingBytes === 0) this.pendingStart = byteOffset;
    const at = this.pendingBytes;
    writeInt64(this.pendingView, at, physicalOffset);
    this.pendingView.setInt32(at + 8, size);
    writeInt64(this.pendingView, at + 12, tagsCode);
    this.pendingBytes += CQ_ENTRY_BYTES;
    this.maxOffset = queueOffset + 1;
    if (this.nextPutOffset < this.maxOffset) this.nextPutOffset = this.maxOffset;
  }

  /** Writes buffered entries to their file (one write). */
  flushPending(): void {
    if (this.pendingBytes === 0) return;
    const file = this.fileFor(this.pendingStart);
    file.file.write(this.pending.subarray(0, this.pendingBytes), this.pendingStart - file.start);
    this.dirtyFiles.add(file);
    this.pendingBytes = 0;
  }

  private fileFor(byteOffset: number): CqFile {
    const start = byteOffset - (byteOffset % this.segmentBytes);
    const last = this.files.at(-1);
    if (last && last.start === start) return last;
    this.disk.mkdir(this.dir);
    const file = { start, file: this.disk.create(segmentPath(this.dir, start)) };
    this.files.push(file);
    return file;
  }

  /** Up to count entries from offset (clamped to [minOffset, maxOffset)): those written out in
   *  one read per file, the buffered ones (the newest: what a caught-up consumer asks for) from
   *  the buffer. */
  read(offset: number, count: number): CqEntry[] {
    const entries: CqEntry[] = [];
    const start = Math.max(offset, this.minOffset);
    const end = Math.min(this.maxOffset, offset + count);
    const buffered = this.pendingBytes > 0 ? this.pendingStart / CQ_ENTRY_BYTES : end;
    const fromFiles = Math.min(end, buffered);
    if (start < fromFiles && !this.readFiles(start, fromFiles, buffered === end ? this.maxOffset : buffered, entries)) return entries;
    for (let next = Math.max(start, buffered); next < end; next++) {
      entries.push(entryOf(this.pendingView, (next - buffered) * CQ_ENTRY_BYTES));
    }
    return entries;
  }

  /** Appends the entries [next, end) written to files (all below writtenEnd are), from the kept
   *  read-ahead or read with up to READ_AHEAD_ENTRIES more; false when a file came up short. */
  private readFiles(next: number, end: number, writtenEnd: number, entries: CqEntry[]): boolean {
    while (next < end) {
      if (this.aheadView !== undefined && next >= this.aheadFrom && next < this.aheadTo) {
        const upTo = Math.min(end, this.aheadTo);
        for (; next < upTo; next++) entries.push(entryOf(this.aheadView, (next - this.aheadFrom) * CQ_ENTRY_BYTES));
        continue;
      }
      const byteOffset = next * CQ_ENTRY_BYTES;
      const file = this.findFile(byteOffset);
      if (!file) return false;
      const segmentEnd = file.start + this.segmentBytes;
      const fileEnd = Math.min(segmentEnd, end * CQ_ENTRY_BYTES);
      const readEnd = Math.max(fileEnd, Math.min(segmentEnd, Math.min(writtenEnd, next + READ_AHEAD_ENTRIES) * CQ_ENTRY_BYTES));
      const bytes = readAt(file.file, byteOffset - file.start, readEnd - byteOffset);
      this.aheadView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.aheadFrom = next;
      this.aheadTo = next + Math.floor(bytes.length / CQ_ENTRY_BYTES);
      if (bytes.length < fileEnd - byteOffset) {
        for (; next < this.aheadTo; next++) entries.push(entryOf(this.aheadView, (next - this.aheadFrom) * CQ_ENTRY_BYTES));
        this.aheadView = undefined;
        return false;
      }
    }
    return true;
  }

  /** Entries on file are about to change: the read-ahead no longer holds. */
  private dropReadAhead(): void {
    this.aheadView = undefined;
  }

  entryAt(offset: number): CqEntry | undefined {
    return offset >= this.minOffset && offset < this.maxOffset ? this.read(offset, 1)[0] : undefined;
  }

  private findFile(byteOffset: number): CqFile | undefined {
    const first = this.files[0];
    if (!first) return undefined;
    const file = this.files[Math.floor((byteOffset - first.start) / this.segmentBytes)];
    return file && byteOffset >= file.start && byteOffset < file.start + this.segmentBytes ? file : undefined;
  }

  sync(): void {
    this.flushPending();
    for (const file of this.dirtyFiles) file.file.syncNow();
    this.dirtyFiles.clear();
  }

  /** As sync(), with the fdatasyncs on the thread pool: the entries appended so far are written
   *  out now; the promise resolves once they are durable (a file closed meanwhile is skipped). */
  async syncAsync(): Promise<void> {
    this.flushPending();
    const files = [...this.dirtyFiles];
    this.dirtyFiles.clear();
    await Promise.all(
      files.map((file) =>
        file.file.sync().catch((error: unknown) => {
          if (file.closed) return;
          this.dirtyFiles.add(file);
          throw error;
        }),
      ),
    );
  }

  /** Drops every entry from the first whose record starts at or past physical, or that cannot
   *  be read (a file lost to a power cut), to the end: recovery rebuilds them from the commitlog.
   *  A queue left with no entries starts again empty, at the first offset dispatched to it. */
  truncateFrom(physical: number): void {
    this.flushPending();
    let keep = this.maxOffset;
    while (keep > this.minOffset) {
      const entry = this.entryAt(keep - 1);
      if (entry && entry.size > 0 && entry.physicalOffset < physical) break;
      keep--;
    }
    this.dropReadAhead();
    if (keep === this.maxOffset) return;
    const byteOffset = keep * CQ_ENTRY_BYTES;
    const emptied = keep === this.minOffset;
    while (this.files.length > 0 && (emptied || (this.files.at(-1) as CqFile).start > byteOffset)) this.removeFile(this.files.pop() as CqFile);
    const last = this.files.at(-1);
    if (last) last.file.truncate(byteOffset - last.start);
    this.maxOffset = emptied ? 0 : keep;
    this.minOffset = emptied ? 0 : this.minOffset;
    this.nextPutOffset = this.maxOffset;
  }

  /** Moves minOffset to the first entry at or past commitLogMin and removes files wholly below it. */
  correctMinOffset(commitLogMin: number): void {
    while (this.files.length > 1) {
      const file = this.files[0] as CqFile;
      const lastEntry = this.entryAt((file.start + this.segmentBytes) / CQ_ENTRY_BYTES - 1);
      if (!lastEntry || lastEntry.physicalOffset >= commitLogMin) break;
      this.removeFile(this.files.shift() as CqFile);
      this.minOffset = (file.start + this.segmentBytes) / CQ_ENTRY_BYTES;
    }
    let low = this.minOffset;
    let high = this.maxOffset;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const entry = this.entryAt(mid);
      if (entry && entry.physicalOffset >= commitLogMin) high = mid;
      else low = mid + 1;
    }
    this.minOffset = low;
  }

  private removeFile(file: CqFile): void {
    this.dropReadAhead();
    this.closeFile(file);
    this.disk.remove(segmentPath(this.dir, file.start));
  }

  close(): void {
    this.dropReadAhead();
    this.flushPending();
    for (const file of this.files) this.closeFile(file);
    this.files.length = 0;
  }

  private closeFile(file: CqFile): void {
    file.closed = true;
    this.dirtyFiles.delete(file);
    file.file.close();
  }

  /** Closes and deletes all files (topic deleted). */
  destroy(): void {
    this.pendingBytes = 0;
    this.close();
    this.disk.remove(this.dir);
  }
}
