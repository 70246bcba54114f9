// Keeps the broker known to every NameServer (RocketMQ's registerBrokerAll):
// - REGISTER_BROKER to each address in namesrvAddr (";"-separated), in parallel, at start, every
//   periodMs, and soon after each topic change (changes arriving together make one round);
// - UNREGISTER_BROKER to each at stop.
// A NameServer that does not answer is logged and tried again next round; it never fails the
// broker. The body is the whole topic table with its data version (remoting-protocol.md §4.4).
import {
  brokerIdentityExtFields,
  encodeRegisterBrokerBody,
  bodyCrc32,
  PERM_READ_WRITE,
  readRegisterBrokerResult,
  registerBrokerExtFields,
  RequestCode,
  ResponseCode,
  type BrokerIdentity,
  type DataVersion,
  type Logger,
  type RegisterBrokerResult,
  type TopicConfig,
} from "../../common/index.ts";
import { request, type RemotingClient } from "../../remoting/index.ts";
import type { TopicTable } from "../context.ts";

export interface RegistrarOptions {
  namesrvAddr: string;
  identity: BrokerIdentity;
  haServerAddr: string;
  /** registerNameServerPeriod; clamped to [REGISTER_PERIOD_MS_MIN, REGISTER_PERIOD_MS_MAX]. */
  periodMs: number;
  timeoutMs?: number;
  brokerPermission: number;
  topics: TopicTable;
  dataVersion: () => DataVersion;
  client: RemotingClient;
  log: Logger;
  /** Each NameServer's answer (a slave learns its master's addresses from it). */
  onRegistered?: (namesrvAddr: string, result: RegisterBrokerResult) => void;
}

/** RocketMQ clamps to 10 s..60 s; mq allows 1 s so tests can watch re-registration. */
export const REGISTER_PERIOD_MS_MIN = 1000;
export const REGISTER_PERIOD_MS_MAX = 60_000;
/** registerBrokerTimeoutMills in RocketMQ 4.9.8. */
const REGISTER_TIMEOUT_MS_DEFAULT = 6000;
const UNREGISTER_TIMEOUT_MS = 3000;

export const splitNamesrvAddr = (addr: string): string[] =>
  addr.split(";").map((a) => a.trim()).filter((a) => a.length > 0);

export class Registrar {
  private readonly namesrvs: string[];
  private timer: ReturnType<typeof setInterval> | undefined;
  private round: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private started = false;

  constructor(private readonly o: RegistrarOptions) {
    this.namesrvs = splitNamesrvAddr(o.namesrvAddr);
  }

  get periodMs(): number {
    return Math.max(REGISTER_PERIOD_MS_MIN, Math.min(this.o.periodMs, REGISTER_PERIOD_MS_MAX));
  }

  /** Registers once (resolving when every NameServer answered or failed), then periodically. */
  async start(): Promise<void> {
    this.started = true;
    await this.registerSoon();
    this.timer = setInterval(() => void this.registerSoon(), this.periodMs);
  }

  /** Asks for a registration round that sees the topic table as it is now: starts one, or
   *  queues one behind the round already running (all callers meanwhile share it). */
  registerSoon(): Promise<void> {
    if (!this.started || this.namesrvs.length === 0) return Promise.resolve();
    if (this.queued !== undefined) return this.queued;
    if (this.round === undefined) return this.begin();
    this.queued = this.round.then(() => {
      this.queued = undefined;
      return this.started ? this.begin() : undefined;
    });
    return this.queued;
  }

  /** Stops the rounds and unregisters from every NameServer. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.timer);
    await (this.queued ?? this.round);
    await Promise.allSettled(this.namesrvs.map((addr) => this.unregister(addr)));
  }

  private begin(): Promise<void> {
    const round: Promise<void> = this.registerAll().finally(() => {
      if (this.round === round) this.round = undefined;
    });
    this.round = round;
    return round;
  }

  private async registerAll(): Promise<void> {
    const body = encodeRegisterBrokerBody(
      {
        topicConfigSerializeWrapper: { dataVersion: this.o.dataVersion(), topicConfigTable: this.topicTable() },
        filterServerList: [],
      },
      false,
    );
    const header = registerBrokerExtFields({
      ...this.o.identity,
      haServerAddr: this.o.haServerAddr,
      compressed: false,
      bodyCrc32: bodyCrc32(body),
    });
    await Promise.allSettled(this.namesrvs.map((addr) => this.registerTo(addr, header, body)));
  }

  private async registerTo(addr: string, header: ReturnType<typeof registerBrokerExtFields>, body: Uint8Array) {
    try {
      const cmd = request(RequestCode.REGISTER_BROKER, header, body);
      const res = await this.o.client.invoke(addr, cmd, this.o.timeoutMs ?? REGISTER_TIMEOUT_MS_DEFAULT);
      if (res.code !== ResponseCode.SUCCESS) {
        this.o.log.warn("name server refused the registration", { namesrv: addr, code: res.code, remark: res.remark });
        return;
      }
      this.o.onRegistered?.(addr, readRegisterBrokerResult(res.extFields));
    } catch (e) {
      this.o.log.warn("registration with the name server failed", { namesrv: addr, error: String(e) });
    }
  }

  private async unregister(addr: string): Promise<void> {
    try {
      const cmd = request(RequestCode.UNREGISTER_BROKER, brokerIdentityExtFields(this.o.identity));
      await this.o.client.invoke(addr, cmd, UNREGISTER_TIMEOUT_MS);
    } catch (e) {
      this.o.log.warn("unregistration from the name server failed", { namesrv: addr, error: String(e) });
    }
  }

  /** Every topic; a broker that is not read-write announces its own perm on each (draining). */
  private topicTable(): Record<string, TopicConfig> {
    const table: Record<string, TopicConfig> = {};
    const perm = this.o.brokerPermission;
    const override = (perm & PERM_READ_WRITE) !== PERM_READ_WRITE;
    for (const t of this.o.topics.all()) table[t.topicName] = override ? { ...t, perm } : t;
    return table;
  }
}
