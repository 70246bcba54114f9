// Per-second rates over the last minute, for the rocketmq-exporter names whose Grafana
// dashboards read rates as gauges (rocketmq_producer_tps, rocketmq_consumer_tps, …; the exporter
// takes the broker's per-minute stats). Every sampleIntervalMs the cumulative totals are copied
// into a ring of windowMs / sampleIntervalMs + 1 samples; a rate is (total now - total at the
// oldest sample) / the time between. Scraping changes nothing, so two scrapers read the same.
// Nothing here runs on the send or pull path.

export interface Totals {
  /** Cumulative counts by series key, read when sampling and when scraping. */
  read(): Map<string, number>;
}

interface Sample {
  atMs: number;
  totals: Map<string, number>;
}

export const RATE_WINDOW_MS = 60_000;
export const RATE_SAMPLE_INTERVAL_MS = 10_000;

export class RateWindow {
  private readonly samples: Sample[] = [];
  private readonly samplesMax: number;

  constructor(
    private readonly totals: Totals,
    private readonly now: () => number = Date.now,
    windowMs = RATE_WINDOW_MS,
    sampleIntervalMs = RATE_SAMPLE_INTERVAL_MS,
  ) {
    this.samplesMax = Math.max(2, Math.ceil(windowMs / sampleIntervalMs) + 1);
    this.sample();
  }

  sample(): void {
    this.samples.push({ atMs: this.now(), totals: this.totals.read() });
    if (this.samples.length > this.samplesMax) this.samples.shift();
  }

  /** Per-second rate of every series over the window (0 before a second has passed). */
  rates(): Map<string, number> {
    const oldest = this.samples[0];
    const nowMs = this.now();
    const out = new Map<string, number>();
    const elapsedS = oldest === undefined ? 0 : (nowMs - oldest.atMs) / 1000;
    for (const [key, total] of this.totals.read()) {
      const from = oldest?.totals.get(key) ?? 0;
      out.set(key, elapsedS < 1 ? 0 : Math.max(0, total - from) / elapsedS);
    }
    return out;
  }
}
