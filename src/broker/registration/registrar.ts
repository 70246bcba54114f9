// Keeps the broker known to every NameServer (RocketMQ's registerBrokerAll):
// - REGISTER_BROKER to each address in namesrvAddr (";"-separated), in parallel, at start, every
//   periodMs, and soon after each topic change (changes arriving together make one round);
// - UNREGISTER_BROKER to each at stop.
// Each NameServer has its own lane (one round in flight, at most one queued behind it), so one
// that does not answer delays no other's registration; it is logged and tried again next round,
// and never fails the broker. The body is the whole topic table with its data version
// (remoting-protocol.md §4.4), encoded once per data version.
import {
  brokerIdentityExtFields,
  encodeRegisterBrokerBody,
  bodyCrc32,
  parseNamesrvAddrs,
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

/** namesrvAddr as the tools read -n: a host without a port means 9876; a malformed entry throws. */
export const splitNamesrvAddr = (addr: string): string[] => parseNamesrvAddrs(addr);

/** One NameServer's registration rounds: the one in flight and the one queued behind it. */
interface Lane {
  readonly addr: string;
  round: Promise<void> | undefined;
  queued: Promise<void> | undefined;
}

type RegisterRequest = { header: ReturnType<typeof registerBrokerExtFields>; body: Uint8Array };

export class Registrar {
  private readonly lanes: Lane[];
  private timer: ReturnType<typeof setInterval> | undefined;
  private started = false;
  private encoded: { version: string; request: RegisterRequest } | undefined;

  constructor(private readonly o: RegistrarOptions) {
    this.lanes = splitNamesrvAddr(o.namesrvAddr).map((addr) => ({ addr, round: undefined, queued: undefined }));
  }

  get periodMs(): number {
    return Math.max(REGISTER_PERIOD_MS_MIN, Math.min(this.o.periodMs, REGISTER_PERIOD_MS_MAX));
  }

  /** Registers once (resolving when every NameServer answered or failed), then periodically. */
  async start(): Promise<void> {
    this.started = true;
    await this.registerSoon();
    if (!this.started) return; // stopped while the first round ran
    this.timer = setInterval(() => void this.registerSoon(), this.periodMs);
  }

  /** Asks every NameServer's lane for a round that sees the topic table as it is now: starts one,
   *  or queues one behind the round already running (all callers meanwhile share it). Resolves
   *  when every NameServer answered or failed; never rejects. */
  async registerSoon(): Promise<void> {
    if (!this.started) return;
    await Promise.all(this.lanes.map((lane) => this.soon(lane)));
  }

  /** Stops the rounds and unregisters from every NameServer. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.timer);
    await Promise.all(this.lanes.map((lane) => lane.queued ?? lane.round));
    await Promise.allSettled(this.lanes.map((lane) => this.unregister(lane.addr)));
  }

  private soon(lane: Lane): Promise<void> {
    if (lane.queued !== undefined) return lane.queued;
    if (lane.round === undefined) return this.begin(lane);
    lane.queued = lane.round.then(() => {
      lane.queued = undefined;
      return this.started ? this.begin(lane) : undefined;
    });
    return lane.queued;
  }

  private begin(lane: Lane): Promise<void> {
    const round: Promise<void> = this.registerTo(lane.addr, this.request()).finally(() => {
      if (lane.round === round) lane.round = undefined;
    });
    lane.round = round;
    return round;
  }

  /** The REGISTER_BROKER header and body for the table as it is now (re-encoded when its data version moved). */
  private request(): RegisterRequest {
    const dataVersion = this.o.dataVersion();
    const version = JSON.stringify(dataVersion);
    if (this.encoded?.version === version) return this.encoded.request;
    const body = encodeRegisterBrokerBody(
      { topicConfigSerializeWrapper: { dataVersion, topicConfigTable: this.topicTable() }, filterServerList: [] },
      false,
    );
    const header = registerBrokerExtFields({
      ...this.o.identity,
      haServerAddr: this.o.haServerAddr,
      compressed: false,
      bodyCrc32: bodyCrc32(body),
    });
    this.encoded = { version, request: { header, body } };
    return this.encoded.request;
  }

  private async registerTo(addr: string, { header, body }: RegisterRequest): Promise<void> {
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
