// A bare TCP peer for tests: writes raw bytes, decodes what comes back, can pause reading.
import net from "node:net";
import { FrameDecoder, type RemotingCommand } from "../../src/remoting/index.ts";

export class RawPeer {
  readonly frames: RemotingCommand[] = [];
  /** Reads that brought bytes. */
  chunks = 0;
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.chunks++;
      this.frames.push(...this.decoder.push(new Uint8Array(chunk)));
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.on("close", () => {
      resolve();
      this.wake();
    }));
    socket.on("error", () => {});
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => resolve(new RawPeer(socket)));
      socket.once("error", reject);
    });
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Resolves once count frames have arrived; rejects if the socket closes first. */
  async waitFrames(count: number): Promise<RemotingCommand[]> {
    while (this.frames.length < count) {
      if (this.socket.destroyed) throw new Error(`closed after ${this.frames.length} of ${count} frames`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.frames;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
