// KVTable {"table":{"k":"v"}}: GET_KVLIST_BY_NAMESPACE (219), the REGISTER_BROKER reply
// (namespace ORDER_TOPIC_CONFIG) and GET_BROKER_RUNTIME_INFO (28). All values are strings.
import { parseBody, utf8 } from "./fastjson.ts";
import { asFields, stringMap } from "./shape.ts";

export type KVTable = Record<string, string>;

/** The KV namespace holding per-topic order configs, "brokerA:4;brokerB:4". */
export const NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

export const encodeKVTable = (table: KVTable): Uint8Array => utf8(JSON.stringify({ table }));

export const decodeKVTable = (bytes: Uint8Array | undefined): KVTable =>
  stringMap(asFields(parseBody(bytes), "KVTable"), "table");
