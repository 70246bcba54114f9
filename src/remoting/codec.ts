// Frame codec. One frame on the wire, all integers big-endian:
//
//   offset  size  field
//   0       4     totalLength = 4 + headerLength + bodyLength   (does not count itself)
//   4       4     headerMeta  = serializeType << 24 | headerLength   (headerLength: low 24 bits)
//   8       H     header: JSON text (serializeType 0, json-header.ts)
//                         or the ROCKETMQ binary header (serializeType 1, binary-header.ts)
//   8+H     B     body: opaque bytes, absent when B = 0
//
// A frame, length prefix included, is at most maxFrameBytes (16 MiB by default, like Java's
// NettyDecoder). Decoded bodies are subarray views into the bytes pushed into the decoder.
import type { RemotingCommand } from "./command.ts";
import { SerializeType } from "./command.ts";
import { FrameError, HEADER_BYTES_MAX } from "./frame-error.ts";
import { foreignProtocolHint } from "./foreign-bytes.ts";
import { decodeJsonHeaderAt, jsonHeaderScratch, writeJsonHeader } from "./json-header.ts";
import { asBuffer, binaryHeaderScratch, decodeBinaryHeaderAt, writeBinaryHeader } from "./binary-header.ts";
import { assert } from "../common/index.ts";

export const MAX_FRAME_BYTES_DEFAULT = 16 * 1024 * 1024;
const HEADER_LENGTH_MAX = 0xffffff;

/** The whole frame, 4-byte length prefix included. */
export function encodeFrame(cmd: RemotingCommand): Uint8Array {
  const headerLength = encodeHeader(cmd);
  const frame = new Uint8Array(frameBytes(cmd, headerLength));
  writeFrame(frame, 0, cmd, headerLength);
  return frame;
}

/** The header encodeHeader made last: bytes[0, length), in one of the codecs' scratch buffers. */
const lastHeader: { bytes: Buffer } = { bytes: Buffer.alloc(0) };

/**
 * Encodes cmd's header and returns its length. Its bytes stay (in a shared buffer) only until
 * the next header is encoded: write its frame (writeFrame) before encoding another.
 */
export function encodeHeader(cmd: RemotingCommand): number {
  let length: number;
  if (cmd.serializeType === SerializeType.ROCKETMQ) {
    length = writeBinaryHeader(cmd);
    lastHeader.bytes = binaryHeaderScratch();
  } else {
    length = writeJsonHeader(cmd);
    lastHeader.bytes = jsonHeaderScratch();
  }
  assert(length <= HEADER_LENGTH_MAX, `header of ${length} bytes does not fit 24 bits`);
  return length;
}

/** The frame's length, length prefix included. */
export const frameBytes = (cmd: RemotingCommand, headerLength: number): number => 8 + headerLength + (cmd.body?.length ?? 0);

/** Writes the frame of cmd, with the header encodeHeader just made, into out at `at`. */
export function writeFrame(out: Uint8Array, at: number, cmd: RemotingCommand, headerLength: number): void {
  writeFramePrefix(out, at, cmd, headerLength);
  if (cmd.body && cmd.body.length > 0) out.set(cmd.body, at + 8 + headerLength);
}

/** Writes the frame of cmd up to its body (length prefix, header meta, the header encodeHeader
 *  just made: 8 + headerLength bytes) into out at `at`; the body is to follow on the wire. */
export function writeFramePrefix(out: Uint8Array, at: number, cmd: RemotingCommand, headerLength: number): void {
  writeUint32(out, at, 4 + headerLength + (cmd.body?.length ?? 0));
  writeUint32(out, at + 4, ((cmd.serializeType & 0xff) << 24) | headerLength);
  lastHeader.bytes.copy(out, at + 8, 0, headerLength);
}

/** Decodes one frame without its 4-byte length prefix. */
export function decodeFrame(frame: Uint8Array): RemotingCommand {
  return decodeFrameAt(frame, asBuffer(frame), 0, frame.length);
}

/** Decodes the frame in bytes[start, end) (buf: the same bytes as a Buffer); the body is a view of bytes. */
function decodeFrameAt(bytes: Uint8Array, buf: Buffer, start: number, end: number): RemotingCommand {
  if (end - start < 4) throw new FrameError(`frame of ${end - start} bytes has no header length`);
  const meta = buf.readUInt32BE(start);
  const serializeType = meta >>> 24;
  const headerBytes = meta & HEADER_LENGTH_MAX;
  const headerStart = start + 4;
  const headerEnd = headerStart + headerBytes;
  if (headerEnd > end) {
    throw new FrameError(`header length ${headerBytes} runs past the frame of ${end - start} bytes`);
  }
  if (headerBytes > HEADER_BYTES_MAX) {
    throw new FrameError(`header of ${headerBytes} bytes exceeds the ${HEADER_BYTES_MAX}-byte limit (a RocketMQ client's largest is about 200 KiB)`);
  }
  let cmd: RemotingCommand;
  if (serializeType === SerializeType.ROCKETMQ) cmd = decodeBinaryHeaderAt(buf, headerStart, headerEnd);
  else if (serializeType === SerializeType.JSON) cmd = decodeJsonHeaderAt(buf, headerStart, headerEnd);
  else throw new FrameError(`unknown serializeType ${serializeType}`);
  if (headerEnd < end) cmd.body = bytes.subarray(headerEnd, end);
  return cmd;
}

