// What a producer or consumer shares with the cluster: one RemotingClient, the clientID, the
// route table (refreshed from the NameServer every pollNameServerIntervalMs), heartbeats to
// every known broker (every heartbeatBrokerIntervalMs), requests the brokers send to us, and a
// simplified latency-fault table: a broker whose connection closed or failed is avoided for
// sends during brokerIsolationMs.
//
// Contract: start() begins the timers and returns once; shutdown() stops them and closes every
// connection, after which calls reject with RemotingError "closed".
import { masterAddrOf, ResponseCode, type BrokerData, type HeartbeatData, type Logger, type TopicRouteData } from "../common/index.ts";
import { reply, RemotingClient, type Handler } from "../remoting/index.ts";
import { getRouteInfo, heartbeat } from "./broker-api.ts";
import { localIpv4, makeClientId } from "./client-id.ts";
import { isTransportError } from "./errors.ts";
import type { ResolvedClientOptions } from "./options.ts";
import { UniqIdGenerator } from "./uniq-id.ts";

export class ClientCore {
  readonly clientIp: string;
  readonly clientId: string;
  readonly remoting: RemotingClient;
  readonly uniqIds: UniqIdGenerator;
  readonly log: Logger;
  private readonly routes = new Map<string, TopicRouteData>();
  /** Route lookups under way, shared by every caller that asks meanwhile. */
  private readonly fetching = new Map<string, Promise<TopicRouteData | undefined>>();
  private readonly brokers = new Map<string, BrokerData>();
  /** masterAddrOf each known broker, worked out once per route update (every send asks). */
  private readonly masters = new Map<string, string | undefined>();
  private readonly isolatedUntilMs = new Map<string, number>();
  private readonly handlers = new Map<number, Handler>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private namesrvIndex = 0;
  private running = false;
  private heartbeatPending = false;

  constructor(
    readonly opts: ResolvedClientOptions,
    private readonly heartbeatData: (clientId: string) => HeartbeatData,
  ) {
    this.log = opts.logger.child("client");
    this.clientIp = opts.clientIp ?? localIpv4();
    this.clientId = makeClientId(this.clientIp, opts.instanceName);
    this.uniqIds = new UniqIdGenerator({ ip: this.clientIp, pid: process.pid, loaderHash: (Math.random() * 0x7fffffff) | 0 });
    this.remoting = new RemotingClient({
      log: opts.logger,
      serializeType: opts.serializeType,
      credentials: opts.credentials,
      onRequest: (req, conn) => this.serve(req, conn),
    });
    this.remoting.onClose((addr) => this.onConnectionClosed(addr));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.every(this.opts.pollNameServerIntervalMs, () => this.refreshRoutes());
    this.every(this.opts.heartbeatBrokerIntervalMs, () => this.sendHeartbeats());
  }

