import { describe, expect, test } from "bun:test";
import { BrokerError, ResponseCode, silentLogger } from "../../src/common/index.ts";
import {
  encodeFrame,
  FLAG_ONEWAY,
  RemotingClient,
  reply,
  request,
  SerializeType,
  type Connection,
  type RemotingCommand,
  RemotingServer,
} from "../../src/remoting/index.ts";
import { perTest, recordingLogger, startServer, until } from "./fixtures.ts";

const { cleanups, serve, peer } = perTest();

function client(onRequest?: ConstructorParameters<typeof RemotingClient>[0]["onRequest"]): RemotingClient {
  const c = new RemotingClient({ log: silentLogger, ...(onRequest ? { onRequest } : {}) });
  cleanups.push(() => c.close());
  return c;
}

const echo = (req: RemotingCommand) => reply(ResponseCode.SUCCESS, { extFields: { n: req.extFields.n }, body: req.body });

describe("RemotingServer", () => {
  test("dispatches by request code and answers with the request's opaque", async () => {
    const { addr } = await serve((s) => {
      s.register(10, echo);
      s.register(11, () => reply(17, { remark: "eleven" }));
    });
    const c = client();
    const req = request(10, { n: 1 }, new TextEncoder().encode("body"));
    const res = await c.invoke(addr, req, 2000);
    expect(res).toMatchObject({ code: 0, opaque: req.opaque, flag: 1, extFields: { n: "1" } });
    expect(new TextDecoder().decode(res.body)).toBe("body");
    expect(await c.invoke(addr, request(11), 2000)).toMatchObject({ code: 17, remark: "eleven" });
  });

  test("answers an unknown code with REQUEST_CODE_NOT_SUPPORTED and Java's remark", async () => {
    const { addr } = await serve(() => {});
    const res = await client().invoke(addr, request(9999), 2000);
    expect(res.code).toBe(3);
    expect(res.remark).toBe(" request type 9999 not supported");
  });

  test("turns a thrown BrokerError into its code and any other throw into SYSTEM_ERROR", async () => {
    const { addr } = await serve((s) => {
      s.register(1, () => {
        throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, "topic X not exist");
      });
      s.register(2, async () => {
        throw new Error("boom");
      });
    }, { log: recordingLogger().log });
    const c = client();
    expect(await c.invoke(addr, request(1), 2000)).toMatchObject({ code: 17, remark: "topic X not exist" });
    const failed = await c.invoke(addr, request(2), 2000);
    expect(failed.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(failed.remark).toContain("boom");
  });

  test("writes no reply to a oneway request", async () => {
    let calls = 0;
    const { port } = await serve((s) => s.register(10, (req) => (calls++, echo(req))));
    const p = await peer(port);
    const oneway = request(10, { n: "oneway" });
    oneway.flag = FLAG_ONEWAY;
    const normal = request(10, { n: "normal" });
    p.write(encodeFrame(oneway));
    p.write(encodeFrame(normal));
    const frames = await p.waitFrames(1);
    await until(() => calls === 2);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.opaque).toBe(normal.opaque);
  });

  test("replies in the serialization of each request", async () => {
    const { port } = await serve((s) => s.register(10, echo));
    const p = await peer(port);
    const binary = { ...request(10, { n: "b" }), serializeType: SerializeType.ROCKETMQ };
    const json = request(10, { n: "j" });
    p.write(encodeFrame(binary));
    p.write(encodeFrame(json));
    const frames = await p.waitFrames(2);
    expect(frames.map((f) => [f.extFields.n, f.serializeType])).toEqual([["b", 1], ["j", 0]]);
  });

  test("decodes a frame that arrives one byte at a time", async () => {
    const { port } = await serve((s) => s.register(10, echo));
    const p = await peer(port);
    p.socket.setNoDelay(true);
    const req = request(10, { n: "split" }, new Uint8Array(50).fill(7));
    const frame = encodeFrame(req);
    for (let i = 0; i < frame.length; i++) {
      await new Promise<void>((resolve) => p.socket.write(frame.subarray(i, i + 1), () => resolve()));
    }
    const [res] = await p.waitFrames(1);
    expect(res).toMatchObject({ opaque: req.opaque, extFields: { n: "split" } });
    expect(res!.body).toEqual(new Uint8Array(50).fill(7));
  });

  test("decodes many frames written in one chunk and answers them in order", async () => {
    const { port } = await serve((s) => s.register(10, echo));
    const p = await peer(port);
    const reqs = Array.from({ length: 500 }, (_, i) => request(10, { n: i }));
    p.write(Buffer.concat(reqs.map(encodeFrame)));
    const frames = await p.waitFrames(500);
    expect(frames.map((f) => f.opaque)).toEqual(reqs.map((r) => r.opaque));
  });

  test("bodies survive arbitrary chunk boundaries and held views (the decoder keeps no copies)", async () => {
    const { port } = await serve((s) =>
      s.register(10, async (req) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return echo(req);
      }),
    );
    const p = await peer(port);
    const reqs = Array.from({ length: 300 }, (_, i) =>
      request(10, { n: i }, Uint8Array.from({ length: 1 + ((i * 7919) % 3000) }, (_, j) => (i + j) & 0xff)),
    );
    const stream = Buffer.concat(reqs.map(encodeFrame));
    for (let pos = 0, step = 1; pos < stream.length; pos += step, step = (step * 31 + 17) % 4099 || 1) {
      await new Promise<void>((resolve) => p.socket.write(stream.subarray(pos, pos + step), () => resolve()));
    }
    const frames = await p.waitFrames(reqs.length);
    const byN = new Map(frames.map((f) => [f.extFields.n, f.body]));
    for (const [i, req] of reqs.entries()) expect(byN.get(String(i))).toEqual(req.body);
  });

  test("keeps every reply for a reader that stops reading (partial writes and drain)", async () => {
    let served = 0;
    let conn: Connection | undefined;
    const bodyBytes = 256 * 1024;
    const { port } = await serve((s) =>
      s.register(10, (req, c) => {
        served++;
        conn = c;
        return reply(0, { body: new Uint8Array(bodyBytes).fill(Number(req.extFields.n)) });
      }),
    );
    const p = await peer(port);
    p.socket.pause();
    const count = 64;
    p.write(Buffer.concat(Array.from({ length: count }, (_, i) => encodeFrame(request(10, { n: i })))));
    await until(() => conn !== undefined && conn.queuedBytes > 0);
    p.socket.resume();
    const frames = await p.waitFrames(count);
    for (let i = 0; i < count; i++) {
      expect(frames[i]!.body!.length).toBe(bodyBytes);
      expect(frames[i]!.body![0]).toBe(i);
      expect(frames[i]!.body![bodyBytes - 1]).toBe(i);
    }
    await until(() => conn!.queuedBytes === 0);
  });

  test("closes a connection whose outbound queue passes its bound, with a log line", async () => {
    const { log, lines } = recordingLogger();
    const { port } = await serve(
      (s) => s.register(10, () => reply(0, { body: new Uint8Array(512 * 1024) })),
      { log, outboundBytesMax: 2 * 1024 * 1024 },
    );
    const p = await peer(port);
    p.socket.pause();
    p.write(Buffer.concat(Array.from({ length: 200 }, () => encodeFrame(request(10)))));
    await until(() => lines.some((l) => l.message.includes("outbound queue full")));
    p.socket.resume();
    await p.closed;
  });

  test("a long-polling handler answers later while other requests are served", async () => {
    let release: (() => void) | undefined;
    const { addr } = await serve((s) => {
      s.register(11, () => new Promise<RemotingCommand>((resolve) => (release = () => resolve(reply(19)))));
      s.register(10, echo);
    });
    const c = client();
    const held = c.invoke(addr, request(11), 5000);
    expect((await c.invoke(addr, request(10, { n: 2 }), 2000)).extFields.n).toBe("2");
    await until(() => release !== undefined);
    release!();
    expect((await held).code).toBe(19);
  });

  test("server-initiated invoke reaches the client's onRequest and its response comes back", async () => {
    let conn: Connection | undefined;
    const { addr, port } = await serve((s) => s.register(34, (_req, c) => ((conn = c), reply(0))));
    const notified: string[] = [];
    const c = client((req) => {
      if (req.code === 40) {
        notified.push(req.extFields.consumerGroup ?? "");
        return undefined;
      }
      return reply(0, { extFields: { answer: `client saw ${req.code}` } });
    });
    await c.invoke(addr, request(34), 2000);
    expect(conn!.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(conn!.remoteAddress).not.toBe(`127.0.0.1:${port}`);
    const res = await conn!.invoke(request(307), 2000);
    expect(res.extFields.answer).toBe("client saw 307");
    conn!.invokeOneway(request(40, { consumerGroup: "g" }));
    await until(() => notified.length === 1);
    expect(notified).toEqual(["g"]);
  });

  test("stop() answers in-flight requests before closing connections", async () => {
    let release: (() => void) | undefined;
    const { server, addr } = await startServer();
    server.register(11, () => new Promise<RemotingCommand>((resolve) => (release = () => resolve(reply(0, { remark: "late" })))));
    const c = client();
    const clientSawClose = new Promise<string>((resolve) => c.onClose(resolve));
    const held = c.invoke(addr, request(11), 5000);
    await until(() => release !== undefined);
    const stopped = server.stop();
    release!();
    expect((await held).remark).toBe("late");
    await stopped;
    expect(await clientSawClose).toBe(addr);
    await expect(c.invoke(addr, request(11), 1000)).rejects.toMatchObject({ kind: "connect" });
  });

  test("reports closed connections to onConnectionClose", async () => {
    const closedIds: number[] = [];
    let connId = -1;
    const { port } = await serve((s) => {
      s.onConnectionClose((conn) => closedIds.push(conn.id));
      s.register(10, (_req, conn) => ((connId = conn.id), reply(0)));
    });
    const p = await peer(port);
    p.write(encodeFrame(request(10)));
    await p.waitFrames(1);
    p.close();
    await until(() => closedIds.length === 1);
    expect(closedIds).toEqual([connId]);
  });
});

test("extra ports are served by the same handlers, and an extra port already taken is skipped", async () => {
  const taken = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const vipPort = probe.port;
  probe.stop(true);
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger, extraPorts: [vipPort, taken.port] });
  server.register(105, () => reply(0, { extFields: { served: "yes" } }));
  const port = await server.start();
  const client = new RemotingClient({ log: silentLogger });
  try {
    for (const p of [port, vipPort]) {
      const r = await client.invoke(`127.0.0.1:${p}`, request(105, { topic: "T" }), 3000);
      expect(r.extFields.served).toBe("yes");
    }
  } finally {
    client.close();
    await server.stop();
    taken.stop(true);
  }
  // Stopped: the extra port is free again.
  const again = Bun.listen({ hostname: "127.0.0.1", port: vipPort, socket: { data() {} } });
  again.stop(true);
});
