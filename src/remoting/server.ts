// The TCP server: one handler per request code, answered on the connection the request came in
// on. start() binds and resolves to the port (a port it cannot bind throws a ListenError); stop() stops accepting, lets running handlers
// answer (for up to stopTimeoutMs), writes out what is queued and closes every connection.
import type { Socket, TCPSocketListener } from "bun";
import type { RemotingCommand } from "./command.ts";
import { Channel, notSupported, type SocketSlot } from "./channel.ts";
import { listenErrorOf } from "./listen-error.ts";
import { MAX_FRAME_BYTES_DEFAULT } from "./codec.ts";
import { PENDING_MAX_DEFAULT } from "./pending.ts";
import { readPressure } from "./read-pressure.ts";
import { FLOW_LIMITS_DEFAULT, type FlowLimits } from "./request-flow.ts";
import { RequestQueues, UNBOUNDED_KINDS, type RequestKinds } from "./request-queues.ts";
import type { Connection, Handler } from "./types.ts";
import { assert, type Logger } from "../common/index.ts";

export interface RemotingServerOptions {
  host?: string;
  port: number;
  log: Logger;
  /** Shown in log lines, e.g. "namesrv". */
  name?: string;
  maxFrameBytes?: number;
  /** A connection whose unwritten replies pass this is closed (a last resort: it is no longer
   *  read once they pass flow.outboundHighBytes, but running handlers still answer). */
  outboundBytesMax?: number;
  /** Per connection: requests in flight, and unread reply bytes at which it is no longer read. */
  flow?: Partial<FlowLimits>;
  /** Request kinds and their queues' bounds (RocketMQ's thread-pool queues); default: unbounded. */
  requestKinds?: RequestKinds;
  /** Server-initiated invokes awaiting a response, per connection. */
  pendingMax?: number;
  stopTimeoutMs?: number;
  /** More ports served by the same handlers and connections (the broker's VIP channel, listenPort-2).
   *  One that cannot be bound is logged and skipped: the main port is what start() promises. */
  extraPorts?: readonly number[];
  /** Run before every request's handler (access control): a reply it returns is the answer and
   *  the handler is not called. */
  beforeRequest?: (req: RemotingCommand, conn: Connection) => RemotingCommand | undefined;
}

export const OUTBOUND_BYTES_MAX_DEFAULT = 64 * 1024 * 1024;

export class RemotingServer {
  private readonly handlers = new Map<number, Handler>();
  private readonly closeListeners: Array<(conn: Connection) => void> = [];
  private readonly channels = new Set<Channel>();
  private readonly log: Logger;
  private listener: TCPSocketListener<SocketSlot> | undefined;
  private extraListeners: TCPSocketListener<SocketSlot>[] = [];
  private readonly flow: FlowLimits;
  /** Requests waiting to start, per kind, over every connection. */
  readonly queues: RequestQueues;

  constructor(private readonly opts: RemotingServerOptions) {
    this.log = opts.log.child(opts.name ?? "remoting");
    this.flow = { ...FLOW_LIMITS_DEFAULT, ...opts.flow };
    this.queues = new RequestQueues(opts.requestKinds ?? UNBOUNDED_KINDS);
  }

  register(code: number, handler: Handler): void {
    assert(!this.handlers.has(code), `request code ${code} already has a handler`);
    this.handlers.set(code, handler);
  }

  onConnectionClose(listener: (conn: Connection) => void): void {
    this.closeListeners.push(listener);
  }

  /** Live connections. */
  connections(): Connection[] {
    return [...this.channels];
  }

  start(): Promise<number> {
    assert(this.listener === undefined, "server already started");
    this.listener = this.listen(this.opts.port);
    this.log.info("listening", { host: this.opts.host ?? "0.0.0.0", port: this.listener.port });
    for (const port of this.opts.extraPorts ?? []) {
      try {
        this.extraListeners.push(this.listen(port));
        this.log.info("listening", { host: this.opts.host ?? "0.0.0.0", port });
      } catch (err) {
        this.log.warn("cannot listen on an extra port; serving without it", { port, error: (err as Error).message });
      }
    }
    return Promise.resolve(this.listener.port);
  }

  private listen(port: number): TCPSocketListener<SocketSlot> {
    const hostname = this.opts.host ?? "0.0.0.0";
    try {
      return this.bind(hostname, port);
    } catch (err) {
      throw listenErrorOf(err, hostname, port);
    }
  }

  private bind(hostname: string, port: number): TCPSocketListener<SocketSlot> {
    return Bun.listen<SocketSlot>({
      hostname,
      port,
      data: {},
      allowHalfOpen: true,
      socket: {
        open: (socket) => this.accept(socket),
        data: (socket, chunk) => {
          readPressure.read(chunk.length);
          socket.data.channel?.onData(chunk);
        },
        drain: (socket) => socket.data.channel?.onDrain(),
        close: (socket) => socket.data.channel?.onSocketClose(),
        end: (socket) => socket.data.channel?.onPeerEnd(),
        error: (socket, err) => {
          this.log.warn("socket error", { remote: socket.data.channel?.remoteAddress, error: String(err) });
        },
      },
    });
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    if (!listener) return;
    this.listener = undefined;
    const extra = this.extraListeners;
    this.extraListeners = [];
    listener.stop(false);
    for (const l of extra) l.stop(false);
    const deadline = Date.now() + (this.opts.stopTimeoutMs ?? 5000);
    const channels = [...this.channels];
    await withDeadline(Promise.all(channels.map((c) => c.whenIdle())), deadline);
    while (channels.some((c) => !c.closed && c.queuedBytes > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const channel of channels) channel.close();
    listener.stop(true);
    for (const l of extra) l.stop(true);
    this.log.info("stopped");
  }

  private accept(socket: Socket<SocketSlot>): void {
    socket.setNoDelay(true);
    const channel = new Channel(socket, {
      log: this.log,
      maxFrameBytes: this.opts.maxFrameBytes ?? MAX_FRAME_BYTES_DEFAULT,
      outboundBytesMax: this.opts.outboundBytesMax ?? OUTBOUND_BYTES_MAX_DEFAULT,
      pendingMax: this.opts.pendingMax ?? PENDING_MAX_DEFAULT,
      handler: (req, conn) => this.dispatch(req, conn),
      flow: this.flow,
      queues: this.queues,
      pauseReading: true,
      onBodyBytes: (bytes) => readPressure.replied(bytes),
    });
    socket.data = { channel };
    this.channels.add(channel);
    channel.onClose((closed) => {
      this.channels.delete(closed);
      for (const listener of this.closeListeners) {
        try {
          listener(closed);
        } catch (err) {
          this.log.error("connection close listener failed", { remote: closed.remoteAddress, error: String(err) });
        }
      }
    });
  }

  private dispatch(req: RemotingCommand, conn: Connection): ReturnType<Handler> {
    const refusal = this.opts.beforeRequest?.(req, conn);
    if (refusal !== undefined) return refusal;
    const handler = this.handlers.get(req.code);
    return handler ? handler(req, conn) : notSupported(req);
  }
}

async function withDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
  await Promise.race([work, expired]);
  clearTimeout(timer);
}
