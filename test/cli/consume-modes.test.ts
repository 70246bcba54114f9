// The README's delivery-semantics commands: properties and SQL92, broadcasting, orderly
// consumption with an order key, and delay levels, each through `mq produce` / `mq consume`.
import { expect, test } from "bun:test";
import { spawnMq, sharedCluster, type Cluster, type Proc } from "../e2e/harness.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c), { enablePropertyFilter: "true" });

const bodiesIn = (p: Proc) => p.lines.flatMap((l) => /body=(.*)\]\]$/.exec(l)?.slice(1) ?? []);
const field = (line: string, name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(line)?.[1]);

async function produce(args: string[]): Promise<void> {
  const p = spawnMq("produce", ["produce", "-n", cluster.namesrvAddr, ...args]);
  expect(await p.exited).toBe(0);
}

const consume = (name: string, args: string[]) => spawnMq(name, ["consume", "-n", cluster.namesrvAddr, ...args]);

test("mq consume --sql receives exactly the messages whose properties match", async () => {
  await produce(["-t", "SqlTopic", "-c", "20", "--props", "a={i},region=hz", "--body", "m{i}"]);
  const c = consume("sql", ["-t", "SqlTopic", "-g", "sql_group", "--sql", "a between 3 and 5 and region = 'hz'", "-c", "3"]);
  expect(await c.exited).toBe(0);
  expect(bodiesIn(c).sort()).toEqual(["m3", "m4", "m5"]);
});

test("mq consume --sql with a malformed expression fails and says where", async () => {
  const c = consume("sql-bad", ["-t", "SqlTopic", "-g", "sql_bad", "--sql", "a between 3 and"]);
  expect(await c.exited).toBe(1);
  expect(c.output()).toMatch(/column \d+/);
});

test("mq consume --broadcast: two consumers of one group each receive every message", async () => {
  await produce(["-t", "FanTopic", "-c", "8", "--body", "f{i}"]);
  const a = consume("fan-a", ["-t", "FanTopic", "-g", "fan_group", "--broadcast", "-c", "8"]);
  const b = consume("fan-b", ["-t", "FanTopic", "-g", "fan_group", "--broadcast", "-c", "8"]);
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
  const all = Array.from({ length: 8 }, (_, i) => `f${i}`).sort();
  expect(bodiesIn(a).sort()).toEqual(all);
  expect(bodiesIn(b).sort()).toEqual(all);
});

test("mq produce --order-key and mq consume --orderly keep one key's messages in the order sent", async () => {
  await produce(["-t", "SeqTopic", "-c", "20", "--order-key", "customer-7", "--body", "{i}"]);
  const c = consume("orderly", ["-t", "SeqTopic", "-g", "seq_group", "--orderly", "-c", "20"]);
  expect(await c.exited).toBe(0);
  expect(bodiesIn(c)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}`));
  const queues = new Set(c.lines.filter((l) => l.startsWith("Receive")).map((l) => field(l, "queueId")));
  expect(queues.size).toBe(1);
});

test("mq produce --delay 1 delivers the message no sooner than one second after it was sent", async () => {
  await produce(["-t", "LaterTopic", "-c", "1", "--delay", "1", "--body", "later"]);
  const c = consume("later", ["-t", "LaterTopic", "-g", "later_group", "-c", "1"]);
  expect(await c.exited).toBe(0);
  const line = c.lines.find((l) => l.startsWith("Receive")) as string;
  expect(bodiesIn(c)).toEqual(["later"]);
  expect(field(line, "storeTimestamp") - field(line, "bornTimestamp")).toBeGreaterThanOrEqual(1000);
});

test("mq produce --delay-ms and --deliver-at deliver timer messages at their time, never before", async () => {
  const at = Date.now() + 1500;
  await produce(["-t", "TimerCliTopic", "-c", "1", "--delay-ms", "700", "--body", "in-700ms"]);
  await produce(["-t", "TimerCliTopic", "-c", "1", "--deliver-at", new Date(at).toISOString(), "--body", "at-time"]);
  const c = consume("timer-cli", ["-t", "TimerCliTopic", "-g", "timer_cli_group", "-c", "2"]);
  expect(await c.exited).toBe(0);
  const received = c.lines.filter((l) => l.startsWith("Receive"));
  const line = (body: string) => received.find((l) => l.includes(`body=${body}]`)) as string;
  expect(field(line("in-700ms"), "storeTimestamp") - field(line("in-700ms"), "bornTimestamp")).toBeGreaterThanOrEqual(700);
  expect(field(line("at-time"), "storeTimestamp")).toBeGreaterThanOrEqual(at);
});

test("mq produce --deliver-at refuses a time it cannot read and says what it takes", async () => {
  const p = spawnMq("produce-bad-at", ["produce", "-n", cluster.namesrvAddr, "-t", "TimerCliTopic", "--deliver-at", "tomorrow"]);
  expect(await p.exited).toBe(2);
  expect(p.output()).toContain("--deliver-at takes epoch milliseconds or an ISO date");
});

test("a group that forbids broadcasting refuses a --broadcast consumer, and mq consume says why", async () => {
  await produce(["-t", "NoFanTopic", "-c", "2"]);
  const made = spawnMq("sub-group", ["admin", "updateSubGroup", "-n", cluster.namesrvAddr, "-c", "DefaultCluster",
    "-g", "no_fan", "-d", "false"]);
  expect(await made.exited).toBe(0);
  const c = consume("no-fan", ["-t", "NoFanTopic", "-g", "no_fan", "--broadcast"]);
  await c.waitFor(/can not consume by broadcast way/, 20_000);
  expect(bodiesIn(c)).toEqual([]);
});
