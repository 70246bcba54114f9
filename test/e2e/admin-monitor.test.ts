// Issue 16: mqadmin's startMonitoring against the compiled ./mq: rounds on a timer, each reporting
// an online group's undone messages (backlog, largest queue, how far behind the newest message the
// last consumed one was stored) in DefaultMonitorListener's lines, until -r rounds or Ctrl-C.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Producer, PushConsumer } from "../../src/client/index.ts";
import { silentLogger } from "../../src/common/index.ts";
import { admin, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

const T = "MonT";
const CG = "MonCG";
let cluster: Cluster;
let producer: Producer;
let consumer: PushConsumer;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs} ms`);
    await Bun.sleep(50);
  }
}

const diffTotal = async () => Number(/Consume Diff Total: (\d+)/.exec((await admin(cluster.namesrvAddr, ["consumerProgress", "-g", CG])).out)?.[1] ?? -1);

beforeAll(async () => {
  cluster = await startCluster();
  expect((await admin(cluster.namesrvAddr, ["updateTopic", "-c", "DefaultCluster", "-t", T, "-r", "2", "-w", "2"])).code).toBe(0);
  producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "MonPG", instanceName: "mon-producer", logger: silentLogger });
  await producer.start();
  const send = async (n: number) => {
    for (let i = 0; i < n; i++) await producer.send({ topic: T, body: new TextEncoder().encode(`m${i}`) });
  };
  await send(4);
  let consumed = 0;
  consumer = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: CG, instanceName: "mon-consumer",
    consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", persistConsumerOffsetIntervalMs: 100, logger: silentLogger });
  consumer.subscribe(T, "*");
  // The first four are consumed and committed; later ones are held until the tests end (undone).
  consumer.registerMessageListener(async (msgs) => {
    consumed += msgs.length;
    if (consumed > 4) await held;
    return "CONSUME_SUCCESS" as const;
  });
  await consumer.start();
  await until(async () => consumed >= 4 && (await diffTotal()) === 0, "four messages consumed and committed");
  await send(3);
  await until(async () => (await diffTotal()) === 3, "three messages undone");
}, 60_000);

afterAll(async () => {
  release();
  await consumer?.shutdown();
  await producer?.shutdown();
  await killAll();
  await cluster?.stop();
});

describe("mq admin startMonitoring", () => {
  test("-i 200 -r 3 runs three rounds, each reporting the group's undone messages, then exits 0", async () => {
    const r = await admin(cluster.namesrvAddr, ["startMonitoring", "-i", "200", "-r", "3"]);
    expect(r.code).toBe(0);
    expect(r.out.match(/^\[MONITOR\] =+beginRound$/gm)).toHaveLength(3);
    expect(r.out.match(/^\[MONITOR\] =+endRound$/gm)).toHaveLength(3);
    const undone = [...r.out.matchAll(new RegExp(`^\\[MONITOR\\] reportUndoneMsgs: UndoneMsgs \\[consumerGroup=${CG}, topic=${T}, ` +
      "undoneMsgsTotal=(\\d+), undoneMsgsSingleMQ=(\\d+), undoneMsgsDelayTimeMills=(\\d+)\\]$", "gm"))];
    expect(undone).toHaveLength(3);
    for (const m of undone) {
      expect(Number(m[1])).toBe(3);
      expect([2, 3]).toContain(Number(m[2])); // three sends over two queues
      expect(Number(m[3])).toBeGreaterThan(0); // the held messages were stored after the last consumed one
    }
    expect(r.out).toMatch(/^Execute one round monitor work, spent timemills: \d+$/m);
  });

  test("--json prints one document a round; without -r it runs until Ctrl-C (SIGINT) and exits 0", async () => {
    const proc = spawnMq("monitor", ["admin", "startMonitoring", "-i", "200", "--json", "-n", cluster.namesrvAddr]);
    const line = await proc.waitFor(/^\{"undone"/);
    const round = JSON.parse(line);
    expect(round.undone).toContainEqual(expect.objectContaining({ consumerGroup: CG, topic: T, undoneMsgsTotal: 3 }));
    expect(round.runningInfo).toContainEqual(expect.objectContaining({ group: CG, sameSubscription: true }));
    expect(await proc.kill("SIGINT")).toBe(0);
  });
});
