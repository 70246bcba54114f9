// The per-connection outbound queue. socket.write() takes what the kernel accepts and returns
// that count; the rest waits here until the socket's drain event. Frames enqueued in the same
// turn of the event loop are written together, small ones copied into one buffer of up to
// 64 KiB. Past bytesMax queued bytes the queue refuses frames and the owner closes the socket.

const COALESCE_FRAME_BYTES_MAX = 16 * 1024;
const COALESCE_BATCH_BYTES_MAX = 64 * 1024;

export class OutboundQueue {
  private frames: Uint8Array[] = [];
  private head = 0;
  private bytes = 0;
  private flushScheduled = false;
  private waitingDrain = false;
  private stopped = false;

  constructor(
    private readonly write: (bytes: Uint8Array) => number,
    private readonly bytesMax: number,
    /** Called whenever a flush leaves the queue empty. */
    private readonly onEmpty: () => void = () => {},
  ) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  /** Queues a frame; false when that would pass bytesMax (the frame is not queued). */
  enqueue(frame: Uint8Array): boolean {
    if (this.stopped) return true;
    if (this.bytes + frame.length > this.bytesMax) return false;
    this.frames.push(frame);
    this.bytes += frame.length;
    if (!this.flushScheduled && !this.waitingDrain) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
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
    this.head = 0;
    this.bytes = 0;
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.head < this.frames.length && !this.waitingDrain && !this.stopped) {
      const batch = this.takeBatch();
      const written = Math.max(0, this.write(batch));
      this.bytes -= written;
      if (written < batch.length) {
        this.frames[--this.head] = batch.subarray(written);
        this.waitingDrain = true;
      }
    }
    if (this.head === this.frames.length) {
      this.frames = [];
      this.head = 0;
      if (!this.stopped) this.onEmpty();
    }
  }

  private takeBatch(): Uint8Array {
    const first = this.frames[this.head++]!;
    if (first.length >= COALESCE_FRAME_BYTES_MAX) return first;
    let end = this.head;
    let total = first.length;
    while (end < this.frames.length) {
      const next = this.frames[end]!;
      if (next.length >= COALESCE_FRAME_BYTES_MAX || total + next.length > COALESCE_BATCH_BYTES_MAX) break;
      total += next.length;
      end++;
    }
    if (end === this.head) return first;
    const batch = new Uint8Array(total);
    batch.set(first, 0);
    let pos = first.length;
    for (; this.head < end; this.head++) {
      const frame = this.frames[this.head]!;
      batch.set(frame, pos);
      pos += frame.length;
    }
    return batch;
  }
}
