// A consumer's own throughput, per topic (Java's ConsumerStatsManager), for the statusTable of
// GET_CONSUMER_RUNNING_INFO (mqadmin consumerStatus, the dashboard's client view):
//   pullRT       ms from a pull's request to its answer        minute avgpt
//   pullTPS      messages pulled                               minute tps
//   consumeRT    ms the listener took per batch                minute avgpt (hour's when the minute is empty)
//   consumeOKTPS messages consumed                             minute tps
//   consumeFailedTPS, consumeFailedMsgs  messages the listener failed   minute tps, hour sum
// Sampled on timers (start/close); recording adds two numbers to an item made once per topic.
import { startSampling, StatsItem, type StatsWindow } from "../common/index.ts";

interface TopicStats {
  pullRT: StatsItem;
  pullTPS: StatsItem;
  consumeRT: StatsItem;
  consumeOK: StatsItem;
  consumeFailed: StatsItem;
}

export interface ConsumeStatus {
  pullRT: number;
  pullTPS: number;
  consumeRT: number;
  consumeOKTPS: number;
  consumeFailedTPS: number;
  consumeFailedMsgs: number;
}

export class ConsumerStats {
  private readonly topics = new Map<string, TopicStats>();
  private stopSampling: (() => void) | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  private of(topic: string): TopicStats {
    let t = this.topics.get(topic);
    if (t === undefined) {
      t = { pullRT: new StatsItem(), pullTPS: new StatsItem(), consumeRT: new StatsItem(), consumeOK: new StatsItem(), consumeFailed: new StatsItem() };
      this.topics.set(topic, t);
    }
    return t;
  }

  pulled(topic: string, count: number, rtMs: number): void {
    const t = this.of(topic);
    t.pullRT.add(rtMs, 1);
    t.pullTPS.add(count, 1);
  }

  consumed(topic: string, ok: number, failed: number, rtMs: number): void {
    const t = this.of(topic);
    t.consumeRT.add(rtMs, 1);
    if (ok > 0) t.consumeOK.add(ok, 1);
    if (failed > 0) t.consumeFailed.add(failed, 1);
  }

  status(topic: string): ConsumeStatus {
    const t = this.of(topic);
    const rtMinute = t.consumeRT.snapshot("minute");
    return {
      pullRT: t.pullRT.snapshot("minute").avgpt,
      pullTPS: t.pullTPS.snapshot("minute").tps,
      consumeRT: rtMinute.sum === 0 ? t.consumeRT.snapshot("hour").avgpt : rtMinute.avgpt,
      consumeOKTPS: t.consumeOK.snapshot("minute").tps,
      consumeFailedTPS: t.consumeFailed.snapshot("minute").tps,
      consumeFailedMsgs: t.consumeFailed.snapshot("hour").sum,
    };
  }

  sample(window: StatsWindow): void {
    const at = this.now();
    for (const t of this.topics.values()) for (const item of Object.values(t)) item.sample(window, at);
  }

  start(): void {
    this.stopSampling ??= startSampling((window) => this.sample(window));
  }

  close(): void {
    this.stopSampling?.();
    this.stopSampling = undefined;
  }
}
