// Options of the producer and consumers, with Java's defaults. Every interval is an option so
// tests can shorten them; each is resolved once in the constructor.
import { parseNamesrvAddrs, silentLogger, type Logger } from "../common/index.ts";
import { SerializeType, type Credentials } from "../remoting/index.ts";

/** How request headers are written: RocketMQ's binary header (every broker reads both) or JSON. */
export type HeaderSerialization = "ROCKETMQ" | "JSON";

export interface ClientOptions {
  /** NameServer addresses, "host:port", as a list or ";"-separated; a host alone means port 9876. */
  namesrvAddr: string | string[];
  /** Makes the clientID stable: ip@instanceName (default pid#nanotime). */
  instanceName?: string;
  /** The IPv4 address put into clientIDs and UNIQ_KEYs (default: first non-internal address). */
  clientIp?: string;
  /** Route refresh from the NameServer (Java pollNameServerInterval). */
  pollNameServerIntervalMs?: number;
  /** HEART_BEAT to every broker (Java heartbeatBrokerInterval). */
  heartbeatBrokerIntervalMs?: number;
  /** Timeout of NameServer and administrative broker calls. */
  requestTimeoutMs?: number;
  /** How long a broker whose connection closed or failed is avoided for sends. */
  brokerIsolationMs?: number;
  /** Request header serialization (default "ROCKETMQ", the cheaper one to write and read). */
  serializeType?: HeaderSerialization;
  /** ACL credentials (Java's SessionCredentials): every request is signed when both are given. */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  logger?: Logger;
}

export interface ResolvedClientOptions {
  namesrvAddrs: string[];
  instanceName: string | undefined;
  clientIp: string | undefined;
  pollNameServerIntervalMs: number;
  heartbeatBrokerIntervalMs: number;
  requestTimeoutMs: number;
  brokerIsolationMs: number;
  serializeType: SerializeType;
  credentials: Credentials | undefined;
  logger: Logger;
}

export function resolveClientOptions(opts: ClientOptions): ResolvedClientOptions {
  const namesrvAddrs = parseNamesrvAddrs(opts.namesrvAddr);
  if (namesrvAddrs.length === 0) throw new Error("namesrvAddr names no NameServer");
  return {
    namesrvAddrs,
    instanceName: opts.instanceName,
    clientIp: opts.clientIp,
    pollNameServerIntervalMs: positive(opts.pollNameServerIntervalMs, 30_000, "pollNameServerIntervalMs"),
    heartbeatBrokerIntervalMs: positive(opts.heartbeatBrokerIntervalMs, 30_000, "heartbeatBrokerIntervalMs"),
    requestTimeoutMs: positive(opts.requestTimeoutMs, 3_000, "requestTimeoutMs"),
    brokerIsolationMs: positive(opts.brokerIsolationMs, 30_000, "brokerIsolationMs"),
    serializeType: serializationOf(opts.serializeType),
    credentials: credentialsOf(opts),
    logger: opts.logger ?? silentLogger,
  };
}

/** A number option: the default when absent; it must be positive (or zero when allowZero). */
export function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new Error(`${name} must be a positive number, got ${value}`);
  }
  return value;
}

function serializationOf(name: HeaderSerialization | undefined): SerializeType {
  if (name === undefined || name === "ROCKETMQ") return SerializeType.ROCKETMQ;
  if (name === "JSON") return SerializeType.JSON;
  throw new Error(`serializeType must be "ROCKETMQ" or "JSON", got ${String(name)}`);
}

/** Both keys, or neither (then nothing is signed). */
export function credentialsOf(o: Pick<ClientOptions, "accessKey" | "secretKey" | "securityToken">): Credentials | undefined {
  const has = (v: string | undefined) => v !== undefined && v !== "";
  if (!has(o.accessKey) && !has(o.secretKey)) return undefined;
  if (!has(o.accessKey) || !has(o.secretKey)) {
    throw new Error("ACL credentials need both accessKey and secretKey (or neither, to send unsigned requests)");
  }
  const credentials: Credentials = { accessKey: o.accessKey!, secretKey: o.secretKey! };
  if (has(o.securityToken)) credentials.securityToken = o.securityToken;
  return credentials;
}
