// One TCP connection as both ends use it: decodes incoming frames, hands requests to a handler
// (as its RequestFlow lets them start: bounded requests in flight, no reading while replies go
// unread) and writes its reply, matches responses to pending invokes, and writes through a
// bounded outbound queue. Nothing here throws out of a socket callback: a malformed frame, a
// full outbound queue or a failing handler closes this connection (or answers SYSTEM_ERROR) only.
import type { RemotingCommand } from "./command.ts";
import { FLAG_ONEWAY, FLAG_RESPONSE, isOneway, isResponse } from "./command.ts";
import { encodeHeader, FrameDecoder, frameBytes, writeFrame, writeFramePrefix } from "./codec.ts";
import { FrameError } from "./frame-error.ts";
import { nextOpaque, reply } from "./factory.ts";
import { COALESCE_FRAME_BYTES_MAX, OutboundQueue } from "./outbound.ts";
import { PendingRequests } from "./pending.ts";
import { RemotingError } from "./remoting-error.ts";
import { FLOW_LIMITS_DEFAULT, RequestFlow, type FlowLimits } from "./request-flow.ts";
import { RequestQueues, UNBOUNDED_KINDS } from "./request-queues.ts";
import type { Connection, Handler } from "./types.ts";
import { AssertionError, BrokerError, ResponseCode, type Logger } from "../common/index.ts";

export interface ChannelOptions {
  log: Logger;
  maxFrameBytes: number;
  outboundBytesMax: number;
  pendingMax: number;
  handler: Handler;
  /** Bounds on what this connection may have running and unread (default FLOW_LIMITS_DEFAULT). */
  flow?: FlowLimits;
  /** Where its requests wait when they cannot start (default: a queue of its own, unbounded). */
  queues?: RequestQueues;
  /** Stop reading the socket while requests wait (a server's connections). A client's are always
   *  read: its peer's responses are what frees it, and both ends pausing could stall each other. */
  pauseReading?: boolean;
  /** Told the body bytes of every frame it queues but those given back (bodyRelease): fresh
   *  buffers, mostly (read-pressure.ts). */
  onBodyBytes?: (bytes: number) => void;
}

/** What Bun keeps on each socket: the channel, once open() has made it. */
export interface SocketSlot {
  channel?: Channel;
}

/** What a channel needs of its socket: Bun's sockets are this as they are; node:net's are
 *  adapted (node-socket.ts). write() returns how many bytes the socket took (the rest waits for
 *  onDrain) and must not keep a reference to bytes after it returns. */
export interface ChannelSocket {
  readonly remoteAddress: string;
  readonly remotePort: number;
  write(bytes: Uint8Array): number;
  end(): void;
  /** Stop reading (the peer's writes then block on TCP) / read again. */
  pause(): void;
  resume(): void;
}

let channelIds = 0;
const CLOSE_WHEN_DONE_MS = 3000;

