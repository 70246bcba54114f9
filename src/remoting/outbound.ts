// The per-connection outbound queue. socket.write() takes what the kernel accepts and returns
// that count; the rest waits here until the socket's drain event. Small frames (under
// COALESCE_FRAME_BYTES_MAX) are encoded straight into a batch buffer (reserve()), so frames
// queued in the same turn of the event loop go out together without a copy of their own: at the
// end of the turn, or as soon as a batch is full, so that the peer works on the first batch while
// this turn fills the next (a client with 1,000 sends in flight otherwise wrote them all at once,
// and it and the broker took turns instead of working side by side: ~15% fewer messages a second);
// larger frames (a pull reply of 32 records) are written as they are queued, behind what the turn
// queued before them: held to the turn's end, a 1 KiB x 32 pull reply took 0.45-0.65 ms from
// its handler's start to the socket (the handler: 0.08 ms), written at once 0.10-0.18 ms. (A
// Java push consumer's rate did not move measurably with it: its own 2.4-3.5 ms per pull
// cycle bounds it.) The batch buffer starts small, doubles (up to
// BATCH_BYTES_MAX) when a turn fills it, and goes back to a small pool once written. Past
// bytesMax queued bytes the queue refuses frames and the owner closes the socket.

export const COALESCE_FRAME_BYTES_MAX = 16 * 1024;
const BATCH_BYTES_MIN = 4 * 1024;
const BATCH_BYTES_MAX = 64 * 1024;
const SPARE_BATCHES_MAX = 4;
/** Written batches of BATCH_BYTES_MAX, free for any connection: a busy one fills many in a turn
 *  (a client with 1,000 sends in flight, ~20), and allocating each was ~4% of its time. */
const SHARED_SPARES_MAX = 64;
const sharedSpares: Uint8Array[] = [];

export class OutboundQueue {
  /** Written out in order: sealed batches and large frames. */
  private frames: Uint8Array[] = [];
  /** Which entries of frames are (the rest of) a batch, to be reused once written. */
  private fromBatch: boolean[] = [];
  /** What to call once an entry of frames is written whole (enqueue's onWritten), by index. */
  private onWritten: Array<(() => void) | undefined> = [];
  private head = 0;
  private bytes = 0;
  /** The batch being filled by reserve(), after every entry of frames. */
  private batch: Uint8Array | undefined;
  private batchFilled = 0;
  /** Fully written batch buffers of batchBytes, free to fill again. */
  private spares: Uint8Array[] = [];
  private batchBytes = BATCH_BYTES_MIN;
  private flushScheduled = false;
  private waitingDrain = false;
  private stopped = false;
  /** Where the space reserve() returned starts. */
  reservedAt = 0;

  constructor(
    private readonly write: (bytes: Uint8Array) => number,
    private readonly bytesMax: number,
    /** Called whenever a flush leaves the queue empty. */
    private readonly onEmpty: () => void = () => {},
  ) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  /** Queues a frame; false when that would pass bytesMax (the frame is not queued). onWritten is
   *  called once the socket has taken the whole frame (never when the queue stops first). */
  enqueue(frame: Uint8Array, onWritten?: () => void): boolean {
    if (this.stopped) return true;
    if (this.bytes + frame.length > this.bytesMax) return false;
    this.sealBatch();
    this.frames.push(frame);
    this.fromBatch.push(false);
    if (onWritten !== undefined) this.onWritten[this.frames.length - 1] = onWritten;
    this.bytes += frame.length;
    if (frame.length >= COALESCE_FRAME_BYTES_MAX && !this.waitingDrain) this.flush();
    else this.scheduleFlush();
    return true;
  }

  /**
   * Room for a frame of `size` bytes (under COALESCE_FRAME_BYTES_MAX) at the end of the queue:
   * the caller writes it into the returned buffer at reservedAt before yielding. Undefined when
   * that would pass bytesMax. After stop() the room is real but never written.
   */
  reserve(size: number): Uint8Array | undefined {
    if (this.stopped) {
      this.reservedAt = 0;
      return new Uint8Array(size);
    }
    if (this.bytes + size > this.bytesMax) return undefined;
    if (this.batch === undefined || this.batchFilled + size > this.batch.length) this.startBatch(size);
    const batch = this.batch!;
    this.reservedAt = this.batchFilled;
    this.batchFilled += size;
    this.bytes += size;
    this.scheduleFlush();
    return batch;
  }

  /** The socket can take more bytes. */
  drained(): void {
    this.waitingDrain = false;
    this.flush();
  }

  /** The socket is gone: drop everything. */
  stop(): void {
    this.stopped = true;
    this.frames = [];
    this.fromBatch = [];
    this.onWritten = [];
    this.head = 0;
    this.bytes = 0;
    this.batch = undefined;
    this.spares = [];
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled && !this.waitingDrain) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private startBatch(size: number): void {
    if (this.batch !== undefined) {
      this.sealBatch();
      if (this.batchBytes < BATCH_BYTES_MAX) {
        this.batchBytes = Math.min(BATCH_BYTES_MAX, this.batchBytes * 2);
        this.spares.length = 0;
      }
    }
    if (!this.waitingDrain) this.writeFrames();
    const bytes = Math.max(size, this.batchBytes);
    const spare = bytes === BATCH_BYTES_MAX ? sharedSpares.pop() : this.spares.pop();
    this.batch = spare !== undefined && spare.length >= bytes ? spare : new Uint8Array(bytes);
    this.batchFilled = 0;
  }

  private sealBatch(): void {
    if (this.batch === undefined) return;
    if (this.batchFilled > 0) {
      this.frames.push(this.batch.subarray(0, this.batchFilled));
      this.fromBatch.push(true);
    }
    this.batch = undefined;
    this.batchFilled = 0;
  }

  /** A batch fully written: nothing refers to its buffer any more. */
  private recycle(written: Uint8Array): void {
    const bytes = written.buffer.byteLength;
    if (bytes === BATCH_BYTES_MAX) {
      if (sharedSpares.length < SHARED_SPARES_MAX) sharedSpares.push(new Uint8Array(written.buffer));
      return;
    }
    if (bytes !== this.batchBytes || this.spares.length >= SPARE_BATCHES_MAX) return;
    this.spares.push(new Uint8Array(written.buffer));
  }

  private flush(): void {
    this.flushScheduled = false;
    this.sealBatch();
    if (this.writeFrames() && !this.stopped) this.onEmpty();
  }

  /** Writes sealed batches and frames until the socket takes no more; true when none is left. */
  private writeFrames(): boolean {
    while (this.head < this.frames.length && !this.waitingDrain && !this.stopped) {
      const frame = this.frames[this.head++]!;
      const written = Math.max(0, this.write(frame));
      this.bytes -= written;
      if (written < frame.length) {
        this.frames[--this.head] = frame.subarray(written);
        this.waitingDrain = true;
      } else if (this.fromBatch[this.head - 1]) {
        this.recycle(frame);
      } else if (this.onWritten.length >= this.head) {
        const done = this.onWritten[this.head - 1];
        this.onWritten[this.head - 1] = undefined;
        done?.();
      }
    }
    if (this.head < this.frames.length) return false;
    this.frames.length = 0;
    this.fromBatch.length = 0;
    this.onWritten.length = 0;
    this.head = 0;
    return true;
  }
}
