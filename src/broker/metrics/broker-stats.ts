// RocketMQ's BrokerStatsManager: named sets of StatsItems, keyed as RocketMQ keys them, behind
// VIEW_BROKER_STATS_DATA (mqadmin statsAll, the dashboard's charts). The names and keys:
//   TOPIC_PUT_NUMS   topic                messages stored (a batch adds its count, one time)
//   TOPIC_PUT_SIZE   topic                bytes stored
//   GROUP_GET_NUMS   topic@group          messages handed to the group by pulls
//   GROUP_GET_SIZE   topic@group          bytes handed to the group
//   GROUP_GET_LATENCY queueId@topic@group ms a pull spent reading the store
//   SNDBCK_PUT_NUMS  topic@group          messages the group sent back for retry
//   DLQ_PUT_NUMS     %DLQ%group           messages moved to a dead-letter queue
//   BROKER_PUT_NUMS  clusterName          messages stored on this broker
//   BROKER_GET_NUMS  clusterName          messages handed out by this broker
// Items are made on first use and kept (the callers hold them, so a message costs no lookup of
// its own); sample() runs on timers that do not keep the process alive.
import { startSampling, StatsItem, type StatsWindow } from "../../common/index.ts";

export const STATS_NAMES = [
  "TOPIC_PUT_NUMS", "TOPIC_PUT_SIZE", "GROUP_GET_NUMS", "GROUP_GET_SIZE", "GROUP_GET_LATENCY",
  "SNDBCK_PUT_NUMS", "DLQ_PUT_NUMS", "BROKER_PUT_NUMS", "BROKER_GET_NUMS",
] as const;

export type StatsName = (typeof STATS_NAMES)[number];

export class BrokerStats {
  private readonly sets = new Map<string, Map<string, StatsItem>>(STATS_NAMES.map((n) => [n, new Map()]));
  private stopSampling: (() => void) | undefined;
  /** BROKER_PUT_NUMS and BROKER_GET_NUMS, keyed by the cluster name. */
  readonly brokerPuts: StatsItem;
  readonly brokerGets: StatsItem;

  constructor(readonly clusterName: string, private readonly now: () => number = Date.now) {
    this.brokerPuts = this.item("BROKER_PUT_NUMS", clusterName);
    this.brokerGets = this.item("BROKER_GET_NUMS", clusterName);
  }

  /** The item, made when missing. */
  item(name: StatsName, key: string): StatsItem {
    const set = this.sets.get(name) as Map<string, StatsItem>;
    let it = set.get(key);
    if (it === undefined) set.set(key, (it = new StatsItem()));
    return it;
  }

  /** The item if it exists (VIEW_BROKER_STATS_DATA answers "not exist" otherwise). */
  find(name: string, key: string): StatsItem | undefined {
    return this.sets.get(name)?.get(key);
  }

  sample(window: StatsWindow): void {
    const at = this.now();
    for (const set of this.sets.values()) for (const it of set.values()) it.sample(window, at);
  }

  start(): void {
    this.stopSampling ??= startSampling((window) => this.sample(window));
  }

  close(): void {
    this.stopSampling?.();
    this.stopSampling = undefined;
  }

  /** Drops a deleted topic's items. */
  forgetTopic(topic: string): void {
    this.sets.get("TOPIC_PUT_NUMS")?.delete(topic);
    this.sets.get("TOPIC_PUT_SIZE")?.delete(topic);
    for (const name of ["GROUP_GET_NUMS", "GROUP_GET_SIZE", "SNDBCK_PUT_NUMS"]) {
      const set = this.sets.get(name);
      for (const key of [...(set?.keys() ?? [])]) if (key.startsWith(`${topic}@`)) set?.delete(key);
    }
  }
}