  shutdown(): void {
    this.running = false;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.remoting.close();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Handles a request brokers send on our connections (e.g. NOTIFY_CONSUMER_IDS_CHANGED). */
  onServerRequest(code: number, handler: Handler): void {
    this.handlers.set(code, handler);
  }

  /** The cached route, if any, without asking anyone. */
  cachedRoute(topic: string): TopicRouteData | undefined {
    return this.routes.get(topic);
  }

  /** The cached route, fetched from the NameServer when missing or when `refresh` is set. */
  async route(topic: string, refresh = false): Promise<TopicRouteData | undefined> {
    const cached = this.routes.get(topic);
    if (cached && !refresh) return cached;
    return (await this.fetchRoute(topic)) ?? cached;
  }

  /** Asks the NameServers in turn; undefined when the topic has no route. One lookup per topic at a time. */
  fetchRoute(topic: string): Promise<TopicRouteData | undefined> {
    const under = this.fetching.get(topic);
    if (under !== undefined) return under;
    const lookup = this.askNameServers(topic).finally(() => this.fetching.delete(topic));
    this.fetching.set(topic, lookup);
    return lookup;
  }

  private async askNameServers(topic: string): Promise<TopicRouteData | undefined> {
    let lastError: unknown;
    for (let tried = 0; tried < this.opts.namesrvAddrs.length; tried++) {
      const addr = this.opts.namesrvAddrs[this.namesrvIndex % this.opts.namesrvAddrs.length] as string;
      try {
        const route = await getRouteInfo(this.remoting, addr, topic, this.opts.requestTimeoutMs);
        if (route) this.remember(topic, route);
        return route;
      } catch (err) {
        lastError = err;
        if (!isTransportError(err)) throw err;
        this.namesrvIndex++;
      }
    }
    throw lastError;
  }

  /** Stores a route (also one derived from TBW102) and learns its brokers. A broker not known
   *  before gets a heartbeat right away, so it lists this client (producerConnection) before the
   *  next heartbeatBrokerIntervalMs. */
  remember(topic: string, route: TopicRouteData): void {
    this.routes.set(topic, route);
    let fresh = false;
    for (const b of route.brokerDatas) {
      const was = this.brokers.get(b.brokerName);
      // A new master (a failover) is tried at once, whatever its predecessor's failures.
      if (was !== undefined && masterAddrOf(was) !== masterAddrOf(b)) this.isolatedUntilMs.delete(b.brokerName);
      fresh ||= was === undefined;
      this.brokers.set(b.brokerName, b);
      this.masters.delete(b.brokerName);
    }
    if (fresh) this.heartbeatSoon();
  }

  /** HEART_BEAT to every known broker on the next turn (once, however many ask before it). */
  heartbeatSoon(): void {
    if (!this.running || this.heartbeatPending) return;
    this.heartbeatPending = true;
    setTimeout(() => {
      this.heartbeatPending = false;
      if (this.running) void this.sendHeartbeats();
    }, 0);
  }

  forget(topic: string): void {
    this.routes.delete(topic);
  }

  masterAddr(brokerName: string): string | undefined {
    if (this.masters.has(brokerName)) return this.masters.get(brokerName);
    const broker = this.brokers.get(brokerName);
    const addr = broker ? masterAddrOf(broker) : undefined;
    if (broker) this.masters.set(brokerName, addr);
    return addr;
  }

  /** Where to read a broker's queues (pull, offsets): node brokerId when the route has it (a pull
   *  the broker sent to its slave), else its master, or while the master is gone from the route,
   *  its lowest-id slave (RocketMQ's findBrokerAddressInSubscribe, not strict). */
  readAddr(brokerName: string, brokerId = 0): string | undefined {
    const suggested = brokerId !== 0 ? this.brokers.get(brokerName)?.brokerAddrs[String(brokerId)] : undefined;
    if (suggested !== undefined) return suggested;
    const master = this.masterAddr(brokerName);
    if (master !== undefined) return master;
    const addrs = this.brokers.get(brokerName)?.brokerAddrs ?? {};
    const ids = Object.keys(addrs).map(Number).sort((a, b) => a - b);
    return ids.length > 0 ? addrs[String(ids[0])] : undefined;
  }

  /** Every broker address known from routes (masters and slaves). */
  brokerAddrs(): string[] {
    return [...this.brokers.values()].flatMap((b) => Object.values(b.brokerAddrs));
  }

  isolate(brokerName: string): void {
    this.isolatedUntilMs.set(brokerName, Date.now() + this.opts.brokerIsolationMs);
  }

  isAvailable(brokerName: string): boolean {
    const until = this.isolatedUntilMs.get(brokerName);
    if (until === undefined) return true;
    if (Date.now() < until) return false;
    this.isolatedUntilMs.delete(brokerName);
    return true;
  }

  /** HEART_BEAT to every known broker; failures are logged, not thrown. */
  async sendHeartbeats(): Promise<void> {
    const data = this.heartbeatData(this.clientId);
    await Promise.all(
      this.brokerAddrs().map((addr) =>
        heartbeat(this.remoting, addr, data, this.opts.requestTimeoutMs).catch((err: unknown) =>
          this.log.warn("heartbeat failed", { broker: addr, error: String(err) }),
        ),
      ),
    );
  }

  private async refreshRoutes(): Promise<void> {
    await Promise.all(
      [...this.routes.keys()].map((topic) =>
        this.fetchRoute(topic).catch((err: unknown) => this.log.warn("route refresh failed", { topic, error: String(err) })),
      ),
    );
  }

  private every(intervalMs: number, task: () => Promise<void>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || !this.running) return;
      busy = true;
      void task().finally(() => (busy = false));
    }, intervalMs);
    this.timers.push(timer);
  }

  private serve: Handler = (req, conn) => {
    const handler = this.handlers.get(req.code);
    if (handler) return handler(req, conn);
    return reply(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: `request type ${req.code} not supported` });
  };

  private onConnectionClosed(addr: string): void {
    if (!this.running) return;
    for (const broker of this.brokers.values()) {
      if (Object.values(broker.brokerAddrs).includes(addr)) {
        this.log.info("broker connection closed; avoiding it for a while", { broker: broker.brokerName, addr });
        this.isolate(broker.brokerName);
      }
    }
  }
}
