// conf/grafana-dashboard.json charts only what mq exports: every metric name in its queries is a
// family of a running broker's /metrics (histograms through their _bucket, _sum, _count).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Broker } from "../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "./send-harness.ts";

const dir = tempDir("mq-grafana-");
const broker = new Broker(testBrokerInit(dir.path));
beforeAll(() => broker.start());
afterAll(async () => {
  await broker.stop();
  dir.remove();
});

interface Panel { title: string; targets?: Array<{ expr: string }> }

test("every metric name the Grafana dashboard queries is exported by the broker, and every panel queries one", () => {
  const dashboard = JSON.parse(readFileSync(join(import.meta.dir, "../../conf/grafana-dashboard.json"), "utf8")) as { panels: Panel[] };
  const exported = new Set([...broker.metrics.expose().matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    type === "histogram" ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name as string]));
  const used = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\brocketmq_[a-z_]+/g)].map((m) => m[0])));
  expect(used.length).toBeGreaterThan(20);
  expect([...new Set(used)].filter((n) => !exported.has(n))).toEqual([]);
  expect(dashboard.panels.filter((p) => !(p.targets ?? []).some((t) => /rocketmq_/.test(t.expr))).map((p) => p.title)).toEqual([]);
});