export class Channel implements Connection {
  readonly id = ++channelIds;
  readonly remoteAddress: string;
  private readonly decoder: FrameDecoder;
  private readonly outbound: OutboundQueue;
  private readonly pending: PendingRequests;
  private readonly flow: RequestFlow;
  private readonly closeListeners: Array<(channel: Channel) => void> = [];
  private idleWaiters: Array<() => void> = [];
  private isClosed = false;
  private closingSoon = false;
  private closingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: ChannelSocket,
    private readonly opts: ChannelOptions,
  ) {
    this.remoteAddress = formatAddress(socket.remoteAddress, socket.remotePort);
    this.decoder = new FrameDecoder(opts.maxFrameBytes);
    this.outbound = new OutboundQueue(
      (bytes) => socket.write(bytes),
      opts.outboundBytesMax,
      () => {
        this.flow.written();
        this.closeIfDone();
      },
    );
    this.pending = new PendingRequests(opts.pendingMax, this.remoteAddress);
    this.flow = new RequestFlow(opts.flow ?? FLOW_LIMITS_DEFAULT, opts.queues ?? new RequestQueues(UNBOUNDED_KINDS), {
      start: (req) => this.onRequest(req),
      busy: (req, remark) => this.answerBusy(req, remark),
      queuedBytes: () => this.outbound.queuedBytes,
      pause: () => {
        if (opts.pauseReading === true) socket.pause();
      },
      resume: () => {
        if (opts.pauseReading === true) socket.resume();
      },
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Closed, or finishing its last answers before closing: take no new requests to it. */
  get closing(): boolean {
    return this.isClosed || this.closingSoon;
  }

  get queuedBytes(): number {
    return this.outbound.queuedBytes;
  }

  /** Requests whose handler has not finished yet. */
  get inflightRequests(): number {
    return this.flow.inflight;
  }

  /** Requests read but not started (the connection is over a bound, and not read meanwhile). */
  get waitingRequests(): number {
    return this.flow.waiting;
  }

  get readingPaused(): boolean {
    return this.flow.readingPaused;
  }

  onClose(listener: (channel: Channel) => void): void {
    this.closeListeners.push(listener);
  }

  invoke(cmd: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    if (this.isClosed) return Promise.reject(new RemotingError("closed", `connection to ${this.remoteAddress} is closed`));
    cmd.opaque = nextOpaque();
    cmd.flag &= ~(FLAG_RESPONSE | FLAG_ONEWAY);
    const response = this.pending.add(cmd.opaque, timeoutMs);
    if (!this.send(cmd)) this.pending.fail(cmd.opaque, new RemotingError("closed", `connection to ${this.remoteAddress} is closed`));
    return response;
  }

  invokeOneway(cmd: RemotingCommand): void {
    cmd.opaque = nextOpaque();
    cmd.flag = (cmd.flag & ~FLAG_RESPONSE) | FLAG_ONEWAY;
    this.send(cmd);
  }

  /** Encodes and queues cmd; false when the connection is closed or just got closed for overflow. */
  send(cmd: RemotingCommand): boolean {
    if (this.isClosed) return false;
    let headerLength: number;
    try {
      headerLength = encodeHeader(cmd);
    } catch (err) {
      this.opts.log.error("cannot encode frame", { remote: this.remoteAddress, code: cmd.code, error: String(err) });
      return false;
    }
    if (cmd.body !== undefined && cmd.bodyRelease === undefined) this.opts.onBodyBytes?.(cmd.body.length);
    if (this.queueFrame(cmd, headerLength)) return true;
    this.opts.log.warn("outbound queue full, closing connection", {
      remote: this.remoteAddress,
      queuedBytes: this.outbound.queuedBytes,
    });
    this.close();
    return false;
  }

  /** Small frames are written straight into the outbound batch; a large body handed over
   *  (bodyHeadroom) is queued as it is, its header in front of it when there is room, else in
   *  the batch; any other large frame is made whole. False when the queue is full. */
  private queueFrame(cmd: RemotingCommand, headerLength: number): boolean {
    const size = frameBytes(cmd, headerLength);
    const body = cmd.body;
    if (size >= COALESCE_FRAME_BYTES_MAX && body !== undefined && cmd.bodyHeadroom !== undefined) {
      const prefix = 8 + headerLength;
      if (cmd.bodyHeadroom >= prefix) {
        const frame = new Uint8Array(body.buffer, body.byteOffset - prefix, size);
        writeFramePrefix(frame, 0, cmd, headerLength);
        return this.outbound.enqueue(frame, cmd.bodyRelease);
      }
      const batch = this.outbound.reserve(prefix);
      if (batch === undefined) return false;
      writeFramePrefix(batch, this.outbound.reservedAt, cmd, headerLength);
      return this.outbound.enqueue(body, cmd.bodyRelease);
    }
    if (size >= COALESCE_FRAME_BYTES_MAX) {
      const frame = new Uint8Array(size);
      writeFrame(frame, 0, cmd, headerLength);
      cmd.bodyRelease?.();
      return this.outbound.enqueue(frame);
    }
    const batch = this.outbound.reserve(size);
    if (batch === undefined) return false;
    writeFrame(batch, this.outbound.reservedAt, cmd, headerLength);
    cmd.bodyRelease?.();
    return true;
  }

  close(): void {
    if (this.isClosed) return;
    this.closed_();
    this.socket.end();
  }

  /** Resolves once no handler is running on this connection and no request waits to start. */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // Socket callbacks.

  onData(chunk: Uint8Array): void {
    if (this.isClosed || this.closingSoon) return;
    let commands: RemotingCommand[];
    try {
      commands = this.decoder.push(chunk);
    } catch (err) {
      this.opts.log.warn("malformed frame, closing connection", { remote: this.remoteAddress, error: String(err) });
      this.dispatch(err instanceof FrameError ? err.decoded : []);
      this.closeWhenDone();
      return;
    }
    this.dispatch(commands);
  }

  private dispatch(commands: RemotingCommand[]): void {
    for (const cmd of commands) {
      if (this.isClosed) return;
      if (isResponse(cmd)) this.onResponse(cmd);
      else this.flow.arrive(cmd);
    }
  }

  onDrain(): void {
    this.outbound.drained();
    this.flow.written();
  }

  onSocketClose(): void {
    this.closed_();
  }

  /** The peer sent FIN: answer what it sent (sockets are opened half-open), then close. */
  onPeerEnd(): void {
    this.closeWhenDone();
  }

  /**
   * Reads nothing more, lets running handlers answer and the queue drain, then closes; after
   * CLOSE_WHEN_DONE_MS it closes regardless.
   */
  private closeWhenDone(): void {
    if (this.closingSoon || this.isClosed) return;
    this.closingSoon = true;
    this.closingTimer = setTimeout(() => this.close(), CLOSE_WHEN_DONE_MS);
    this.closeIfDone();
  }

  private closeIfDone(): void {
    if (this.closingSoon && this.idle() && this.outbound.queuedBytes === 0) this.close();
  }

  private closed_(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.closingTimer);
    this.flow.stop();
    this.outbound.stop();
    this.pending.failAll(new RemotingError("closed", `connection to ${this.remoteAddress} closed`));
    for (const listener of this.closeListeners) {
      try {
        listener(this);
      } catch (err) {
        this.opts.log.error("connection close listener failed", { remote: this.remoteAddress, error: String(err) });
      }
    }
  }

  private onResponse(cmd: RemotingCommand): void {
    if (!this.pending.complete(cmd)) {
      this.opts.log.debug("response without a waiting request", { remote: this.remoteAddress, opaque: cmd.opaque });
    }
  }

  /** Runs the handler of a request the flow let start; finish() reports back to it. */
  private onRequest(req: RemotingCommand): void {
    let result: ReturnType<Handler>;
    try {
      result = this.opts.handler(req, this);
    } catch (err) {
      result = this.errorReply(req, err);
    }
    if (result instanceof Promise) {
      result.then(
        (res) => this.finish(req, res),
        (err: unknown) => this.finish(req, this.errorReply(req, err)),
      );
    } else {
      this.finish(req, result);
    }
  }

  private finish(req: RemotingCommand, res: RemotingCommand | undefined): void {
    this.answer(req, res);
    this.flow.finished(req);
    this.afterAnswer();
  }

  /** A request that waited past its kind's bound is answered without running. */
  private answerBusy(req: RemotingCommand, remark: string): void {
    this.answer(req, reply(ResponseCode.SYSTEM_BUSY, { remark }));
    this.afterAnswer();
  }

  private answer(req: RemotingCommand, res: RemotingCommand | undefined): void {
    if (res === undefined || isOneway(req)) return;
    res.opaque = req.opaque;
    res.flag |= FLAG_RESPONSE;
    res.serializeType = req.serializeType;
    this.send(res);
  }

  private idle(): boolean {
    return this.flow.inflight === 0 && this.flow.waiting === 0;
  }

  private afterAnswer(): void {
    if (!this.idle()) return;
    this.closeIfDone();
    if (this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private errorReply(req: RemotingCommand, err: unknown): RemotingCommand {
    if (err instanceof BrokerError) return reply(err.code, { remark: err.remark });
    if (err instanceof AssertionError) {
      // A broken invariant is not an answer to give: it stops the process (STYLE.md 7), with the
      // invariant in the log, and the store recovers at the next start.
      this.opts.log.error("invariant broken, stopping", { remote: this.remoteAddress, code: req.code, error: err.message, stack: err.stack ?? "" });
      queueMicrotask(() => {
        throw err;
      });
    }
    this.opts.log.error("request handler failed", { remote: this.remoteAddress, code: req.code, error: String(err) });
    return reply(ResponseCode.SYSTEM_ERROR, { remark: String(err) });
  }
}

/** "ip:port", with an IPv4-mapped IPv6 address shown as plain IPv4. */
export function formatAddress(ip: string, port: number): string {
  const plain = ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
  return plain.includes(":") ? `[${plain}]:${port}` : `${plain}:${port}`;
}

/** The reply for a request code nobody handles (NettyRemotingAbstract's wording). */
export function notSupported(req: RemotingCommand): RemotingCommand {
  return reply(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: ` request type ${req.code} not supported` });
}
