// Handlers for the requests brokers send: REGISTER_BROKER, UNREGISTER_BROKER, QUERY_DATA_VERSION.
import {
  BrokerError,
  ResponseCode,
  NAMESPACE_ORDER_TOPIC_CONFIG,
  bodyCrc32,
  brokerIdentityExtFields,
  decodeDataVersion,
  decodeRegisterBrokerBody,
  encodeDataVersion,
  encodeKVTable,
  encodeQueryDataVersionResult,
  readBrokerIdentity,
  readRegisterBrokerHeader,
  registerBrokerResultExtFields,
} from "../common/index.ts";
import { reply, type Handler } from "../remoting/index.ts";
import type { NamesrvContext } from "./context.ts";

export function registerBroker(ctx: NamesrvContext): Handler {
  return (req, conn) => {
    const h = readRegisterBrokerHeader(req.extFields);
    if (h.bodyCrc32 !== 0 && req.body !== undefined && bodyCrc32(req.body) !== h.bodyCrc32) {
      throw new BrokerError(ResponseCode.SYSTEM_ERROR, "crc32 not match");
    }
    const body = req.body && req.body.length > 0 ? decodeBody(req.body, h.compressed) : undefined;
    const isNew = !ctx.registry.liveBrokerAddrs().includes(h.brokerAddr);
    const result = ctx.registry.registerBroker(h, body, conn);
    if (isNew) ctx.log.info("broker registered", { ...brokerIdentityExtFields(h), remote: conn.remoteAddress });
    const orderConf = ctx.kv.list(NAMESPACE_ORDER_TOPIC_CONFIG);
    return reply(ResponseCode.SUCCESS, {
      extFields: registerBrokerResultExtFields(result),
      body: orderConf ? encodeKVTable(orderConf) : undefined,
    });
  };
}

/** A body that does not decode is the sender's fault: SYSTEM_ERROR with why, as RocketMQ answers it. */
function decodeBody(body: Uint8Array, compressed: boolean): ReturnType<typeof decodeRegisterBrokerBody> {
  try {
    return decodeRegisterBrokerBody(body, compressed);
  } catch (err) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `malformed RegisterBrokerBody: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function unregisterBroker(ctx: NamesrvContext): Handler {
  return (req) => {
    const id = readBrokerIdentity(req.extFields);
    ctx.registry.unregisterBroker(id);
    ctx.log.info("broker unregistered", brokerIdentityExtFields(id));
    return reply(ResponseCode.SUCCESS);
  };
}

/** Tells a broker whether its topics changed since its last registration; refreshes it if not. */
export function queryDataVersion(ctx: NamesrvContext): Handler {
  return (req) => {
    const id = readBrokerIdentity(req.extFields);
    const changed = ctx.registry.isTopicConfigChanged(id.brokerAddr, decodeDataVersion(req.body));
    if (!changed) ctx.registry.touch(id.brokerAddr);
    const stored = ctx.registry.dataVersionOf(id.brokerAddr);
    return reply(ResponseCode.SUCCESS, {
      extFields: encodeQueryDataVersionResult(changed),
      body: stored ? encodeDataVersion(stored) : undefined,
    });
  };
}
