// The NameServer's whole state: which brokers are alive, which topics they serve, and which
// cluster they belong to (RocketMQ's RouteInfoManager). Pure and synchronous: it sees no sockets,
// only a BrokerChannel handle it may close, and a clock, so tests drive it directly.
//
// Invariants, kept by every method:
//   - every brokerName in a cluster set has a BrokerEntry, and its entry has at least one address;
//   - a topic appears only while it has queue data for at least one brokerName;
//   - each broker address appears under at most one brokerId.
import {
  MASTER_ID,
  sameDataVersion,
  type BrokerData,
  type BrokerIdentity,
  type ClusterInfo,
  type DataVersion,
  type QueueData,
  type RegisterBrokerBody,
  type RegisterBrokerResult,
  type TopicList,
  type TopicRouteData,
} from "../common/index.ts";

/** The connection a broker registered over; closed when the broker expires. */
export interface BrokerChannel {
  readonly id: number;
  close(): void;
}

export interface BrokerRegistration extends BrokerIdentity {
  haServerAddr: string;
}

interface BrokerLive {
  lastUpdateMs: number;
  dataVersion: DataVersion;
  haServerAddr: string;
  channel: BrokerChannel | undefined;
}

interface BrokerEntry {
  cluster: string;
  brokerName: string;
  addrs: Map<number, string>;
}

export class RouteRegistry {
  /** topic -> brokerName -> queue data */
  private readonly topicQueues = new Map<string, Map<string, QueueData>>();
  /** brokerName -> addresses by brokerId */
  private readonly brokers = new Map<string, BrokerEntry>();
  /** cluster -> brokerNames */
  private readonly clusters = new Map<string, Set<string>>();
  /** brokerAddr -> liveness */
  private readonly live = new Map<string, BrokerLive>();
  private readonly filterServers = new Map<string, string[]>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /**
   * Records a broker and, for a master whose DataVersion changed (or that is new), its topics.
   * A slave learns its master's address and HA address from the result.
   */
  registerBroker(reg: BrokerRegistration, body: RegisterBrokerBody | undefined, channel?: BrokerChannel): RegisterBrokerResult {
    let names = this.clusters.get(reg.clusterName);
    if (!names) this.clusters.set(reg.clusterName, (names = new Set()));
    names.add(reg.brokerName);

    let entry = this.brokers.get(reg.brokerName);
    let firstRegistration = !entry;
    if (!entry) {
      entry = { cluster: reg.clusterName, brokerName: reg.brokerName, addrs: new Map() };
      this.brokers.set(reg.brokerName, entry);
    }
    // A slave switched to master (or back) re-registers the same address under a new id.
    for (const [id, addr] of entry.addrs) if (addr === reg.brokerAddr && id !== reg.brokerId) entry.addrs.delete(id);
    firstRegistration = entry.addrs.get(reg.brokerId) === undefined || firstRegistration;
    entry.addrs.set(reg.brokerId, reg.brokerAddr);

    const wrapper = body?.topicConfigSerializeWrapper;
    if (wrapper && reg.brokerId === MASTER_ID) {
      if (firstRegistration || this.isTopicConfigChanged(reg.brokerAddr, wrapper.dataVersion)) {
        for (const t of Object.values(wrapper.topicConfigTable)) {
          this.putQueueData(t.topicName, {
            brokerName: reg.brokerName,
            readQueueNums: t.readQueueNums,
            writeQueueNums: t.writeQueueNums,
            perm: t.perm,
            topicSysFlag: t.topicSysFlag,
          });
        }
      }
    }
    this.live.set(reg.brokerAddr, {
      lastUpdateMs: this.nowMs(),
      dataVersion: wrapper?.dataVersion ?? { timestamp: 0, counter: 0 },
      haServerAddr: reg.haServerAddr,
      channel,
    });
    const filters = body?.filterServerList ?? [];
    if (filters.length > 0) this.filterServers.set(reg.brokerAddr, filters);
    else this.filterServers.delete(reg.brokerAddr);

    if (reg.brokerId === MASTER_ID) return {};
    const masterAddr = entry.addrs.get(MASTER_ID);
    const master = masterAddr === undefined ? undefined : this.live.get(masterAddr);
    return master ? { masterAddr, haServerAddr: master.haServerAddr } : {};
  }

  unregisterBroker(id: BrokerIdentity): void {
    this.live.delete(id.brokerAddr);
    this.filterServers.delete(id.brokerAddr);
    this.removeAddress(id.brokerName, id.brokerAddr);
  }

  /** True when the broker is unknown or its topics' DataVersion differs from the one stored. */
  isTopicConfigChanged(brokerAddr: string, version: DataVersion): boolean {
    const live = this.live.get(brokerAddr);
    return !live || !sameDataVersion(live.dataVersion, version);
  }

  dataVersionOf(brokerAddr: string): DataVersion | undefined {
    return this.live.get(brokerAddr)?.dataVersion;
  }

  /** Refreshes a broker's liveness without a full registration (QUERY_DATA_VERSION). */
  touch(brokerAddr: string): void {
    const live = this.live.get(brokerAddr);
    if (live) live.lastUpdateMs = this.nowMs();
  }

  /** Drops every broker that registered over this connection; returns their addresses. */
  removeByChannel(channelId: number): string[] {
    const gone = [...this.live].filter(([, l]) => l.channel?.id === channelId).map(([addr]) => addr);
    for (const addr of gone) this.removeBrokerAddr(addr);
    return gone;
  }

