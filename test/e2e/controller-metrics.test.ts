// The metrics of a controller-mode broker live as long as its process (issue 18): the console
// beside it reads one registry, which every role the broker is rebuilt in counts into.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll, spawnMq, type Proc } from "./harness.ts";
import { startThreeReplicas, type ControllerGroup } from "./controller-group.ts";

const TOPIC = "MetricsRoleTopic";

let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  group = undefined;
});

/** rocketmq_messages_in_total for TOPIC (every message_type) on the console's /metrics. */
async function messagesIn(consolePort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${consolePort}/metrics`)).text();
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^rocketmq_messages_in_total\\{[^}]*topic="${TOPIC}"[^}]*\\} (\\d+)`, "gm"))) sum += Number(m[1]);
  return sum;
}

async function produce(g: ControllerGroup, count: number): Promise<void> {
  const p = spawnMq("produce", ["produce", "-n", g.namesrvAddr, "-t", TOPIC, "-c", String(count)]);
  expect(await p.exited, p.tail()).toBe(0);
}

async function electMaster(g: ControllerGroup, brokerId: number): Promise<void> {
  const r = await admin(g.namesrvAddr, ["electMaster", "-a", g.controllerAddr, "-c", "DefaultCluster", "-bn", "broker-a", "-b", String(brokerId)]);
  expect(r.code, r.out).toBe(0);
}

const roleLines = (p: Proc | undefined, role: string) => p?.lines.filter((l) => l.includes(`serving as ${role}`)).length ?? 0;

test("the console beside a controller-mode broker goes on counting its messages through its role changes: master, slave, master again", async () => {
  const g = await startThreeReplicas(TOPIC, (started) => (group = started), { consoleEnable: "true", consolePort: 0, consoleAddress: "127.0.0.1" });
  const first = g.brokers[0];
  const consoleLine = await first?.proc?.waitFor(/The console is at http:\/\/127\.0\.0\.1:\d+\//);
  const consolePort = Number(/:(\d+)\/$/.exec(consoleLine ?? "")?.[1]);
  await produce(g, 20);
  expect(await messagesIn(consolePort)).toBe(20);
  await electMaster(g, 2);
  await first?.proc?.until(() => roleLines(first.proc, "slave") >= 1, "broker 0 serving as slave");
  expect(await messagesIn(consolePort)).toBe(20);
  await g.awaitSyncStateSet(3); // broker 0 caught up with the new master: it may be elected again
  await electMaster(g, 1);
  await first?.proc?.until(() => roleLines(first.proc, "master") >= 2, "broker 0 serving as master again");
  await g.awaitSyncStateSet(3);
  await produce(g, 10);
  expect(await messagesIn(consolePort)).toBe(30);
}, 90_000);
