// `mq consume -c N` against the compiled binary: exactly N messages are printed and committed,
// what was pulled beyond them is neither committed nor sent back for retry, so the next run of
// the group gets the rest, first time; the same with --orderly and --broadcast.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { admin, sharedCluster, spawnMq, tempDir, type Cluster, type Proc } from "../e2e/harness.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c));

const received = (p: Proc) => p.lines.filter((l) => l.startsWith("Receive New Messages:"));
const bodiesIn = (p: Proc) => received(p).flatMap((l) => /body=(.*)\]\]$/.exec(l)?.slice(1) ?? []);
const reconsumesIn = (p: Proc) => received(p).map((l) => Number(/reconsumeTimes=(\d+)/.exec(l)?.[1]));
/** How many of the printed messages came from each queue 0..3. */
const perQueue = (p: Proc) =>
  [0, 1, 2, 3].map((q) => received(p).filter((l) => new RegExp(`queueId=${q},`).test(l)).length);
const tens = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}${i}`).sort();

async function produceTen(topic: string): Promise<void> {
  const p = spawnMq("produce", ["produce", "-n", cluster.namesrvAddr, "-t", topic, "-c", "10", "--body", `${topic}-{i}`]);
  expect(await p.exited).toBe(0);
}

async function consumeFive(topic: string, group: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Proc> {
  const c = spawnMq(`consume-${group}`, ["consume", "-n", cluster.namesrvAddr, "-t", topic, "-g", group, "-c", "5", ...extra], { env });
  expect(await c.exited).toBe(0);
  return c;
}

/** The group's committed offset per queue of the topic, as `mq admin consumerProgress` lists it. */
async function committed(group: string, topic: string): Promise<number[]> {
  const r = await admin(cluster.namesrvAddr, ["consumerProgress", "-g", group, "-t", topic]);
  expect(r.code, r.out).toBe(0);
  const rows = r.out.split("\n").map((l) => l.trim().split(/\s+/)).filter((cols) => cols[0] === topic);
  return rows.map((cols) => Number(cols[4]));
}

/** Messages stored in a topic, all queues: what went to %RETRY% or the delay levels' schedule topic. */
async function storedIn(topic: string): Promise<number> {
  const r = await admin(cluster.namesrvAddr, ["topicStatus", "-t", topic]);
  if (r.code !== 0) return 0; // no such topic: nothing was ever stored there
  const rows = r.out.split("\n").map((l) => l.trim().split(/\s+/)).filter((cols) => /^\d+$/.test(cols[1] ?? ""));
  return rows.reduce((sum, cols) => sum + Number(cols[3]) - Number(cols[2]), 0);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test("consume -c 5 commits exactly five and sends nothing back", async () => {
  await produceTen("CountTopic");
  const first = await consumeFive("CountTopic", "count_group");
  expect(received(first)).toHaveLength(5);
  // Each queue's offset is committed right after the last message printed from it, not beyond.
  expect(await committed("count_group", "CountTopic")).toEqual(perQueue(first));
  expect(await storedIn("%RETRY%count_group")).toBe(0);
  expect(await storedIn("SCHEDULE_TOPIC_XXXX")).toBe(0);
  // The next run of the group gets the other five, delivered for the first time, then stops.
  const second = await consumeFive("CountTopic", "count_group");
  expect(reconsumesIn(second)).toEqual([0, 0, 0, 0, 0]);
  expect([...bodiesIn(first), ...bodiesIn(second)].sort()).toEqual(tens("CountTopic-"));
  expect(sum(await committed("count_group", "CountTopic"))).toBe(10);
  expect(await storedIn("SCHEDULE_TOPIC_XXXX")).toBe(0);
}, 40_000);

test("consume -c 5 --orderly commits exactly five and the next run gets the other five", async () => {
  await produceTen("CountOrderly");
  const first = await consumeFive("CountOrderly", "count_orderly", ["--orderly"]);
  expect(received(first)).toHaveLength(5);
  expect(await committed("count_orderly", "CountOrderly")).toEqual(perQueue(first));
  const second = await consumeFive("CountOrderly", "count_orderly", ["--orderly"]);
  expect(reconsumesIn(second)).toEqual([0, 0, 0, 0, 0]);
  expect([...bodiesIn(first), ...bodiesIn(second)].sort()).toEqual(tens("CountOrderly-"));
  expect(await storedIn("SCHEDULE_TOPIC_XXXX")).toBe(0);
}, 40_000);

test("consume -c 5 --broadcast keeps a local offset past exactly five messages", async () => {
  await produceTen("CountFan");
  const offsetDir = tempDir("mq-count-offsets-");
  try {
    const c = await consumeFive("CountFan", "count_fan", ["--broadcast"], { ROCKETMQ_LOCAL_OFFSET_STORE_DIR: offsetDir });
    expect(received(c)).toHaveLength(5);
    const [clientDir] = readdirSync(offsetDir);
    const stored = readFileSync(join(offsetDir, clientDir as string, "count_fan", "offsets.json"), "utf8");
    const offsets = (q: number) => Number(new RegExp(`"queueId":${q},"topic":"CountFan"\\}:(\\d+)`).exec(stored)?.[1] ?? 0);
    expect([0, 1, 2, 3].map(offsets)).toEqual(perQueue(c));
  } finally {
    rmSync(offsetDir, { recursive: true, force: true });
  }
}, 40_000);
