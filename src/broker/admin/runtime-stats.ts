// Counters behind GET_BROKER_RUNTIME_INFO that need history: TPS over 10 s, 1 min and 10 min,
// and the put/get totals at the start of today and yesterday (local time). One sample a second,
// at most SAMPLES_MAX kept; the timer does not keep the process alive.
import type { MessageStore } from "../../store/index.ts";

interface Sample {
  atMs: number;
  puts: number;
  gets: number;
}

const SAMPLE_INTERVAL_MS = 1000;
const SAMPLES_MAX = 601;
const TPS_WINDOWS_S = [10, 60, 600];

export class RuntimeStats {
  private readonly samples: Sample[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private day: string;
  readonly morning = { putToday: 0, putYesterday: 0, getToday: 0, getYesterday: 0 };

  constructor(
    private readonly store: Pick<MessageStore, "runtimeInfo">,
    private readonly now: () => number = Date.now,
  ) {
    this.day = new Date(now()).toDateString();
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    this.timer.unref?.();
  }

  close(): void {
    clearInterval(this.timer);
  }

  sample(): void {
    const info = this.store.runtimeInfo();
    const s = { atMs: this.now(), puts: info.putMessageTimesTotal, gets: info.getMessageTimesTotal };
    this.samples.push(s);
    if (this.samples.length > SAMPLES_MAX) this.samples.shift();
    const day = new Date(s.atMs).toDateString();
    if (day !== this.day) {
      this.day = day;
      this.morning.putYesterday = this.morning.putToday;
      this.morning.getYesterday = this.morning.getToday;
      this.morning.putToday = s.puts;
      this.morning.getToday = s.gets;
    }
  }

  /** "tps10s tps60s tps600s" with two decimals, as RocketMQ prints putTps. */
  tps(which: "puts" | "gets"): string {
    const info = this.store.runtimeInfo();
    const latest = { atMs: this.now(), count: which === "puts" ? info.putMessageTimesTotal : info.getMessageTimesTotal };
    return TPS_WINDOWS_S.map((windowS) => {
      const from = this.sampleAtOrBefore(latest.atMs - windowS * 1000);
      if (from === undefined || latest.atMs <= from.atMs) return "0.00";
      return (((latest.count - from[which]) * 1000) / (latest.atMs - from.atMs)).toFixed(2);
    }).join(" ");
  }

  /** The newest sample taken at or before atMs, else the oldest one. */
  private sampleAtOrBefore(atMs: number): Sample | undefined {
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const s = this.samples[i];
      if (s !== undefined && s.atMs <= atMs) return s;
    }
    return this.samples[0];
  }
}
