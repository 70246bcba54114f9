// The TCP client: one connection per "host:port", made on first use and reused; a closed one is
// forgotten, so the next call reconnects. Requests the remote sends on such a connection go to
// opts.onRequest (REQUEST_CODE_NOT_SUPPORTED without one). A call's timeout covers connecting
// too; connecting alone is capped by connectTimeoutMs. With opts.serializeType set, every
// request goes out with that header serialization (ROCKETMQ binary only where the request code
// fits it), else with its own; replies come back in the request's serialization. Under Bun the
// socket is Bun.connect's; under Node.js (the client is also a Node library) node:net's.
import { SerializeType, type RemotingCommand } from "./command.ts";
import { fitsBinaryHeader } from "./binary-header.ts";
import { Channel, notSupported, type ChannelSocket, type SocketSlot } from "./channel.ts";
import { connectWithNode, type Opened } from "./node-socket.ts";
import { MAX_FRAME_BYTES_DEFAULT } from "./codec.ts";
import { PENDING_MAX_DEFAULT } from "./pending.ts";
import { RemotingError } from "./remoting-error.ts";
import { OUTBOUND_BYTES_MAX_DEFAULT } from "./server.ts";
import { signRequest, type Credentials } from "./signature.ts";
import type { Handler } from "./types.ts";
import type { Logger } from "../common/index.ts";

export interface RemotingClientOptions {
  log: Logger;
  connectTimeoutMs?: number;
  onRequest?: Handler;
  maxFrameBytes?: number;
  outboundBytesMax?: number;
  pendingMax?: number;
  /** How request headers are serialized; default: as each request says (request() makes JSON). */
  serializeType?: SerializeType;
  /** Signs every request sent (AccessKey, Signature, SecurityToken), as Java's AclClientRPCHook. */
  credentials?: Credentials;
}

export class RemotingClient {
  private readonly channels = new Map<string, Promise<Channel>>();
  /** Open connections by address: requests to them skip the connect path. */
  private readonly ready = new Map<string, Channel>();
  private readonly closeListeners: Array<(addr: string) => void> = [];
  private readonly log: Logger;
  private isClosed = false;

  constructor(private readonly opts: RemotingClientOptions) {
    this.log = opts.log.child("remoting-client");
  }

  invoke(addr: string, cmd: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    this.serializeAs(cmd);
    const open = this.ready.get(addr);
    if (open !== undefined && !open.closing && !this.isClosed) return open.invoke(cmd, timeoutMs);
    return this.connectAndInvoke(addr, cmd, timeoutMs);
  }

  private async connectAndInvoke(addr: string, cmd: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    const startedMs = Date.now();
    const channel = await this.channel(addr, Math.min(this.opts.connectTimeoutMs ?? 3000, timeoutMs));
    const leftMs = timeoutMs - (Date.now() - startedMs);
    if (leftMs <= 0) throw new RemotingError("timeout", `connecting to ${addr} used up the ${timeoutMs} ms timeout`);
    return channel.invoke(cmd, leftMs);
  }

  /** Resolves once the request is queued on the connection. */
  async invokeOneway(addr: string, cmd: RemotingCommand): Promise<void> {
    this.serializeAs(cmd);
    const channel = await this.channel(addr, this.opts.connectTimeoutMs ?? 3000);
    if (channel.closed) throw new RemotingError("closed", `connection to ${addr} is closed`);
    channel.invokeOneway(cmd);
  }

  onClose(listener: (addr: string) => void): void {
    this.closeListeners.push(listener);
  }

  closeConnection(addr: string): void {
    const channel = this.channels.get(addr);
    this.channels.delete(addr);
    this.ready.delete(addr);
    channel?.then((c) => c.close(), () => {});
  }

  /** Closes every connection; later calls reject with kind "closed". */
  close(): void {
    this.isClosed = true;
    for (const addr of [...this.channels.keys()]) this.closeConnection(addr);
  }

