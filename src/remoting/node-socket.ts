// The client's TCP connection under Node.js, where Bun.connect does not exist: a node:net socket
// adapted to what a Channel needs (ChannelSocket) and wired to its callbacks, as client.ts wires
// Bun's. Node keeps what it is given to write until the kernel takes it, so write() copies (the
// outbound queue reuses its buffers) and reports every byte taken; Node buffers the rest itself.
import type { Channel, ChannelSocket } from "./channel.ts";

/** An opened connection: its channel, and how to end it when it is no longer wanted. */
export interface Opened {
  channel: Channel | undefined;
  end(): void;
}

export async function connectWithNode(
  host: string,
  port: number,
  open: (socket: ChannelSocket) => Channel,
  onError: (error: Error) => void,
): Promise<Opened> {
  // Loaded here, not at the top: under Bun (the broker, the tools) node:net is never needed.
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, allowHalfOpen: true, noDelay: true });
    let channel: Channel | undefined;
    const adapted: ChannelSocket = {
      remoteAddress: host,
      remotePort: port,
      write(bytes) {
        socket.write(Buffer.from(bytes));
        return bytes.length;
      },
      end: () => socket.end(),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    };
    socket.once("connect", () => {
      Object.assign(adapted, { remoteAddress: socket.remoteAddress ?? host, remotePort: socket.remotePort ?? port });
      channel = open(adapted);
      resolve({ channel, end: () => socket.end() });
    });
    socket.on("data", (chunk: Buffer) => channel?.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    socket.on("drain", () => channel?.onDrain());
    socket.on("end", () => channel?.onPeerEnd());
    socket.on("close", () => channel?.onSocketClose());
    socket.on("error", (error) => (channel ? onError(error) : reject(error)));
  });
}
