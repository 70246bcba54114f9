// Issue: delivery semantics against the compiled ./mq binary with the unchanged ali-ons client —
// a failed message comes back from the retry topic, 16 failures end in the DLQ, messages are found
// by key, offset id and unique key through `mq admin`, and resetOffsetByTime moves a group.
// The broker runs with 100 ms delay levels so a whole retry chain takes seconds, not hours.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { admin, killAll, startCluster, tempDir, type Cluster } from "./harness.ts";
import { onsConsumer, onsProducer, received, sent } from "./ons.ts";
import { Wire } from "./delivery-wire.ts";

const FAST_LEVELS = Array.from({ length: 18 }, () => "100ms").join(" ");
let cluster: Cluster;
let wire: Wire;
const bodyDir = tempDir("mq-delivery-bodies-");

beforeAll(async () => {
  cluster = await startCluster({ messageDelayLevel: FAST_LEVELS });
  wire = new Wire(cluster.brokerAddr);
});

afterAll(async () => {
  wire?.close();
  await killAll();
  await cluster?.stop();
  rmSync(bodyDir, { recursive: true, force: true });
});

/** `mq admin` with message bodies written into the test's own temp directory. */
async function mqadmin(args: string[]): Promise<string> {
  const r = await admin(cluster.namesrvAddr, args, { TMPDIR: bodyDir });
  expect(r.code, r.out).toBe(0);
  return r.out;
}

/** Re-runs `mq admin` until its output matches (the broker may still be registering a topic). */
async function mqadminUntil(args: string[], re: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await admin(cluster.namesrvAddr, args);
    if (re.test(r.out)) return r.out;
    if (Date.now() > deadline) throw new Error(`mq admin ${args.join(" ")} never printed ${re}:\n${r.out}`);
  }
}

async function createTopic(topic: string): Promise<void> {
  await mqadmin(["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", "1", "-w", "1"]);
}

describe("retry and DLQ with ali-ons", () => {
  test("a failed message is delivered again from %RETRY%<group> with its real topic", async () => {
    await createTopic("DelivRetry");
    const c = onsConsumer("retry-consumer", { nameSrv: cluster.namesrvAddr, topic: "DelivRetry", group: "GID_RETRY", failTimes: 1 });
    const p = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "DelivRetry", count: 1 });
    expect(await p.exited).toBe(0);
    await c.until(() => received(c).some((m) => m.delivery === 2), "the second delivery", 30_000);
    const [first, second] = received(c);
    expect(first).toMatchObject({ topic: "DelivRetry", reconsumeTimes: 0, body: "msg-0" });
    expect(second).toMatchObject({ topic: "DelivRetry", reconsumeTimes: 1, body: "msg-0", keys: "k-0", tags: "TagA" });
  }, 60_000);

  test("a message failed 16 times is retried 16 times, then lands in %DLQ%<group> with its properties", async () => {
    await createTopic("DelivDlq");
    const c = onsConsumer("dlq-consumer", { nameSrv: cluster.namesrvAddr, topic: "DelivDlq", group: "GID_DLQ", failTimes: 1000 });
    const p = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "DelivDlq", count: 1, keyPrefix: "dlq" });
    expect(await p.exited).toBe(0);
    await c.until(() => received(c).some((m) => m.delivery === 17), "the 17th delivery", 60_000);
    expect(received(c).map((m) => m.reconsumeTimes)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(received(c).every((m) => m.topic === "DelivDlq")).toBe(true);

    const byKey = await mqadminUntil(["queryMsgByKey", "-t", "%DLQ%GID_DLQ", "-k", "dlq-0"], /[0-9A-F]{32}\s+0\s+0/);
    const dlqId = /([0-9A-F]{32})/.exec(byKey.split("\n")[1] ?? "")![1]!;
    const shown = await mqadmin(["queryMsgById", "-i", dlqId]);
    expect(shown).toMatch(/Topic:\s+%DLQ%GID_DLQ/);
    expect(shown).toMatch(/Reconsume Times:\s+17/);
    expect(shown).toContain("RETRY_TOPIC=DelivDlq");
    expect(shown).toContain(`ORIGIN_MESSAGE_ID=${sent(p)[0]!.msgId}`);
    expect(shown).toContain("DLQ_ORIGIN_TOPIC=DelivDlq");
    const route = await mqadmin(["topicRoute", "-t", "%DLQ%GID_DLQ"]);
    expect(route).toMatch(/"readQueueNums": 1/);
    expect(route).toMatch(/"perm": 6/);
    // No 18th delivery: the message left the retry topic for good.
    expect(received(c).filter((m) => m.body === "msg-0")).toHaveLength(17);
  }, 90_000);
});

