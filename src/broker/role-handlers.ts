// The request handlers of the broker's current role, behind one RemotingServer that outlives role
// changes (RocketMQ 5's ReplicasManager changes role in place: connections stay open).
//
// Each code a role registers is registered once on the server as a forwarder to the current
// role's table. Between close() and open() (a role change under way) a request waits for the new
// role, up to waitMs, and is then answered by it; past waitMs, or when no role opened, it is
// answered SYSTEM_BUSY. close() resolves once the requests the old role started have answered
// (or stopMs passed), so the old role's store can close under no handler. Connection-close
// listeners a role adds are the role's: dropped at close().
import { assert, ResponseCode } from "../common/index.ts";
import { notSupported, reply, type Connection, type Handler, type RemotingCommand, type RemotingServer } from "../remoting/index.ts";

type Guard = (req: RemotingCommand, conn: Connection) => RemotingCommand | undefined;

export const ROLE_CHANGE_WAIT_MS_DEFAULT = 10_000;

export class RoleHandlers {
  private table = new Map<number, Handler>();
  private closeListeners: Array<(conn: Connection) => void> = [];
  private readonly forwarded = new Set<number>();
  private serving = false;
  /** Set from close() to open(): what a request that came meanwhile waits for. */
  private opening: { promise: Promise<void>; resolve: () => void } | undefined;
  private inFlight = 0;
  private whenIdle: (() => void) | undefined;

  constructor(
    private readonly server: Pick<RemotingServer, "register" | "onConnectionClose">,
    private readonly opts: { guard?: Guard; waitMs?: number } = {},
  ) {
    server.onConnectionClose((conn) => {
      for (const listener of this.closeListeners) listener(conn);
    });
    void this.close();
  }

  /** The server's beforeRequest: the access guard, run here only while a role serves (a request
   *  that waits for the next role is checked when it runs). */
  readonly beforeRequest: Guard = (req, conn) => (this.serving ? this.opts.guard?.(req, conn) : undefined);

  /** What a role registers its handlers and connection-close listeners with. */
  readonly registry: Pick<RemotingServer, "register" | "onConnectionClose"> = {
    register: (code, handler) => {
      assert(!this.table.has(code), `request code ${code} already has a handler`);
      this.table.set(code, handler);
      if (this.forwarded.has(code)) return;
      this.forwarded.add(code);
      this.server.register(code, (req, conn) => this.dispatch(code, req, conn));
    },
    onConnectionClose: (listener) => {
      this.closeListeners.push(listener);
    },
  };

  /** The role registered so far serves; requests that waited run now. */
  open(): void {
    this.serving = true;
    this.opening?.resolve();
    this.opening = undefined;
  }

  /** No role comes: the requests waiting for one are answered SYSTEM_BUSY now (the broker stops). */
  end(): void {
    this.serving = false;
    this.opening?.resolve();
    this.opening = undefined;
  }

  /** Stops starting requests on the current role; resolves once its running ones answered (or
   *  stopMs passed). The next role registers into an empty table. */
  async close(stopMs = 5000): Promise<void> {
    if (this.opening === undefined) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.opening = { promise, resolve };
    }
    this.serving = false;
    if (this.inFlight > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.whenIdle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, stopMs))),
      ]);
      clearTimeout(timer);
      this.whenIdle = undefined;
    }
    this.table = new Map();
    this.closeListeners = [];
  }

  private dispatch(code: number, req: RemotingCommand, conn: Connection): ReturnType<Handler> {
    if (this.serving) return this.run(code, req, conn);
    return this.afterChange(code, req, conn);
  }

  private async afterChange(code: number, req: RemotingCommand, conn: Connection): Promise<RemotingCommand | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([
      (this.opening?.promise ?? Promise.resolve()).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.opts.waitMs ?? ROLE_CHANGE_WAIT_MS_DEFAULT))),
    ]);
    clearTimeout(timer);
    if (!waited || !this.serving) return reply(ResponseCode.SYSTEM_BUSY, { remark: "the broker is changing its role; try again in a moment" });
    const refusal = this.opts.guard?.(req, conn);
    return refusal ?? this.run(code, req, conn);
  }

  private run(code: number, req: RemotingCommand, conn: Connection): ReturnType<Handler> {
    const handler = this.table.get(code);
    if (handler === undefined) return notSupported(req);
    this.inFlight++;
    let result: ReturnType<Handler>;
    try {
      result = handler(req, conn);
    } catch (e) {
      this.settled();
      throw e;
    }
    if (!(result instanceof Promise)) {
      this.settled();
      return result;
    }
    return result.finally(() => this.settled());
  }

  private settled(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.whenIdle?.();
  }
}