  /** Drops brokers silent for longer than expiredMs and closes their channels; returns their addresses. */
  removeExpired(expiredMs: number): string[] {
    const deadline = this.nowMs() - expiredMs;
    const gone = [...this.live].filter(([, l]) => l.lastUpdateMs < deadline);
    for (const [addr, l] of gone) {
      l.channel?.close();
      this.removeBrokerAddr(addr);
    }
    return gone.map(([addr]) => addr);
  }

  /** The route of a topic, or undefined when no live broker serves it. */
  route(topic: string): TopicRouteData | undefined {
    const queues = this.topicQueues.get(topic);
    if (!queues) return undefined;
    const brokerDatas: BrokerData[] = [];
    const filterServerTable: Record<string, string[]> = {};
    for (const name of queues.keys()) {
      const entry = this.brokers.get(name);
      if (!entry) continue;
      const data = brokerDataOf(entry);
      brokerDatas.push(data);
      for (const addr of Object.values(data.brokerAddrs)) {
        const filters = this.filterServers.get(addr);
        if (filters) filterServerTable[addr] = [...filters];
      }
    }
    if (brokerDatas.length === 0) return undefined;
    return { queueDatas: [...queues.values()].map((q) => ({ ...q })), brokerDatas, filterServerTable };
  }

  clusterInfo(): ClusterInfo {
    const brokerAddrTable: Record<string, BrokerData> = {};
    for (const [name, entry] of this.brokers) brokerAddrTable[name] = brokerDataOf(entry);
    const clusterAddrTable: Record<string, string[]> = {};
    for (const [cluster, names] of this.clusters) clusterAddrTable[cluster] = [...names];
    return { brokerAddrTable, clusterAddrTable };
  }

  allTopics(): string[] {
    return [...this.topicQueues.keys()];
  }

  /** Topics with queues on at least one broker of the cluster. */
  topicsOfCluster(cluster: string): string[] {
    const names = this.clusters.get(cluster) ?? new Set<string>();
    return [...this.topicQueues].filter(([, queues]) => [...queues.keys()].some((n) => names.has(n))).map(([t]) => t);
  }

  /**
   * RocketMQ's "system topics": every cluster name and broker name (each broker also serves a
   * topic of that name), plus the address of some broker to ask for the rest.
   */
  systemTopics(): TopicList {
    const topicList: string[] = [];
    for (const [cluster, names] of this.clusters) topicList.push(cluster, ...names);
    const first = this.brokers.values().next().value;
    const brokerAddr = first ? first.addrs.values().next().value : undefined;
    return brokerAddr === undefined ? { topicList } : { topicList, brokerAddr };
  }

  /** Addresses of the brokers currently considered alive. */
  liveBrokerAddrs(): string[] {
    return [...this.live.keys()];
  }

  putQueueData(topic: string, queue: QueueData): void {
    let queues = this.topicQueues.get(topic);
    if (!queues) this.topicQueues.set(topic, (queues = new Map()));
    queues.set(queue.brokerName, queue);
  }

  /** Removes a topic's queue data from every broker, or only from one cluster's brokers. */
  deleteTopic(topic: string, cluster?: string): void {
    const queues = this.topicQueues.get(topic);
    if (!queues) return;
    if (cluster === undefined) {
      this.topicQueues.delete(topic);
      return;
    }
    for (const name of this.clusters.get(cluster) ?? []) queues.delete(name);
    if (queues.size === 0) this.topicQueues.delete(topic);
  }

  /** Clears (or sets) the WRITE bit of every queue the broker serves; returns how many topics changed. */
  setWritePerm(brokerName: string, writable: boolean, writeBit: number): number {
    let count = 0;
    for (const queues of this.topicQueues.values()) {
      const q = queues.get(brokerName);
      if (!q) continue;
      q.perm = writable ? q.perm | writeBit : q.perm & ~writeBit;
      count++;
    }
    return count;
  }

  private removeBrokerAddr(addr: string): void {
    this.live.delete(addr);
    this.filterServers.delete(addr);
    for (const entry of [...this.brokers.values()]) {
      if ([...entry.addrs.values()].includes(addr)) this.removeAddress(entry.brokerName, addr);
    }
  }

  /** Removes one address; the last one takes the brokerName out of its cluster and every topic. */
  private removeAddress(brokerName: string, addr: string): void {
    const entry = this.brokers.get(brokerName);
    if (!entry) return;
    for (const [id, a] of entry.addrs) if (a === addr) entry.addrs.delete(id);
    if (entry.addrs.size > 0) return;
    this.brokers.delete(brokerName);
    const names = this.clusters.get(entry.cluster);
    names?.delete(brokerName);
    if (names?.size === 0) this.clusters.delete(entry.cluster);
    for (const [topic, queues] of this.topicQueues) {
      queues.delete(brokerName);
      if (queues.size === 0) this.topicQueues.delete(topic);
    }
  }
}

function brokerDataOf(entry: BrokerEntry): BrokerData {
  const brokerAddrs: Record<string, string> = {};
  for (const [id, addr] of entry.addrs) brokerAddrs[String(id)] = addr;
  return { cluster: entry.cluster, brokerName: entry.brokerName, brokerAddrs };
}
