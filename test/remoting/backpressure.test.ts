import { describe, expect, test } from "bun:test";
import { ResponseCode, silentLogger } from "../../src/common/index.ts";
import {
  encodeFrame,
  OVERLOAD_REMARK,
  RemotingClient,
  reply,
  request,
  type RemotingCommand,
  type RequestKind,
} from "../../src/remoting/index.ts";
import type { Channel } from "../../src/remoting/channel.ts";
import { perTest, until } from "./fixtures.ts";

const { cleanups, serve, peer } = perTest();

/** Requests of code, each with n = its index, as one stream of bytes. */
const stream = (code: number, count: number): Buffer =>
  Buffer.concat(Array.from({ length: count }, (_, n) => encodeFrame(request(code, { n }))));

/** A handler that holds every request until release() answers them all. */
function holding() {
  const held: Array<() => void> = [];
  return {
    held,
    handler: () => new Promise<RemotingCommand>((resolve) => held.push(() => resolve(reply(ResponseCode.SUCCESS)))),
    release: () => held.splice(0).forEach((answer) => answer()),
  };
}

/** One request at a time per connection; code 10 is of kind `send`, the rest of an unbounded one. */
const oneAtATime = (send: RequestKind) => ({
  flow: { inflightMax: 1 },
  requestKinds: { byCode: new Map([[10, send]]), other: { name: "other", capacity: Infinity } },
});

describe("backpressure", () => {
  test("a connection whose replies are not read stops being read, stays open, and gets every reply once it reads", async () => {
    const replyBytes = 256;
    const flow = { outboundHighBytes: 256 * 1024, outboundLowBytes: 64 * 1024 };
    let served = 0;
    let flooder: Channel | undefined;
    const { port, addr } = await serve((server) => {
      server.register(10, (req, conn) => {
        served++;
        flooder ??= conn as Channel;
        return reply(ResponseCode.SUCCESS, { extFields: { n: req.extFields.n }, body: new Uint8Array(replyBytes) });
      });
      server.register(11, () => reply(ResponseCode.SUCCESS, { remark: "other" }));
    }, { flow });
    const p = await peer(port);
    p.socket.pause();
    const count = 200_000;
    p.write(stream(10, count));
    // The server stops reading: the peer's own writes back up.
    await until(() => flooder !== undefined && flooder.readingPaused && p.socket.writableLength > 0, 10_000);
    const servedWhilePaused = served;
    expect(servedWhilePaused).toBeLessThan(count);
    expect(flooder!.queuedBytes).toBeLessThanOrEqual(flow.outboundHighBytes + replyBytes + 64);
    expect(flooder!.waitingRequests).toBeLessThan(20_000);

    const other = new RemotingClient({ log: silentLogger });
    cleanups.push(() => other.close());
    const startedMs = performance.now();
    expect(await other.invoke(addr, request(11), 2000)).toMatchObject({ code: 0, remark: "other" });
    expect(performance.now() - startedMs).toBeLessThan(1000);
    expect(served).toBeLessThan(count);
    expect(flooder!.closed).toBe(false);

    p.socket.resume();
    const frames = await p.waitFrames(count);
    expect(frames.length).toBe(count);
    const seen = new Set(frames.map((f) => f.extFields.n));
    expect(seen.size).toBe(count);
    expect(served).toBe(count);
  }, 30_000);

  test("at most inflightMax requests run at once on a connection; the rest start as those finish", async () => {
    let running = 0;
    let runningMax = 0;
    const { port } = await serve((server) =>
      server.register(10, async (req) => {
        runningMax = Math.max(runningMax, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return reply(ResponseCode.SUCCESS, { extFields: { n: req.extFields.n } });
      }), { flow: { inflightMax: 8 } });
    const p = await peer(port);
    p.write(stream(10, 200));
    const frames = await p.waitFrames(200);
    expect(runningMax).toBe(8);
    expect(frames.map((f) => Number(f.extFields.n))).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  test("one connection's burst of slow requests does not keep another connection waiting", async () => {
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const { port, addr } = await serve((server) => {
      server.register(10, () => (spin(1), reply(ResponseCode.SUCCESS)));
      server.register(11, () => reply(ResponseCode.SUCCESS, { remark: "other" }));
    });
    const burst = await peer(port);
    burst.write(stream(10, 1000)); // a second of work
    await until(() => burst.frames.length > 0);
    const other = new RemotingClient({ log: silentLogger });
    cleanups.push(() => other.close());
    const startedMs = performance.now();
    expect(await other.invoke(addr, request(11), 2000)).toMatchObject({ remark: "other" });
    expect(performance.now() - startedMs).toBeLessThan(150);
    expect(burst.frames.length).toBeLessThan(1000);
    await burst.waitFrames(1000);
  });

  test("a request beyond its kind's queue capacity is answered SYSTEM_BUSY with RocketMQ's [OVERLOAD] remark", async () => {
    const send = { name: "send", capacity: 2 };
    const h = holding();
    const { port } = await serve((server) => server.register(10, h.handler), oneAtATime(send));
    const p = await peer(port);
    p.write(stream(10, 5)); // one runs, two wait, two are refused
    const refused = await p.waitFrames(2);
    expect(refused.map((f) => [f.code, f.remark])).toEqual([
      [ResponseCode.SYSTEM_BUSY, OVERLOAD_REMARK],
      [ResponseCode.SYSTEM_BUSY, OVERLOAD_REMARK],
    ]);
    expect(OVERLOAD_REMARK).toBe("[OVERLOAD]system busy, start flow control for a while");
    for (let answered = 0; answered < 3; answered++) {
      await until(() => h.held.length > 0);
      h.release();
    }
    const frames = await p.waitFrames(5);
    expect(frames.slice(2).map((f) => f.code)).toEqual([0, 0, 0]);
  });

  test("a request that waited longer than its kind's waitMsMax is answered SYSTEM_BUSY [TIMEOUT_CLEAN_QUEUE]; the connection carries on", async () => {
    const send = { name: "send", capacity: 100, waitMsMax: 50 };
    const h = holding();
    const { port } = await serve((server) => {
      server.register(10, h.handler);
      server.register(11, () => reply(ResponseCode.SUCCESS, { remark: "admin" }));
    }, oneAtATime(send));
    const p = await peer(port);
    const sentMs = performance.now();
    p.write(stream(10, 3));
    const expired = await p.waitFrames(2);
    expect(performance.now() - sentMs).toBeGreaterThanOrEqual(50);
    const pattern = /^\[TIMEOUT_CLEAN_QUEUE\]broker busy, start flow control for a while, period in queue: (\d+)ms, size of queue: (\d+)$/;
    const parsed = expired.map((f) => {
      expect(f.code).toBe(ResponseCode.SYSTEM_BUSY);
      const m = pattern.exec(f.remark ?? "");
      expect(m).not.toBeNull();
      return { n: f.opaque, waitedMs: Number(m![1]), size: Number(m![2]) };
    });
    for (const { waitedMs } of parsed) expect(waitedMs).toBeGreaterThanOrEqual(50);
    expect(parsed.map((e) => e.size)).toEqual([1, 0]);
    h.release();
    await p.waitFrames(3);
    expect(p.frames[2]!.code).toBe(ResponseCode.SUCCESS);
    p.write(stream(11, 1));
    expect((await p.waitFrames(4))[3]).toMatchObject({ code: 0, remark: "admin" });
  });
});
