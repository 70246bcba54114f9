// Builders shared by the NameServer tests.
import type { RegisterBrokerBody, TopicConfig } from "../../src/common/index.ts";
import type { BrokerRegistration } from "../../src/namesrv/index.ts";

export function topic(name: string, queues = 4, perm = 6): TopicConfig {
  return {
    topicName: name, readQueueNums: queues, writeQueueNums: queues, perm,
    topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false,
  };
}

export function registerBody(counter: number, topics: TopicConfig[]): RegisterBrokerBody {
  return {
    topicConfigSerializeWrapper: {
      dataVersion: { timestamp: 1700000000000, counter },
      topicConfigTable: Object.fromEntries(topics.map((t) => [t.topicName, t])),
    },
    filterServerList: [],
  };
}

export function broker(name: string, id: number, addr: string, cluster = "DefaultCluster"): BrokerRegistration {
  return { brokerName: name, brokerAddr: addr, clusterName: cluster, brokerId: id, haServerAddr: addr.replace(/\d+$/, "10912") };
}

/** A clock the test moves by hand. */
export function manualClock(startMs = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** A stand-in for the connection a broker registered over. */
export function fakeChannel(id: number): { id: number; closed: boolean; close(): void } {
  return { id, closed: false, close() { this.closed = true; } };
}
