// Issue: delay levels fire on time, and a broker restarted while messages wait neither loses nor
// repeats them. Runs the compiled ./mq broker; sends and long-polls with a raw remoting client.
import { expect, test } from "bun:test";
import { RequestCode, decodeOffsetMsgId, decodeRecords } from "../../src/common/index.ts";
import { request } from "../../src/remoting/index.ts";
import { sharedCluster, type Cluster } from "./harness.ts";
import { Wire } from "./delivery-wire.ts";

let cluster: Cluster;

sharedCluster((c) => (cluster = c), { messageDelayLevel: "200ms 500ms 3s 1h" });

/** Store time of the parked copy (the send reply's offsetMsgId points at it). */
async function parkedAt(wire: Wire, msgId: string): Promise<number> {
  const id = decodeOffsetMsgId(msgId)!;
  const res = await wire.client.invoke(cluster.brokerAddr, request(RequestCode.VIEW_MESSAGE_BY_ID, { offset: id.physicalOffset }), 5000);
  return decodeRecords(res.body!)[0]!.storeTimestamp;
}

test("each level delivers within 100 ms after its due time", async () => {
  const wire = new Wire(cluster.brokerAddr);
  try {
    const levelsMs = [200, 500];
    const due = new Map<string, number>();
    for (const [i, level] of [1, 2, 1, 2].entries()) {
      const { msgId } = await wire.send("DelayOnTime", `m${i}`, { DELAY: String(level) });
      due.set(`m${i}`, (await parkedAt(wire, msgId)) + levelsMs[level - 1]!);
    }
    const delivered = await wire.pullUntil("DelayOnTime", 4, 10_000);
    expect(delivered).toHaveLength(4);
    const lateness = delivered.map((r) => r.storeTimestamp - due.get(new TextDecoder().decode(r.body))!);
    for (const ms of lateness) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100);
    }
  } finally {
    wire.close();
  }
}, 30_000);

test("a broker restarted mid-delay delivers every waiting message exactly once", async () => {
  let wire = new Wire(cluster.brokerAddr);
  for (let i = 0; i < 5; i++) await wire.send("DelayRestart", `early-${i}`, { DELAY: "2" });
  for (let i = 0; i < 5; i++) await wire.send("DelayRestart", `late-${i}`, { DELAY: "3" });
  // The 500 ms ones arrive; the 3 s ones are still parked when the broker stops.
  expect((await wire.pullUntil("DelayRestart", 5, 10_000)).map((r) => new TextDecoder().decode(r.body))).toHaveLength(5);
  wire.close();
  await cluster.broker.kill("SIGTERM");
  await cluster.startBroker();
  wire = new Wire(cluster.brokerAddr);
  try {
    // A sentinel behind the others in level 3's queue: once it arrives, level 3 has handed over
    // everything before it, and level 2 had nothing left.
    await wire.send("DelayRestart", "sentinel", { DELAY: "3" });
    const all = await wire.pullUntil("DelayRestart", 11, 15_000);
    const bodies = all.map((r) => new TextDecoder().decode(r.body));
    expect(bodies).toContain("sentinel");
    expect(bodies.sort()).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `early-${i}`), ...Array.from({ length: 5 }, (_, i) => `late-${i}`), "sentinel",
    ].sort());
  } finally {
    wire.close();
  }
}, 60_000);