  private serializeAs(cmd: RemotingCommand): void {
    if (this.opts.credentials !== undefined) signRequest(cmd, this.opts.credentials);
    const type = this.opts.serializeType;
    if (type === undefined || type === cmd.serializeType) return;
    if (type === SerializeType.JSON || fitsBinaryHeader(cmd)) cmd.serializeType = type;
  }

  private async channel(addr: string, connectTimeoutMs: number): Promise<Channel> {
    if (this.isClosed) throw new RemotingError("closed", "client is closed");
    let pending = this.channels.get(addr);
    if (pending) {
      const channel = await pending.catch(() => undefined);
      if (channel && !channel.closing) return channel;
      if (this.channels.get(addr) === pending) this.channels.delete(addr);
      pending = this.channels.get(addr);
      if (pending) return pending;
    }
    pending = this.connect(addr, connectTimeoutMs);
    this.channels.set(addr, pending);
    pending.catch(() => {
      if (this.channels.get(addr) === pending) this.channels.delete(addr);
    });
    return pending;
  }

  private async connect(addr: string, timeoutMs: number): Promise<Channel> {
    const { host, port } = parseAddress(addr);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RemotingError("connect", `connect to ${addr} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const open = (socket: ChannelSocket): Channel => this.opened(addr, socket);
    const onError = (error: Error): void => this.log.warn("socket error", { remote: addr, error: String(error) });
    const connecting = typeof Bun === "undefined" ? connectWithNode(host, port, open, onError) : connectWithBun(host, port, open, onError);
    try {
      const { channel } = await Promise.race([connecting, timedOut]);
      if (!channel) throw new RemotingError("connect", `connection to ${addr} did not open`);
      return channel;
    } catch (err) {
      connecting.then((late) => late.end(), () => {});
      if (err instanceof RemotingError) throw err;
      throw new RemotingError("connect", `cannot connect to ${addr}: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private opened(addr: string, socket: ChannelSocket): Channel {
    const onRequest = this.opts.onRequest;
    const channel = new Channel(socket, {
      log: this.log,
      maxFrameBytes: this.opts.maxFrameBytes ?? MAX_FRAME_BYTES_DEFAULT,
      outboundBytesMax: this.opts.outboundBytesMax ?? OUTBOUND_BYTES_MAX_DEFAULT,
      pendingMax: this.opts.pendingMax ?? PENDING_MAX_DEFAULT,
      handler: (req, conn) => (onRequest ? onRequest(req, conn) : notSupported(req)),
    });
    if (!this.isClosed) this.ready.set(addr, channel);
    channel.onClose(() => {
      if (this.ready.get(addr) === channel) this.ready.delete(addr);
      const current = this.channels.get(addr);
      current?.then((c) => {
        if (c === channel && this.channels.get(addr) === current) this.channels.delete(addr);
      }, () => {});
      for (const listener of this.closeListeners) listener(addr);
    });
    return channel;
  }
}

/** The connection under Bun: Bun.connect, its callbacks handed to the channel open() makes. */
function connectWithBun(host: string, port: number, open: (socket: ChannelSocket) => Channel, onError: (error: Error) => void): Promise<Opened> {
  return Bun.connect<SocketSlot>({
    hostname: host,
    port,
    data: {},
    allowHalfOpen: true,
    socket: {
      open: (socket) => {
        socket.setNoDelay(true);
        socket.data.channel = open(socket);
      },
      data: (socket, chunk) => socket.data.channel?.onData(chunk),
      drain: (socket) => socket.data.channel?.onDrain(),
      close: (socket) => socket.data.channel?.onSocketClose(),
      end: (socket) => socket.data.channel?.onPeerEnd(),
      error: (_socket, error) => onError(error),
      connectError: () => {},
    },
  }).then((socket) => ({ channel: socket.data.channel, end: () => socket.end() }));
}

function parseAddress(addr: string): { host: string; port: number } {
  const colon = addr.lastIndexOf(":");
  const port = Number(addr.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new RemotingError("connect", `bad address ${addr}`);
  }
  const host = addr.slice(0, colon);
  return { host: host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host, port };
}
