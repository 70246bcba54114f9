// A tiny Redis client (RESP2 over Bun.connect) for the benchmark, so Redis is driven by the same
// runtime as mq's client. Commands are pipelined: send() queues the encoded command, all commands
// queued in one turn of the event loop go out in one write, and replies resolve in order.
//
// RESP2, as parsed here:
//   +OK\r\n              simple string   → string
//   -ERR text\r\n        error           → the send() rejects with RespError
//   :42\r\n              integer         → number
//   $5\r\nhello\r\n      bulk string     → Buffer ($-1 → null)
//   *2\r\n<v><v>         array           → RespValue[] (*-1 → null)
import type { Socket } from "bun";

export type RespValue = string | number | Buffer | null | RespValue[];

export class RespError extends Error {}

const CRLF = Buffer.from("\r\n");
const INCOMPLETE = Symbol("incomplete");
type Parsed = { value: RespValue | RespError; end: number } | typeof INCOMPLETE;

function lineEnd(buf: Buffer, from: number): number {
  return buf.indexOf(CRLF, from);
}

function parse(buf: Buffer, at: number): Parsed {
  const eol = lineEnd(buf, at);
  if (eol < 0) return INCOMPLETE;
  const type = buf[at];
  const line = buf.toString("latin1", at + 1, eol);
  const next = eol + 2;
  if (type === 0x2b) return { value: line, end: next }; // +
  if (type === 0x2d) return { value: new RespError(line), end: next }; // -
  if (type === 0x3a) return { value: Number(line), end: next }; // :
  const length = Number(line);
  if (type === 0x24) { // $
    if (length < 0) return { value: null, end: next };
    if (buf.length < next + length + 2) return INCOMPLETE;
    return { value: buf.subarray(next, next + length), end: next + length + 2 };
  }
  if (type === 0x2a) { // *
    if (length < 0) return { value: null, end: next };
    const items: RespValue[] = [];
    let end = next;
    for (let i = 0; i < length; i++) {
      const item = parse(buf, end);
      if (item === INCOMPLETE) return INCOMPLETE;
      if (item.value instanceof RespError) return item;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  throw new Error(`RESP: unexpected type byte ${type} at ${at}`);
}

export function encode(args: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const bytes = typeof a === "string" ? Buffer.from(a) : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

interface Pending { resolve(v: RespValue): void; reject(e: Error): void }

export class RespClient {
  private received: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private queued: Buffer[] = [];
  private unsent: Buffer = Buffer.alloc(0);
  private flushScheduled = false;

  private constructor(private socket: Socket<undefined> | undefined) {}

  static async connect(host: string, port: number): Promise<RespClient> {
    const client = new RespClient(undefined);
    client.socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data: (_s, chunk) => client.onData(chunk),
        drain: () => client.writeOut(),
        close: () => client.failAll(new Error("connection closed")),
        error: (_s, err) => client.failAll(err),
      },
    });
    return client;
  }

  /** Queues one command; resolves with its reply. */
  send(args: readonly (string | Uint8Array)[]): Promise<RespValue> {
    this.queued.push(encode(args));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  close(): void {
    this.socket?.end();
  }

  private flush(): void {
    this.flushScheduled = false;
    this.unsent = Buffer.concat([this.unsent, ...this.queued]);
    this.queued = [];
    this.writeOut();
  }

  /** Writes what the socket takes now; the rest goes out on drain. */
  private writeOut(): void {
    if (!this.socket || this.unsent.length === 0) return;
    const written = this.socket.write(this.unsent);
    this.unsent = this.unsent.subarray(Math.max(0, written));
  }

  private onData(chunk: Buffer): void {
    // A copy: replies handed out are views into it, and the socket may reuse its chunk.
    this.received = Buffer.concat([this.received, chunk]);
    let at = 0;
    while (at < this.received.length) {
      const parsed = parse(this.received, at);
      if (parsed === INCOMPLETE) break;
      at = parsed.end;
      const waiter = this.pending.shift();
      if (!waiter) throw new Error("RESP: a reply nobody asked for");
      if (parsed.value instanceof RespError) waiter.reject(parsed.value);
      else waiter.resolve(parsed.value);
    }
    this.received = this.received.subarray(at);
  }

  private failAll(err: Error): void {
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}

export const text = (v: RespValue): string => (Buffer.isBuffer(v) ? v.toString() : String(v));
