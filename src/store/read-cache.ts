// A few blocks of the commitlog kept in memory, so that pulls cost a copy instead of a
// positional read: the block being written (every write is copied into it, so a consumer that
// keeps up with producers never reads the file), and the most recently read or completed whole
// blocks (pulls of queues whose records interleave in the log, one topic's 8 queues written
// round-robin, cost one read per block instead of one per record).
// The bytes of a whole block never change, except by truncate (recovery), which clears the cache.
// A read that crosses a block, or touches bytes of the tail block it did not see written, goes to
// the file directly. Reads copy into the caller's buffer, never hand out views of a block: block
// buffers are reused, and views would keep whole blocks alive (measured: +20 MiB peak RSS in the
// consume benchmark).

/** Bytes per block; blocks are aligned to it and never cross a segment. */
const BLOCK_BYTES = 512 * 1024;
/** Whole blocks kept, least recently used dropped first (the tail block comes on top). */
const BLOCKS_MAX = 8;

interface Block {
  start: number;
  bytes: Uint8Array;
}

/** The block being written: bytes [from, to) of it (relative to start) are those written. */
interface TailBlock extends Block {
  from: number;
  to: number;
}

/** Reads into target from offset; returns the bytes read (fewer at the log's end). */
export type PositionalReadInto = (offset: number, target: Uint8Array) => number;

export class ReadCache {
  private blocks: Block[] = [];
  private tail: TailBlock | undefined;
  private readonly blockBytes: number;

  /** Caches nothing when segmentBytes is not a multiple of the block size. */
  constructor(
    segmentBytes: number,
    private readonly readDirect: PositionalReadInto,
  ) {
    this.blockBytes = segmentBytes % BLOCK_BYTES === 0 ? BLOCK_BYTES : 0;
  }

  /** Fills target with the bytes at offset: copied from a kept block, or read directly. Returns
   *  the bytes filled (fewer at the log's end). writeOffset: the log's end; a block reaching past
   *  it is not whole yet. */
  readInto(offset: number, target: Uint8Array, writeOffset: number): number {
    const blockBytes = this.blockBytes;
    const length = target.length;
    if (blockBytes === 0 || length > blockBytes >> 2) return this.readDirect(offset, target);
    const start = offset - (offset % blockBytes);
    const at = offset - start;
    if (at + length > blockBytes) return this.readDirect(offset, target);
    const tail = this.tail;
    if (tail !== undefined && tail.start === start) {
      if (at < tail.from || at + length > tail.to) return this.readDirect(offset, target);
      target.set(tail.bytes.subarray(at, at + length));
      return length;
    }
    if (start + blockBytes > writeOffset) return this.readDirect(offset, target);
    // A long run of adjacent records (one queue's records written together) reads directly:
    // through a block it would be copied twice; short ones (interleaved queues) fill a block.
    const block = this.kept(start) ?? (length >= blockBytes >> 4 ? undefined : this.load(start));
    if (!block) return this.readDirect(offset, target);
    target.set(block.bytes.subarray(at, at + length));
    return length;
  }

  /** The log wrote bytes at offset (within one segment): copy them into the tail block. A block
   *  the tail saw written from its start to its end joins the kept blocks as it is left. */
  written(offset: number, bytes: Uint8Array): void {
    const blockBytes = this.blockBytes;
    if (blockBytes === 0) return;
    let from = 0;
    while (from < bytes.length) {
      const at = offset + from;
      const start = at - (at % blockBytes);
      const inBlock = at - start;
      const take = Math.min(bytes.length - from, blockBytes - inBlock);
      const tail = this.tailFor(start, inBlock);
      tail.bytes.set(bytes.subarray(from, from + take), inBlock);
      tail.to = inBlock + take;
      from += take;
    }
  }

  /** The tail block for a write at start + inBlock, leaving the previous tail. */
  private tailFor(start: number, inBlock: number): TailBlock {
    const tail = this.tail;
    if (tail !== undefined && tail.start === start && tail.to === inBlock) return tail;
    if (tail !== undefined) this.leaveTail(tail);
    const bytes = this.blocks.length >= BLOCKS_MAX ? (this.blocks.shift() as Block).bytes : new Uint8Array(this.blockBytes);
    this.tail = { start, bytes, from: inBlock, to: inBlock };
    return this.tail;
  }

  /** A tail block seen whole becomes a kept block; any other is dropped. */
  private leaveTail(tail: TailBlock): void {
    this.tail = undefined;
    if (tail.from !== 0 || tail.to !== this.blockBytes) return;
    if (this.blocks.length >= BLOCKS_MAX) this.blocks.shift();
    this.blocks.push({ start: tail.start, bytes: tail.bytes });
  }

  /** The kept block at start, now the most recently used; undefined when none is kept. */
  private kept(start: number): Block | undefined {
    const blocks = this.blocks;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const block = blocks[i] as Block;
      if (block.start !== start) continue;
      if (i !== blocks.length - 1) {
        blocks.splice(i, 1);
        blocks.push(block);
      }
      return block;
    }
    return undefined;
  }

  /** Reads and keeps the block at start when it is whole on disk; undefined when it is not. */
  private load(start: number): Block | undefined {
    const blocks = this.blocks;
    const block = blocks.length >= BLOCKS_MAX ? (blocks.shift() as Block) : { start, bytes: new Uint8Array(this.blockBytes) };
    block.start = start;
    if (this.readDirect(start, block.bytes) !== this.blockBytes) {
      block.start = -1; // never matches: the buffer waits for the next block
      blocks.unshift(block);
      return undefined;
    }
    blocks.push(block);
    return block;
  }

  clear(): void {
    this.blocks = [];
    this.tail = undefined;
  }
}
