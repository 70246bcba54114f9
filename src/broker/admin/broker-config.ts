// The broker's configuration over the wire.
//   code                    request                        reply
//   GET_BROKER_CONFIG 26    -                              body: .properties text ("key=value" lines, sorted; secrets left out),
//                                                          extFields version = DataVersion JSON {counter, stateVersion, timestamp}
//   UPDATE_BROKER_CONFIG 25 body: .properties text         SUCCESS; a refused key: NO_PERMISSION (path-like keys,
//                                                          "Can not update config in black list." as RocketMQ) or
//                                                          INVALID_PARAMETER (unknown, start-only, bad value)
// Only BROKER_RUNTIME_KEYS change at run time: each is read from ctx.options by the handlers on
// every request. A change is persisted to <storePathRootDir>/config/broker.properties (the store's
// config folder, as RocketMQ keeps store/config) and applied again at the next start.
import { availableParallelism } from "node:os";
import { checkConfigUpdate, isSecretKey, type ConfigValue, type RuntimeOverrides } from "../../common/config/index.ts";
import { BrokerError, remoteIp, ResponseCode, utf8 } from "../../common/index.ts";

import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

/** The keys the broker reads per request, so a change takes effect on the next one. */
export const BROKER_RUNTIME_KEYS: readonly string[] = [
  "brokerPermission", "maxMessageSize", "enablePropertyFilter", "shortPollingTimeMills", "storeReplyMessageEnable",
  "rejectTransactionMessage", "transactionTimeOut", "transactionCheckMax", "timerWheelEnable", "timerMaxDelaySec",
];

/** RocketMQ keys mq does not read that the tools expect in GET_BROKER_CONFIG (4.9.8's exportConfigs
 *  fails without them), with the values that describe mq: no filter servers, no TLS. */
const SHOWN_ROCKETMQ_KEYS: Readonly<Record<string, string>> = {
  filterServerNums: "0",
  traceOn: "true",
  useTLS: "false",
  clientCallbackExecutorThreads: String(availableParallelism()),
};

export interface BrokerConfigWriter {
  overrides: RuntimeOverrides;
  /** Sets the values on the live options; changed names the keys (brokerPermission re-registers). */
  apply(values: Readonly<Record<string, ConfigValue>>): void;
}

export interface ConfigVersion {
  readonly bootMs: number;
  counter: number;
  timestamp: number;
}

export function brokerConfig(ctx: BrokerContext, version: ConfigVersion): Handler {
  return () => {
    const lines: string[] = [];
    const options = { ...SHOWN_ROCKETMQ_KEYS, ...(ctx.options as unknown as Record<string, unknown>) };
    for (const key of Object.keys(options).sort()) {
      const value = options[key];
      if (isSecretKey(key)) continue;
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        lines.push(`${key}=${String(value)}`);
      }
    }
    return reply(ResponseCode.SUCCESS, {
      extFields: { version: JSON.stringify({ counter: version.counter, stateVersion: 0, timestamp: version.timestamp }) },
      body: utf8(`${lines.join("\n")}\n`),
    });
  };
}

export function updateBrokerConfig(ctx: BrokerContext, version: ConfigVersion, writer: BrokerConfigWriter): Handler {
  return (req, conn) => {
    const body = req.body === undefined ? "" : new TextDecoder().decode(req.body);
    const update = checkConfigUpdate("broker", body, BROKER_RUNTIME_KEYS);
    const caller = remoteIp(conn.remoteAddress);
    if (!update.ok) {
      ctx.log.warn("broker config update refused", { caller, refusal: update.refusal, reason: update.remark });
      throw new BrokerError(update.refusal === "path" || update.refusal === "secret" ? ResponseCode.NO_PERMISSION : ResponseCode.INVALID_PARAMETER, update.remark);
    }
    if (Object.keys(update.values).length === 0) return reply(ResponseCode.SUCCESS);
    writer.overrides.save(update.values);
    writer.apply(update.values);
    version.counter += 1;
    version.timestamp = Date.now();
    ctx.log.info("broker config updated", { caller, ...update.values, persistedTo: writer.overrides.file });
    return reply(ResponseCode.SUCCESS);
  };
}
