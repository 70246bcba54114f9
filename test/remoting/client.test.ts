import { afterEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/common/index.ts";
import {
  RemotingClient,
  RemotingError,
  reply,
  request,
  type Connection,
  type RemotingCommand,
} from "../../src/remoting/index.ts";
import { recordingLogger, startServer, until } from "./fixtures.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWith(handlers: Record<number, (req: RemotingCommand, conn: Connection) => ReturnType<typeof reply> | undefined | Promise<RemotingCommand>>) {
  const started = await startServer();
  for (const [code, handler] of Object.entries(handlers)) started.server.register(Number(code), handler);
  cleanups.push(() => started.server.stop());
  return started;
}

function client(opts: Partial<ConstructorParameters<typeof RemotingClient>[0]> = {}): RemotingClient {
  const c = new RemotingClient({ log: silentLogger, ...opts });
  cleanups.push(() => c.close());
  return c;
}

async function freePort(): Promise<number> {
  const { server, port } = await startServer();
  await server.stop();
  return port;
}

describe("RemotingClient", () => {
  test("reuses one connection per address", async () => {
    const seen = new Set<number>();
    const { addr } = await serverWith({ 10: (_req, conn) => (seen.add(conn.id), reply(0)) });
    const c = client();
    await Promise.all(Array.from({ length: 20 }, () => c.invoke(addr, request(10), 2000)));
    await c.invoke(addr, request(10), 2000);
    expect(seen.size).toBe(1);
  });

  test("a timeout rejects with kind timeout and the late reply is dropped", async () => {
    let release: (() => void) | undefined;
    const { log, lines } = recordingLogger();
    const { addr } = await serverWith({
      11: () => new Promise<RemotingCommand>((resolve) => (release = () => resolve(reply(0, { remark: "late" })))),
      10: (req) => reply(0, { remark: req.extFields.tag }),
    });
    const c = client({ log });
    const err = await c.invoke(addr, request(11), 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemotingError);
    expect((err as RemotingError).kind).toBe("timeout");
    release!();
    const next = await c.invoke(addr, request(10, { tag: "next" }), 2000);
    expect(next.remark).toBe("next");
    expect(lines.some((l) => l.message.includes("response without a waiting request"))).toBe(true);
  });

  test("a refused connection rejects with kind connect", async () => {
    const port = await freePort();
    const err = await client().invoke(`127.0.0.1:${port}`, request(10), 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemotingError);
    expect((err as RemotingError).kind).toBe("connect");
    const bad = await client().invoke("nohostport", request(10), 2000).catch((e: unknown) => e);
    expect((bad as RemotingError).kind).toBe("connect");
  });

  test("a connection closed by the server rejects its pending requests with kind closed", async () => {
    let conn: Connection | undefined;
    const { addr } = await serverWith({ 11: (_req, c) => ((conn = c), new Promise<RemotingCommand>(() => {})) });
    const c = client();
    const pending = [c.invoke(addr, request(11), 5000), c.invoke(addr, request(11), 5000)];
    await until(() => conn !== undefined);
    conn!.close();
    for (const p of pending) {
      const err = await p.catch((e: unknown) => e);
      expect((err as RemotingError).kind).toBe("closed");
    }
  });

  test("reconnects on the next call after a close", async () => {
    const conns: Connection[] = [];
    const { addr } = await serverWith({ 10: (_req, c) => (conns.push(c), reply(0)) });
    const c = client();
    const closed: string[] = [];
    c.onClose((a) => closed.push(a));
    await c.invoke(addr, request(10), 2000);
    conns[0]!.close();
    await until(() => closed.length === 1);
    expect((await c.invoke(addr, request(10), 2000)).code).toBe(0);
    expect(conns[1]!.id).not.toBe(conns[0]!.id);
    c.closeConnection(addr);
    await until(() => closed.length === 2);
    expect((await c.invoke(addr, request(10), 2000)).code).toBe(0);
    expect(new Set(conns.map((x) => x.id)).size).toBe(3);
  });

  test("refuses requests past the pending bound with kind too-many-pending", async () => {
    const { addr } = await serverWith({ 11: () => new Promise<RemotingCommand>(() => {}) });
    const c = client({ pendingMax: 2 });
    const held = [c.invoke(addr, request(11), 5000), c.invoke(addr, request(11), 5000)];
    const err = await c.invoke(addr, request(11), 5000).catch((e: unknown) => e);
    expect((err as RemotingError).kind).toBe("too-many-pending");
    c.close();
    for (const p of held) expect(((await p.catch((e: unknown) => e)) as RemotingError).kind).toBe("closed");
  });

  test("invokeOneway resolves once written and the server sees the oneway flag", async () => {
    const got: RemotingCommand[] = [];
    const { addr } = await serverWith({ 15: (req) => (got.push(req), reply(0)) });
    const c = client();
    await c.invokeOneway(addr, request(15, { offset: 7 }));
    await until(() => got.length === 1);
    expect(got[0]!.flag & 2).toBe(2);
    expect(got[0]!.extFields.offset).toBe("7");
  });

  test("a closed client refuses new calls", async () => {
    const { addr } = await serverWith({ 10: () => reply(0) });
    const c = client();
    c.close();
    const err = await c.invoke(addr, request(10), 1000).catch((e: unknown) => e);
    expect((err as RemotingError).kind).toBe("closed");
  });
});
