import { afterEach, describe, expect, test } from "bun:test";
import net from "node:net";
import {
  encodeFrame,
  FrameDecoder,
  RemotingClient,
  reply,
  request,
  SerializeType,
  type RemotingCommand,
} from "../../src/remoting/index.ts";
import { silentLogger } from "../../src/common/index.ts";
import { recordingLogger, startServer } from "./fixtures.ts";
import { RawPeer } from "./raw-peer.ts";
import { seededRandom as random } from "../seeded-random.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const echo = (req: RemotingCommand) => reply(0, { extFields: { n: req.extFields.n ?? "" }, body: req.body });

async function echoServer() {
  const { log, lines } = recordingLogger();
  const started = await startServer({ log });
  started.server.register(10, echo);
  cleanups.push(() => started.server.stop());
  return { ...started, lines };
}

/** Valid frames of both serializations, and frames broken in one of six ways. */
function frameGenerator(rand: () => number): { valid: () => Uint8Array; mutated: () => Uint8Array } {
  const int = (n: number) => Math.floor(rand() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const valid = (): Uint8Array =>
    encodeFrame({
      ...request(rand() < 0.7 ? 10 : int(400), { n: int(1000), k: rand() < 0.5 ? "ü" : int(9) }, bytes(int(40))),
      serializeType: rand() < 0.5 ? SerializeType.JSON : SerializeType.ROCKETMQ,
      ...(rand() < 0.2 ? { remark: "r✓" } : {}),
    });
  const mutated = (): Uint8Array => {
    const kind = int(6);
    if (kind === 0) return bytes(1 + int(64));
    if (kind === 1) {
      const frame = valid();
      for (let i = 0; i < 1 + int(4); i++) frame[int(frame.length)] = int(256);
      return frame;
    }
    if (kind === 2) return valid().subarray(0, int(40));
    if (kind === 3) return Uint8Array.from([0x01 + int(0xfe), int(256), int(256), int(256), 0, 0, 0, 2, 0x7b, 0x7d]);
    if (kind === 4) {
      const text = new TextEncoder().encode(['{"code":', '{"code":1,"extFields":[]}', "{{}}", '{"code":"x"}'][int(4)]);
      const frame = new Uint8Array(8 + text.length);
      new DataView(frame.buffer).setUint32(0, 4 + text.length);
      new DataView(frame.buffer).setUint32(4, text.length);
      frame.set(text, 8);
      return frame;
    }
    const frame = valid();
    new DataView(frame.buffer).setUint32(4, (int(3) << 24) | int(0xffffff));
    return frame;
  };

  return { valid, mutated };
}

describe("malformed frames", () => {
  test("close only the connection that sent them, with a warn line", async () => {
    const { port, addr, lines } = await echoServer();
    const good = await RawPeer.connect(port);
    const bad = await RawPeer.connect(port);
    cleanups.push(() => good.close(), () => bad.close());
    bad.write(Buffer.concat([Buffer.from("00000008000000107b7d0000", "hex")]));
    await bad.closed;
    expect(lines.some((l) => l.level === "warn" && l.message.includes("malformed frame"))).toBe(true);
    good.write(encodeFrame(request(10, { n: "still here" })));
    expect((await good.waitFrames(1))[0]!.extFields.n).toBe("still here");
    const c = new RemotingClient({ log: silentLogger });
    cleanups.push(() => c.close());
    expect((await c.invoke(addr, request(10, { n: "new" }), 2000)).extFields.n).toBe("new");
  });

  test("a TLS handshake or an HTTP request on the remoting port is named in the warn line, with what to do", async () => {
    const decoder = () => new FrameDecoder();
    const tlsHello = Uint8Array.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
    expect(() => decoder().push(tlsHello)).toThrow(
      "frame length 369295618 exceeds the 16777216-byte limit; these bytes open a TLS handshake: this port takes RocketMQ's remoting protocol over plain TCP (turn TLS off in the client)",
    );
    expect(() => decoder().push(new TextEncoder().encode("GET /metrics HTTP/1.1\r\n\r\n"))).toThrow(
      "frame length 1195725856 exceeds the 16777216-byte limit; these bytes open an HTTP request (GET): this port takes RocketMQ's remoting protocol, not HTTP (the console and /metrics are on consolePort)",
    );
    expect(() => decoder().push(Uint8Array.from([0x7f, 0, 0, 0]))).toThrow(/^frame length 2130706432 exceeds the 16777216-byte limit$/);
    const { port, lines } = await echoServer();
    const peer = await RawPeer.connect(port);
    cleanups.push(() => peer.close());
    peer.write(tlsHello);
    await peer.closed;
    expect(lines.find((l) => l.message.includes("malformed frame"))?.fields?.error).toContain("TLS handshake");
  });

  test(
    "a fuzzing peer sending 100,000 random and mutated frames over many connections leaves the server serving",
    async () => {
      const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
      const rand = random(seed);
      const { port, addr, lines } = await echoServer();
      const { valid, mutated } = frameGenerator(rand);
      const framesTotal = 100_000;
      let framesSent = 0;
      let repliesReceived = 0;
      let connections = 0;
      const round = (): Promise<void> =>
        new Promise((resolve) => {
          const batch: Uint8Array[] = [];
          for (let i = 0; i < 40; i++) batch.push(rand() < Number(process.env.FUZZ_VALID ?? 0.9) ? valid() : mutated());
          framesSent += batch.length;
          connections++;
          const decoder = new FrameDecoder();
          const socket = net.connect({ host: "127.0.0.1", port }, () => socket.end(Buffer.concat(batch)));
          socket.on("data", (chunk: Buffer) => (repliesReceived += decoder.push(new Uint8Array(chunk)).length));
          socket.on("error", () => {});
          socket.on("close", () => resolve());
        });
      const worker = async () => {
        while (framesSent < framesTotal) await round();
      };
      const startedMs = Date.now();
      await Promise.all(Array.from({ length: 8 }, worker));
      const elapsedMs = Date.now() - startedMs;

      const c = new RemotingClient({ log: silentLogger });
      cleanups.push(() => c.close());
      const res = await c.invoke(addr, request(10, { n: "after fuzz" }, new Uint8Array([9, 8, 7])), 2000);
      expect(res.extFields.n).toBe("after fuzz");
      expect(Array.from(res.body!)).toEqual([9, 8, 7]);
      expect(framesSent).toBeGreaterThanOrEqual(framesTotal);
      expect(repliesReceived).toBeGreaterThan(framesTotal / 10);
      expect(lines.filter((l) => l.level === "error").map((l) => `${l.message} ${JSON.stringify(l.fields)}`)).toEqual([]);
      expect(lines.some((l) => l.message.includes("malformed frame"))).toBe(true);
      process.stderr.write(
        `fuzz seed ${seed}: ${framesSent} frames, ${connections} connections, ${repliesReceived} replies, ${elapsedMs} ms\n`,
      );
    },
    30_000,
  );
});
