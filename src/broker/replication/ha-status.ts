// GET_BROKER_HA_STATUS (907, RocketMQ 5.x): no request fields; the reply body is HARuntimeInfo
// (common/protocol/ha-runtime-info.ts), what `mq admin haStatus` prints.
import { encodeHaRuntimeInfo, RequestCode, ResponseCode } from "../../common/index.ts";
import { reply } from "../../remoting/index.ts";
import type { HandlerRegistry } from "../context.ts";
import type { Replication } from "./replication.ts";

export function registerHaStatusHandler(server: HandlerRegistry, replication: Replication): void {
  server.register(RequestCode.GET_BROKER_HA_STATUS, () =>
    reply(ResponseCode.SUCCESS, { body: encodeHaRuntimeInfo(replication.runtimeInfo()) }));
}
