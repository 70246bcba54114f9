// `mq produce` and `mq consume` as the README shows them, against a NameServer and a broker
// started as separate processes: the quickstart Producer's SendResult lines, the Consumer's
// received bodies, a count-bounded stop and a signal stop that both commit what was printed.
import { expect, test } from "bun:test";
import { freePort, spawnMq, sharedCluster, type Cluster, type Proc } from "../e2e/harness.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c));

const bodiesIn = (p: Proc) => p.lines.flatMap((l) => /body=(.*)\]\]$/.exec(l)?.slice(1) ?? []);

async function produce(args: string[]): Promise<Proc> {
  const p = spawnMq("produce", ["produce", "-n", cluster.namesrvAddr, ...args]);
  await p.exited;
  return p;
}

test("mq produce sends the quickstart's messages and prints a Java SendResult line for each", async () => {
  const p = await produce(["-t", "QuickTopic", "-c", "10"]);
  expect(await p.exited).toBe(0);
  const results = p.lines.filter((l) => l.startsWith("SendResult ["));
  expect(results).toHaveLength(10);
  for (const line of results) {
    expect(line).toMatch(
      /^SendResult \[sendStatus=SEND_OK, msgId=[0-9A-F]{32}, offsetMsgId=[0-9A-F]{32}, messageQueue=MessageQueue \[topic=QuickTopic, brokerName=broker-a, queueId=\d+\], queueOffset=\d+\]$/,
    );
  }
});

test("mq consume prints every message produced, tags and bodies included, and stops after -c messages", async () => {
  expect(await (await produce(["-t", "ConsumeTopic", "-c", "10", "--tag", "TagQ"])).exited).toBe(0);
  const c = spawnMq("consume", ["consume", "-n", cluster.namesrvAddr, "-t", "ConsumeTopic", "-g", "readme_group", "-c", "10"]);
  expect(await c.exited).toBe(0);
  expect(c.lines[0]).toBe("Consumer Started.");
  expect(bodiesIn(c).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Hello RocketMQ ${i}`).sort());
  expect(c.lines.filter((l) => l.startsWith("Receive New Messages: [MessageExt [topic=ConsumeTopic, tags=TagQ,"))).toHaveLength(10);
});

test("SIGINT stops mq consume with exit 0 and commits its offsets: the next run gets only newer messages", async () => {
  expect(await (await produce(["-t", "SignalTopic", "-c", "6", "--body", "first {i}"])).exited).toBe(0);
  const first = spawnMq("consume-1", ["consume", "-n", cluster.namesrvAddr, "-t", "SignalTopic", "-g", "signal_group"]);
  await first.until(() => bodiesIn(first).length === 6, "six messages");
  expect(await first.kill("SIGINT")).toBe(0);

  expect(await (await produce(["-t", "SignalTopic", "-c", "4", "--body", "second {i}"])).exited).toBe(0);
  const second = spawnMq("consume-2", ["consume", "-n", cluster.namesrvAddr, "-t", "SignalTopic", "-g", "signal_group", "-c", "4"]);
  expect(await second.exited).toBe(0);
  expect(bodiesIn(second).sort()).toEqual(["second 0", "second 1", "second 2", "second 3"]);
});

test("mq produce exits 1 and says why when no name server answers", async () => {
  const p = spawnMq("produce-nowhere", ["produce", "-n", `127.0.0.1:${await freePort()}`, "-c", "1"]);
  expect(await p.exited).toBe(1);
  expect(p.output()).toContain("mq produce: send to TopicTest via 127.0.0.1:");
});

test("mq produce rejects a count that is not a positive whole number with exit 2", async () => {
  const p = spawnMq("produce-bad", ["produce", "-c", "zero"]);
  expect(await p.exited).toBe(2);
  expect(p.output()).toContain("--count must be a whole number");
});

test("mq consume, produce and bench refuse a group name holding ../ or a slash with exit 2 and RocketMQ's remark, writing nothing", async () => {
  const runs = [
    ["consume", "-t", "T", "-g", "../../evil", "--broadcast", "-c", "1"],
    ["produce", "-t", "T", "-g", "a/b", "-c", "1"],
    ["bench", "consume", "-t", "T", "-g", "../x", "-q", "1"],
  ];
  for (const args of runs) {
    const p = spawnMq("bad-group", [...args, "-n", cluster.namesrvAddr]);
    expect(await p.exited).toBe(2);
    expect(p.output()).toMatch(/^mq (consume|produce|bench): -g: the specified group\[[^\]]+\] contains illegal characters, allowing only \^\[%\|a-zA-Z0-9_-\]\+\$$/m);
  }
});
