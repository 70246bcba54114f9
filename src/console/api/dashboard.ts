// Dashboard: message rates per broker and per topic over time. The console samples every broker's
// runtime info, and the stored offsets of up to TOPICS_SAMPLED_MAX normal topics (their rate is
// the growth since the previous sample), every sampleIntervalMs, and keeps the last samplesMax
// samples (so the charts reach back as far as the console has run, as rocketmq-dashboard's do).
import { Hono } from "hono";
import { topicStatus, type AdminContext } from "../../admin/index.ts";
import { loadCluster } from "./cluster.ts";
import { loadTopics } from "./topics.ts";

export interface Sample {
  atMs: number;
  /** brokerName@addr → messages per second in and out. */
  brokers: Record<string, { putTps: number; getTps: number }>;
  /** topic → messages stored per second since the previous sample (absent in the first). */
  topics: Record<string, number>;
}

/** Topics whose rates are charted: the first, by name, of the normal ones (each costs a request a broker). */
export const TOPICS_SAMPLED_MAX = 16;

export const SAMPLE_INTERVAL_MS_DEFAULT = 10_000;
export const SAMPLES_MAX_DEFAULT = 360;

export class Sampler {
  private readonly samples: Sample[] = [];
  /** Stored messages per topic (sum of max offsets) at the previous sample. */
  private stored = new Map<string, { atMs: number; messages: number }>();
  private timer: ReturnType<typeof setInterval> | undefined;

  private readonly adminOf: () => AdminContext;

  /** admin: what it reads with, or a function giving it at each sample (a login's, with ACL on). */
  constructor(
    admin: AdminContext | (() => AdminContext),
    private readonly samplesMax = SAMPLES_MAX_DEFAULT,
    private readonly now: () => number = Date.now,
  ) {
    this.adminOf = typeof admin === "function" ? admin : () => admin;
  }

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
      const admin = this.adminOf();
      const rows = await loadCluster(admin, false);
      const brokers: Sample["brokers"] = {};
      for (const r of rows) if (r.error === undefined) brokers[`${r.brokerName}@${r.addr}`] = { putTps: r.putTps, getTps: r.getTps };
      this.samples.push({ atMs: this.now(), brokers, topics: await this.topicRates(admin) });
      if (this.samples.length > this.samplesMax) this.samples.shift();
    } catch {
      // the name server is down or restarting: the chart shows the gap
    }
  }

  private async topicRates(admin: AdminContext): Promise<Record<string, number>> {
    const topics = (await loadTopics(admin)).filter((t) => t.kind === "NORMAL").slice(0, TOPICS_SAMPLED_MAX);
    const rates: Record<string, number> = {};
    const next = new Map<string, { atMs: number; messages: number }>();
    for (const { topic } of topics) {
      const messages = (await topicStatus(admin, topic).catch(() => [])).reduce((sum, q) => sum + q.maxOffset, 0);
      const now = { atMs: this.now(), messages };
      const before = this.stored.get(topic);
      if (before !== undefined && now.atMs > before.atMs) rates[topic] = (Math.max(0, messages - before.messages) * 1000) / (now.atMs - before.atMs);
      next.set(topic, now);
    }
    this.stored = next;
    return rates;
  }

  all(): readonly Sample[] {
    return this.samples;
  }
}

export function dashboardApi(sampler: Sampler): Hono {
  return new Hono().get("/", (c) => c.json({ samples: sampler.all() }));
}