describe("finding messages with mq admin", () => {
  test("by key, by offset id, by unique key and by queue offset", async () => {
    await createTopic("DelivFind");
    const p = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "DelivFind", count: 3, keyPrefix: "find" });
    expect(await p.exited).toBe(0);
    const uniq = "7F0000010000ABCD0000000000000042";
    await wire.send("DelivFind", "with-uniq", { UNIQ_KEY: uniq, KEYS: "find-uniq", TAGS: "TagU" });
    const second = sent(p).find((s) => s.i === 1)!;

    const byKey = await mqadmin(["queryMsgByKey", "-t", "DelivFind", "-k", "find-1"]);
    expect(byKey.split("\n")[0]).toMatch(/^#Message ID\s+#QID\s+#Offset$/);
    expect(byKey).toContain(second.msgId!);
    expect(byKey).not.toContain(sent(p).find((s) => s.i === 2)!.msgId!);

    const byId = await mqadmin(["queryMsgById", "-i", second.msgId!]);
    expect(byId).toMatch(new RegExp(`OffsetID:\\s+${second.msgId}`));
    expect(byId).toMatch(/Keys:\s+\[find-1\]/);
    expect(byId).toMatch(/Queue Offset:\s+1\n/);

    const byUniq = await mqadmin(["queryMsgByUniqueKey", "-t", "DelivFind", "-i", uniq]);
    expect(byUniq).toMatch(/Tags:\s+\[TagU\]/);
    expect(byUniq).toContain(`UNIQ_KEY=${uniq}`);

    const byOffset = await mqadmin(["queryMsgByOffset", "-t", "DelivFind", "-b", "broker-a", "-i", "0", "-o", "3"]);
    expect(byOffset).toMatch(/Keys:\s+\[find-uniq\]/);

    const printed = await mqadmin(["printMsg", "-t", "DelivFind", "-s", "TagU"]);
    expect(printed).toContain("minOffset=0, maxOffset=4");
    expect(printed.match(/^MSGID: /gm)).toHaveLength(1);
    expect(printed).toContain("BODY: with-uniq");
  }, 60_000);
});

describe("resetOffsetByTime", () => {
  test("moves a group back in time: the committed offsets change and a fresh consumer reads again", async () => {
    await createTopic("DelivReset");
    const before = Date.now() - 1;
    const p = onsProducer({ nameSrv: cluster.namesrvAddr, topic: "DelivReset", count: 5 });
    expect(await p.exited).toBe(0);
    const opts = { nameSrv: cluster.namesrvAddr, topic: "DelivReset", group: "GID_RESET" };
    const first = onsConsumer("reset-first", opts);
    await first.until(() => received(first).length >= 5, "5 messages", 30_000);
    await first.kill("SIGTERM");
    await mqadminUntil(["consumerProgress", "-g", "GID_RESET"], /DelivReset\s+broker-a\s+0\s+5\s+5\s/);

    const out = await mqadmin(["resetOffsetByTime", "-g", "GID_RESET", "-t", "DelivReset", "-s", String(before)]);
    expect(out).toContain(`rollback consumer offset by specified consumerGroup[GID_RESET], topic[DelivReset], force[true], timestamp(string)[${before}]`);
    expect(out).toMatch(/#brokerName\s+#queueId\s+#offset/);
    expect(out).toMatch(/^broker-a\s+0\s+0\s*$/m);
    await mqadminUntil(["consumerProgress", "-g", "GID_RESET"], /DelivReset\s+broker-a\s+0\s+5\s+0\s/);

    const again = onsConsumer("reset-again", opts);
    await again.until(() => received(again).length >= 5, "5 messages again", 30_000);
    expect(received(again).map((m) => m.body).sort()).toEqual(["msg-0", "msg-1", "msg-2", "msg-3", "msg-4"]);
  }, 90_000);
});
