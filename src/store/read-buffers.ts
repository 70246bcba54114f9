// The buffers pulls read records into, kept for the next pulls once their reader gives them
// back (GetResult.release: a pull reply, once the socket has taken it). A fresh buffer of a
// pull's size (~40-260 KiB) each time cost more than the read itself: allocating and zeroing it
// (20% of the broker's CPU consuming 4 KiB records), then collecting it (the broker forced a
// collection every 20 MiB of reply bodies to keep its RSS down). Buffers are of one size,
// BUFFER_BYTES; a read that needs more gets a buffer of its own, never kept.
import { assert } from "../common/index.ts";

/** Room for READ_HEADROOM_BYTES and a pull's TRANSFER_BYTES_MAX of records, with one record over. */
const BUFFER_BYTES = 320 * 1024;
/** Buffers kept: a pull in flight per queue of a busy consumer, and a few more (5 MiB). */
const KEPT_MAX = 16;

export class ReadBuffers {
  private readonly kept: Uint8Array[] = [];

  /** A buffer of at least bytes; pooled (give it back with give()) when it is BUFFER_BYTES. */
  take(bytes: number): Uint8Array {
    if (bytes > BUFFER_BYTES) return new Uint8Array(bytes);
    return this.kept.pop() ?? new Uint8Array(BUFFER_BYTES);
  }

  /** Whether take() handed out buffer from the pool (and give() may have it back). */
  pooled(buffer: Uint8Array): boolean {
    return buffer.length === BUFFER_BYTES;
  }

  /** Nothing refers to buffer any more: a later take() may hand it out. */
  give(buffer: Uint8Array): void {
    if (!this.pooled(buffer) || this.kept.length >= KEPT_MAX) return;
    assert(!this.kept.includes(buffer), "a read buffer was given back twice");
    this.kept.push(buffer);
  }
}
