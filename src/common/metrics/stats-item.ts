// One of RocketMQ's StatsItems (BrokerStatsManager's on the broker, ConsumerStatsManager's in a client): a running value and the number of
// adds, sampled every 10 s (the last 7 samples: one minute), every 10 min (7: one hour) and every
// hour (25: one day). A snapshot of a window is the difference between its first and last sample:
//   sum   = last.value - first.value
//   tps   = sum * 1000 / (last.atMs - first.atMs)
//   avgpt = sum / (last.times - first.times)        (0 when nothing was added)
// The first sample of a window is preceded by a zero one a period earlier, as RocketMQ does, so a
// counter shows what it gathered since it was made once it has been sampled. add() only adds two
// numbers: it is what the hot path calls.

export interface StatsSnapshot {
  sum: number;
  tps: number;
  avgpt: number;
}

interface CallSnapshot {
  atMs: number;
  times: number;
  value: number;
}

/** Each window: how often it is sampled and how many samples it keeps. */
export const STATS_WINDOWS = {
  minute: { periodMs: 10_000, samplesMax: 7 },
  hour: { periodMs: 600_000, samplesMax: 7 },
  day: { periodMs: 3_600_000, samplesMax: 25 },
} as const;

export type StatsWindow = keyof typeof STATS_WINDOWS;

export class StatsItem {
  value = 0;
  times = 0;
  private readonly samples: Record<StatsWindow, CallSnapshot[]> = { minute: [], hour: [], day: [] };

  add(value: number, times: number): void {
    this.value += value;
    this.times += times;
  }

  sample(window: StatsWindow, nowMs: number): void {
    const list = this.samples[window];
    const { periodMs, samplesMax } = STATS_WINDOWS[window];
    if (list.length === 0) list.push({ atMs: nowMs - periodMs, times: 0, value: 0 });
    list.push({ atMs: nowMs, times: this.times, value: this.value });
    if (list.length > samplesMax) list.shift();
  }

  snapshot(window: StatsWindow): StatsSnapshot {
    const list = this.samples[window];
    const first = list[0];
    const last = list[list.length - 1];
    if (first === undefined || last === undefined) return { sum: 0, tps: 0, avgpt: 0 };
    const sum = last.value - first.value;
    const spanMs = last.atMs - first.atMs;
    const times = last.times - first.times;
    return { sum, tps: spanMs > 0 ? (sum * 1000) / spanMs : 0, avgpt: times > 0 ? sum / times : 0 };
  }
}

/** Samples every window now and then on its period (RocketMQ's StatsItemSet.init), on timers
 *  that do not keep the process alive; returns what stops them. */
export function startSampling(sample: (window: StatsWindow) => void): () => void {
  const timers = (Object.keys(STATS_WINDOWS) as StatsWindow[]).map((window) => {
    sample(window);
    const timer = setInterval(() => sample(window), STATS_WINDOWS[window].periodMs);
    timer.unref?.();
    return timer;
  });
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
