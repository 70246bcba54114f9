// Dashboard: message rates per broker over time. The console samples every broker's runtime info
// every sampleIntervalMs and keeps the last samplesMax samples (so the charts reach back as far
// as the console has run, as rocketmq-dashboard's do).
import { Hono } from "hono";
import type { AdminContext } from "../../admin/index.ts";
import { loadCluster } from "./cluster.ts";

export interface Sample {
  atMs: number;
  /** brokerName@addr → messages per second in and out. */
  brokers: Record<string, { putTps: number; getTps: number }>;
}

export const SAMPLE_INTERVAL_MS_DEFAULT = 10_000;
export const SAMPLES_MAX_DEFAULT = 360;

export class Sampler {
  private readonly samples: Sample[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly admin: AdminContext,
    private readonly samplesMax = SAMPLES_MAX_DEFAULT,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs = SAMPLE_INTERVAL_MS_DEFAULT): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One sample now; a cluster that cannot be read leaves a gap (no sample), not an error. */
  async sample(): Promise<void> {
    try {
      const rows = await loadCluster(this.admin);
      const brokers: Sample["brokers"] = {};
      for (const r of rows) if (r.error === undefined) brokers[`${r.brokerName}@${r.addr}`] = { putTps: r.putTps, getTps: r.getTps };
      this.samples.push({ atMs: this.now(), brokers });
      if (this.samples.length > this.samplesMax) this.samples.shift();
    } catch {
      // the name server is down or restarting: the chart shows the gap
    }
  }

  all(): readonly Sample[] {
    return this.samples;
  }
}

export function dashboardApi(sampler: Sampler): Hono {
  return new Hono().get("/", (c) => c.json({ samples: sampler.all() }));
}
