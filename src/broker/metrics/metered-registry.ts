// rocketmq_rpc_latency: every handler the broker registers is wrapped to time it, from the call
// to the reply (a held pull's time includes its hold, as in RocketMQ). A synchronous reply costs
// two clock reads; an asynchronous one also a .then.
import { BrokerError, ResponseCode } from "../../common/index.ts";
import type { Handler, RemotingCommand, RemotingServer } from "../../remoting/index.ts";
import type { BrokerMeters } from "./broker-meters.ts";

type Registry = Pick<RemotingServer, "register" | "onConnectionClose">;

/** The server as handlers see it, with every handler registered through it timed. */
export function meteredRegistry(server: Registry, meters: BrokerMeters): Registry {
  return {
    register: (code, handler) => server.register(code, metered(code, handler, meters)),
    onConnectionClose: (listener) => server.onConnectionClose(listener),
  };
}

function metered(code: number, handler: Handler, meters: BrokerMeters): Handler {
  const failed = (startMs: number, err: unknown): never => {
    meters.rpc(code, err instanceof BrokerError ? err.code : ResponseCode.SYSTEM_ERROR, performance.now() - startMs);
    throw err;
  };
  const answered = (startMs: number, res: RemotingCommand | undefined) => {
    if (res !== undefined) meters.rpc(code, res.code, performance.now() - startMs);
    return res;
  };
  return (req, conn) => {
    const startMs = performance.now();
    let res: ReturnType<Handler>;
    try {
      res = handler(req, conn);
    } catch (err) {
      return failed(startMs, err);
    }
    if (res instanceof Promise) return res.then((r) => answered(startMs, r), (err: unknown) => failed(startMs, err));
    return answered(startMs, res);
  };
}