/**
 * Splits a byte stream into commands. push() takes ownership of each chunk (bodies are views
 * into it) and returns the commands completed so far. After a FrameError (whose `decoded` holds
 * the commands completed before the bad frame) the stream is lost: every later push throws again.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private readonly lengthPrefix = new Uint8Array(4);
  private lengthFilled = 0;
  /** Pieces of an unfinished frame (after its length prefix), copied into one buffer once whole. */
  private partialChunks: Uint8Array[] = [];
  private partialFilled = 0;
  private partialBytes = 0;
  private failure: FrameError | undefined;

  constructor(maxFrameBytes = MAX_FRAME_BYTES_DEFAULT) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held for an unfinished frame. */
  get bufferedBytes(): number {
    return this.lengthFilled + this.partialFilled;
  }

  push(chunk: Uint8Array): RemotingCommand[] {
    if (this.failure) throw this.failure;
    try {
      return this.decodeChunk(chunk);
    } catch (err) {
      this.failure = err instanceof FrameError ? err : new FrameError(String(err));
      throw this.failure;
    }
  }

  private decodeChunk(chunk: Uint8Array): RemotingCommand[] {
    const out: RemotingCommand[] = [];
    try {
      this.decodeInto(chunk, out);
    } catch (err) {
      if (err instanceof FrameError) err.decoded = out;
      throw err;
    }
    return out;
  }

  private decodeInto(chunk: Uint8Array, out: RemotingCommand[]): void {
    let pos = this.continuePartial(chunk, out);
    if (pos >= chunk.length) return;
    const buf = asBuffer(chunk);
    while (pos < chunk.length) {
      if (chunk.length - pos < 4) {
        this.lengthPrefix.set(chunk.subarray(pos));
        this.lengthFilled = chunk.length - pos;
        break;
      }
      const frameBytes = this.frameLength(readUint32(chunk, pos));
      if (chunk.length - pos < 4 + frameBytes) {
        this.startPartial(frameBytes, chunk.subarray(pos + 4));
        break;
      }
      out.push(decodeFrameAt(chunk, buf, pos + 4, pos + 4 + frameBytes));
      pos += 4 + frameBytes;
    }
  }

  /** Feeds the start of chunk into an unfinished length prefix or frame; returns bytes consumed. */
  private continuePartial(chunk: Uint8Array, out: RemotingCommand[]): number {
    let pos = 0;
    if (this.lengthFilled > 0) {
      const take = Math.min(4 - this.lengthFilled, chunk.length);
      this.lengthPrefix.set(chunk.subarray(0, take), this.lengthFilled);
      this.lengthFilled += take;
      pos = take;
      if (this.lengthFilled < 4) return pos;
      this.lengthFilled = 0;
      this.startPartial(this.frameLength(readUint32(this.lengthPrefix, 0)), chunk.subarray(0, 0));
    }
    if (this.partialBytes > 0) {
      const take = Math.min(this.partialBytes - this.partialFilled, chunk.length - pos);
      this.partialChunks.push(chunk.subarray(pos, pos + take));
      this.partialFilled += take;
      pos += take;
      if (this.partialFilled < this.partialBytes) return pos;
      const frame = new Uint8Array(this.partialBytes);
      let at = 0;
      for (const piece of this.partialChunks) {
        frame.set(piece, at);
        at += piece.length;
      }
      this.partialChunks = [];
      this.partialFilled = 0;
      this.partialBytes = 0;
      out.push(decodeFrame(frame));
    }
    return pos;
  }

  /** Memory grows with the bytes that arrive, not with the length a peer announces. */
  private startPartial(frameBytes: number, start: Uint8Array): void {
    this.partialBytes = frameBytes;
    this.partialChunks = start.length > 0 ? [start] : [];
    this.partialFilled = start.length;
  }

  private frameLength(totalLength: number): number {
    if (totalLength < 4) throw new FrameError(`frame length ${totalLength} is below 4`);
    if (4 + totalLength > this.maxFrameBytes) {
      throw new FrameError(`frame length ${totalLength} exceeds the ${this.maxFrameBytes}-byte limit${foreignProtocolHint(totalLength)}`);
    }
    return totalLength;
  }
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0;
}

function writeUint32(bytes: Uint8Array, pos: number, value: number): void {
  bytes[pos] = value >>> 24;
  bytes[pos + 1] = value >>> 16;
  bytes[pos + 2] = value >>> 8;
  bytes[pos + 3] = value;
}
