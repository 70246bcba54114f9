import { describe, expect, test } from "bun:test";
import { ResponseCode, silentLogger } from "../../src/common/index.ts";
import { decodeFrame, encodeFrame, reply, request, SerializeType, type RemotingCommand } from "../../src/remoting/index.ts";
import { Channel, type ChannelSocket } from "../../src/remoting/channel.ts";

/** A socket that takes at most takeMax bytes a write and keeps (a reference to) every write. */
function fakeSocket(takeMax = Infinity) {
  const writes: Uint8Array[] = [];
  const socket: ChannelSocket = {
    remoteAddress: "127.0.0.1",
    remotePort: 1,
    write: (bytes) => {
      const n = Math.min(bytes.length, takeMax);
      writes.push(bytes.subarray(0, n));
      return n;
    },
    end: () => {},
    pause: () => {},
    resume: () => {},
  };
  return { socket, writes };
}

/** A channel whose handler answers every request with res(). */
function channelAnswering(socket: ChannelSocket, res: () => RemotingCommand): Channel {
  return new Channel(socket, {
    log: silentLogger,
    maxFrameBytes: 64 * 1024 * 1024,
    outboundBytesMax: 64 * 1024 * 1024,
    pendingMax: 16,
    handler: () => res(),
  });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const joined = (writes: Uint8Array[]) => Buffer.concat(writes);

/** A body of n bytes after headroom free bytes in a buffer of its own, filled with a pattern. */
function bodyAfter(headroom: number, n: number): Uint8Array {
  const buffer = new Uint8Array(headroom + n);
  for (let i = 0; i < n; i++) buffer[headroom + i] = (i * 31) & 0xff;
  return buffer.subarray(headroom);
}

describe("a reply body handed over to the connection", () => {
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    test(`goes out as one write of its own buffer, the frame header written in front of it (serializeType ${serializeType})`, async () => {
      const { socket, writes } = fakeSocket();
      const body = bodyAfter(512, 128 * 1024);
      const channel = channelAnswering(socket, () => {
        const res = reply(ResponseCode.SUCCESS, { extFields: { nextBeginOffset: "42" }, remark: "FOUND", body });
        res.bodyHeadroom = body.byteOffset;
        return res;
      });
      const req = request(11, { queueId: "0" });
      req.serializeType = serializeType;
      channel.onData(encodeFrame(req));
      await turn();
      expect(writes.length).toBe(1);
      expect(writes[0]!.buffer).toBe(body.buffer);
      const frame = writes[0]!;
      const res = decodeFrame(frame.subarray(4));
      expect(res.extFields.nextBeginOffset).toBe("42");
      expect(res.serializeType).toBe(serializeType);
      expect(Buffer.from(res.body!).equals(Buffer.from(bodyAfter(0, 128 * 1024)))).toBe(true);
    });
  }

  test("without room in front, its header goes first and the body itself follows, across partial writes", async () => {
    const { socket, writes } = fakeSocket(10_000);
    const body = bodyAfter(0, 300 * 1024);
    let released = 0;
    const channel = channelAnswering(socket, () => {
      const res = reply(ResponseCode.SUCCESS, { remark: "FOUND", body });
      res.bodyHeadroom = 0;
      res.bodyRelease = () => released++;
      return res;
    });
    channel.onData(encodeFrame(request(11, {})));
    await turn();
    while (channel.queuedBytes > 0) {
      expect(released).toBe(0); // given back only once the socket has taken its last byte
      channel.onDrain();
      await turn();
    }
    expect(writes.some((w) => w.buffer === body.buffer)).toBe(true);
    expect(released).toBe(1);
    const stream = joined(writes);
    const res = decodeFrame(stream.subarray(4));
    expect(stream.readUInt32BE(0)).toBe(stream.length - 4);
    expect(Buffer.from(res.body!).equals(Buffer.from(bodyAfter(0, 300 * 1024)))).toBe(true);
  });

  test("a small body handed over is copied into the batch and given back at once", async () => {
    const { socket, writes } = fakeSocket();
    const body = bodyAfter(512, 100);
    let released = 0;
    const channel = channelAnswering(socket, () => {
      const res = reply(ResponseCode.SUCCESS, { body });
      res.bodyHeadroom = body.byteOffset;
      res.bodyRelease = () => released++;
      return res;
    });
    channel.onData(encodeFrame(request(11, {})));
    expect(released).toBe(1);
    await turn();
    expect(Buffer.from(decodeFrame(joined(writes).subarray(4)).body!).equals(Buffer.from(body))).toBe(true);
  });

  test("a large body not handed over is copied: its buffer is the sender's again once send returns", async () => {
    const { socket, writes } = fakeSocket();
    const body = bodyAfter(512, 64 * 1024);
    const channel = channelAnswering(socket, () => reply(ResponseCode.SUCCESS, { body }));
    channel.onData(encodeFrame(request(11, {})));
    await turn();
    expect(writes.every((w) => w.buffer !== body.buffer)).toBe(true);
    expect(Buffer.from(decodeFrame(joined(writes).subarray(4)).body!).equals(Buffer.from(body))).toBe(true);
  });
});
