// The NameServer's configuration over the wire, and the guard on the codes that change it.
//   code                      request                  reply
//   GET_NAMESRV_CONFIG 319    -                        body: .properties text ("key=value" lines, sorted; secrets left out)
//   UPDATE_NAMESRV_CONFIG 318 body: .properties text   SUCCESS; a path-like key (configStorePath, kvConfigPath …):
//                                                      NO_PERMISSION "Can not update config in black list." as
//                                                      RocketMQ; unknown, start-only or bad values: INVALID_PARAMETER
// Only NAMESRV_RUNTIME_KEYS change at run time; a change is persisted to configStorePath (fixed at
// start) and applied again at the next start.
import { checkConfigUpdate, isSecretKey, type ConfigValue, type RuntimeOverrides } from "../common/config/index.ts";
import { adminRefusal, allowedAdminCaller, BrokerError, remoteIp, ResponseCode, utf8 } from "../common/index.ts";
import { reply, type Handler } from "../remoting/index.ts";
import type { NamesrvContext } from "./context.ts";

/** The keys the NameServer reads on every request or scan. */
export const NAMESRV_RUNTIME_KEYS: readonly string[] = ["orderMessageEnable", "brokerChannelExpiredTime"];

export interface NamesrvConfigAccess {
  /** The options as they are now (configuration, then run-time changes). */
  current(): Readonly<Record<string, unknown>>;
  apply(values: Readonly<Record<string, ConfigValue>>): void;
  /** Absent: changes last until the NameServer stops. */
  overrides?: RuntimeOverrides;
}

export function getNamesrvConfig(access: NamesrvConfigAccess): Handler {
  return () => {
    const options = access.current();
    const lines = Object.keys(options).sort().flatMap((key) => {
      const value = options[key];
      const shown = !isSecretKey(key) && (typeof value === "string" || typeof value === "number" || typeof value === "boolean");
      return shown ? [`${key}=${String(value)}`] : [];
    });
    return reply(ResponseCode.SUCCESS, { body: utf8(`${lines.join("\n")}\n`) });
  };
}

export function updateNamesrvConfig(ctx: NamesrvContext, access: NamesrvConfigAccess): Handler {
  return (req, conn) => {
    const update = checkConfigUpdate("namesrv", req.body === undefined ? "" : new TextDecoder().decode(req.body), NAMESRV_RUNTIME_KEYS);
    const caller = remoteIp(conn.remoteAddress);
    if (!update.ok) {
      ctx.log.warn("name server config update refused", { caller, refusal: update.refusal, reason: update.remark });
      throw new BrokerError(update.refusal === "path" || update.refusal === "secret" ? ResponseCode.NO_PERMISSION : ResponseCode.INVALID_PARAMETER, update.remark);
    }
    if (Object.keys(update.values).length === 0) return reply(ResponseCode.SUCCESS);
    access.overrides?.save(update.values);
    access.apply(update.values);
    ctx.log.info("name server config updated", { caller, ...update.values, persistedTo: access.overrides?.file ?? "(memory only)" });
    return reply(ResponseCode.SUCCESS);
  };
}

/** Changing codes from callers other than this machine and adminAllowedAddresses: NO_PERMISSION. */
export function guardedNamesrv(allowedAddresses: string | undefined, handler: Handler): Handler {
  const allowed = allowedAdminCaller(allowedAddresses);
  return (req, conn) => {
    const ip = remoteIp(conn.remoteAddress);
    if (!allowed(ip)) throw new BrokerError(ResponseCode.NO_PERMISSION, adminRefusal("name server", req.code, ip));
    return handler(req, conn);
  };
}
