// The checks of scripts/console-reference.sh: what `mq console -n` shows of an Apache RocketMQ
// cluster (RMQ_REF_CONSOLE: the console's URL, RMQ_REF_BROKER_ADDR: the reference broker).
// One line per check on stdout; exit 1 when any failed.
import { Producer } from "../src/client/index.ts";

const base = process.env.RMQ_REF_CONSOLE ?? "";
const brokerAddr = process.env.RMQ_REF_BROKER_ADDR ?? "";
if (!base || !brokerAddr) throw new Error("run scripts/console-reference.sh (it sets RMQ_REF_CONSOLE and RMQ_REF_BROKER_ADDR)");

let failed = 0;
function check(what: string, ok: boolean, shown: string): void {
  if (!ok) failed++;
  process.stdout.write(`${ok ? "ok  " : "FAIL"}  ${what}: ${shown}\n`);
}

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function page(path: string, needle: string): Promise<void> {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  check(`page ${path} shows ${needle}`, res.status === 200 && text.includes(needle), `HTTP ${res.status}`);
}

type Broker = { cluster: string; brokerName: string; addr: string; role: string; version: string; putTps: number; error?: string };
const brokers = await json<Broker[]>("/api/cluster");
const b = brokers.find((r) => r.addr === brokerAddr);
check("cluster lists the reference broker", b !== undefined && b.error === undefined,
  b ? `${b.cluster} ${b.brokerName} ${b.addr} ${b.role} ${b.version}` : JSON.stringify(brokers));
await page("/cluster", brokerAddr);

const topics = await json<Array<{ topic: string; kind: string }>>("/api/topics");
const topic = topics.find((t) => t.topic === "ConsoleRefTopic");
check("topics list ConsoleRefTopic", topic?.kind === "NORMAL", `${topics.length} topics, ConsoleRefTopic ${topic?.kind ?? "missing"}`);
const status = await json<Array<{ maxOffset: number }>>("/api/topics/ConsoleRefTopic/status");
const stored = status.reduce((sum, q) => sum + q.maxOffset, 0);
check("topic status counts the three messages", stored === 3, `${status.length} queues, ${stored} messages`);
await page("/topics/ConsoleRefTopic", "Send a test message");

const groups = await json<Array<{ group: string; diffTotal: number }>>("/api/consumers");
const g = groups.find((r) => r.group === "console-ref-group");
check("consumer groups list console-ref-group", g !== undefined, g ? `lag ${g.diffTotal}` : groups.map((r) => r.group).join(", "));
const detail = await json<{ progress: { diffTotal: number; queues: Array<{ topic: string; consumerOffset: number }> } }>("/api/consumers/console-ref-group");
const committed = detail.progress.queues.filter((q) => q.topic === "ConsoleRefTopic").reduce((sum, q) => sum + q.consumerOffset, 0);
check("the group's progress shows three committed and no lag", committed === 3 && detail.progress.diffTotal === 0,
  `committed ${committed}, lag ${detail.progress.diffTotal}`);
await page("/consumers/console-ref-group", "ConsoleRefTopic");

const found = await json<Array<{ msgId: string }>>("/api/messages?topic=ConsoleRefTopic&key=ref-1");
check("a message is found by its key", found.length === 1, found.map((m) => m.msgId).join(", ") || "none");

// A producer that stays connected while the Producer page asks the broker (GET_PRODUCER_CONNECTION_LIST).
// A broker learns of a producer from its heartbeats (every second here), not from its sends.
const producer = new Producer({ namesrvAddr: process.env.RMQ_REF_NAMESRV_ADDR ?? "", producerGroup: "console-ref-pg", heartbeatBrokerIntervalMs: 1000 });
await producer.start();
try {
  await producer.send({ topic: "ConsoleRefTopic", body: "from the producer check" });
  type Conns = { clients: Array<{ clientId: string; language: string }> };
  let conns: Conns = { clients: [] };
  for (let i = 0; i < 50 && conns.clients.length === 0; i++) {
    const res = await fetch(`${base}/api/producers?group=console-ref-pg&topic=ConsoleRefTopic`);
    if (res.ok) conns = (await res.json()) as Conns;
    else await Bun.sleep(200); // "the producer group[…] not exist" until its first heartbeat arrives
  }
  check("the producer page lists the connected producer", conns.clients.some((c) => c.clientId === producer.clientId),
    conns.clients.map((c) => `${c.clientId} ${c.language}`).join(", ") || "none");
  await page("/producers?group=console-ref-pg&topic=ConsoleRefTopic", producer.clientId);
} finally {
  await producer.shutdown();
}

process.stdout.write(`${failed === 0 ? "all checks passed" : `${failed} checks failed`}\n`);
process.exit(failed === 0 ? 0 : 1);
